package org.taskmix.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * A compact catalog: the task covariances of a problem file kept in one binary NPY file of shape
 * {@code (T, d, d)}, little-endian float64, C order, next to the problem file, which refers to
 * matrix {@code i} as {@code {"sidecar": "FILE.npy", "index": i}} and carries the file's SHA-256
 * on the first reference (docs/formats.md, "Compact catalogs (binary sidecar)"). Matrices are read
 * with positional reads, so loading costs a copy per matrix instead of parsing ~20 characters of
 * JSON per entry, and the tasks of a catalog read from a sidecar keep their entries there
 * ({@link SymmetricMatrix#external}): they are read again when used, and a catalog of 10⁶ tasks
 * holds no per-task arrays. Positional reads rather than a memory map, because mapped pages count
 * in the process's resident memory while the page cache does not (docs/theory.md §8).
 */
public final class CovarianceSidecar {

    /**
     * {@code estimate} writes a sidecar when the task covariances have more entries than this:
     * 10⁶ entries are about 20 MB of JSON text, where parsing starts to dominate a solve.
     */
    public static final long AUTO_THRESHOLD_ENTRIES = 1_000_000;

    /** Bytes per positional read: large enough to amortise the call, small enough for the cache. */
    private static final int READ_BYTES = 1 << 20;

    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BYTES).order(ByteOrder.LITTLE_ENDIAN));

    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");
    // Opened (or being opened, by prefetch) files; a failed open is removed when it is reported.
    private static final Map<Path, CompletableFuture<CovarianceSidecar>> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final int count;
    private final int d;
    private final FileChannel channel; // open for the JVM's life, like the files it serves
    private final long dataStart;
    private final long spectraStart; // -1 without the spectra trailer
    private final long extremesStart; // -1 without the extremes trailer
    private final String sha256;

    private CovarianceSidecar(Path file, int count, int d, FileChannel channel, long dataStart, long spectraStart,
                              long extremesStart, String sha256) {
        this.file = file;
        this.count = count;
        this.d = d;
        this.channel = channel;
        this.dataStart = dataStart;
        this.spectraStart = spectraStart;
        this.extremesStart = extremesStart;
        this.sha256 = sha256;
    }

    /**
     * Marks the spectra trailer: after the {@code (T, d, d)} array, these 8 bytes and then
     * {@code T × d} little-endian float64, each matrix's eigenvalues ascending. NumPy reads the
     * array and ignores what follows it; taskmix trusts the spectra (the file's SHA-256 covers
     * them) instead of recomputing an eigendecomposition per task on every load.
     */
    static final byte[] SPECTRA_MAGIC = "TMXEIG01".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * A stored spectrum is accepted for a matrix when its sum and sum of squares match the
     * matrix's trace and squared Frobenius norm within this relative tolerance: a symmetric
     * eigensolver keeps both to about {@code d·ε} (≈1e-12 at d = 4096); 1e-9 leaves margin and
     * still catches a spectrum that belongs to another matrix.
     */
    static final double SPECTRUM_CHECK_TOLERANCE = 1e-9;

    /**
     * Marks the extremes trailer, written instead of the spectra from
     * {@code d = SymmetricMatrix.EXTREMES_MIN_DIMENSION} on: these 8 bytes and then {@code T × 2}
     * little-endian float64, each matrix's {@code λ_min, λ_max} as
     * {@link SymmetricMatrix#extremeEigenvalues()} computed them, or two NaNs for a matrix whose
     * diagnostics need its full spectrum (not positive definite, or nearly singular). Readers then
     * skip the Cholesky factor and Lanczos runs per task (docs/theory.md §8, "d = 4096").
     */
    static final byte[] EXTREMES_MAGIC = "TMXEXT01".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Writes {@code matrices} (all {@code d × d}) to {@code file}, with their spectra as a trailer
     * ({@link #SPECTRA_MAGIC}) when {@code d < SymmetricMatrix.EXTREMES_MIN_DIMENSION}, and returns its SHA-256 (hex). Eigenvalues not yet known are
     * computed on all cores (each matrix's own, so the result does not depend on the threads).
     * Written to a temporary file and renamed, like every output.
     */
    public static String write(Path file, List<SymmetricMatrix> matrices) {
        int d = matrices.get(0).dim();
        // From d = 1024 on readers need only the extremes (SymmetricMatrix#extremeEigenvalues), and
        // a full spectrum per task would cost a d³ eigendecomposition: no trailer there.
        boolean withSpectra = d < SymmetricMatrix.EXTREMES_MIN_DIMENSION;
        if (withSpectra) {
            matrices.parallelStream().forEach(SymmetricMatrix::eigenvalues);
        } else {
            matrices.parallelStream().forEach(SymmetricMatrix::extremeEigenvalues);
        }
        String dict = String.format(Locale.ROOT, "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d, %d), }",
                matrices.size(), d, d);
        int unpadded = 10 + dict.length() + 1;
        String text = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer head = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        head.putShort((short) body.length).put(body);
        MessageDigest sha = newDigest();
        AtomicFiles.write(file, raw -> {
            try (DigestingOutputStream os = new DigestingOutputStream(raw, sha)) {
                writeBody(os, head.array(), matrices, d, withSpectra);
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The file after its NPY header: the matrices, then the spectra or extremes trailer. */
    private static void writeBody(OutputStream os, byte[] head, List<SymmetricMatrix> matrices, int d,
                                  boolean withSpectra) throws IOException {
        os.write(head);
        ByteBuffer row = ByteBuffer.allocate(8 * d).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[d];
        for (SymmetricMatrix m : matrices) {
            if (m.dim() != d) {
                throw new IllegalArgumentException("matrix of dimension " + m.dim() + " in a sidecar of " + d);
            }
            for (int i = 0; i < d; i++) {
                // One bulk copy per row (the entries get() returns) instead of a call and a put per entry.
                m.copyRow(i, values);
                row.clear();
                row.asDoubleBuffer().put(values);
                os.write(row.array());
            }
        }
        if (!withSpectra) {
            writeExtremes(os, matrices);
        } else {
            os.write(SPECTRA_MAGIC);
            for (SymmetricMatrix m : matrices) {
                row.clear();
                for (double v : m.eigenvalues()) {
                    row.putDouble(v);
                }
                os.write(row.array());
            }
        }
        os.flush();
    }

    /** The extremes trailer: magic, then per matrix its extremes or two NaNs (see {@link #EXTREMES_MAGIC}). */
    private static void writeExtremes(OutputStream os, List<SymmetricMatrix> matrices) throws IOException {
        os.write(EXTREMES_MAGIC);
        ByteBuffer pair = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (SymmetricMatrix m : matrices) {
            double[] e = m.spectrumKnown() ? new double[] {Double.NaN, Double.NaN} : m.extremeEigenvalues();
            pair.clear();
            pair.putDouble(e[0]).putDouble(e[1]);
            os.write(pair.array());
        }
    }

    /**
     * Opens (once per JVM and file) and maps {@code file}, checking its header and length, and
     * its checksum against {@code sha256} when given.
     *
     * @throws InputException naming the file and the rule broken
     */
    public static CovarianceSidecar open(Path file, String sha256) {
        Path key = file.toAbsolutePath().normalize();
        CompletableFuture<CovarianceSidecar> f = OPEN.get(key);
        if (f == null) {
            CompletableFuture<CovarianceSidecar> mine = new CompletableFuture<>();
            f = OPEN.putIfAbsent(key, mine);
            if (f == null) {
                f = mine;
                complete(mine, key);
            }
        }
        CovarianceSidecar s;
        try {
            s = f.join();
        } catch (CompletionException e) {
            // Not kept: the next open tries again (the file may have been fixed), as it always did.
            OPEN.remove(key, f);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        if (sha256 != null && !sha256.equalsIgnoreCase(s.sha256)) {
            throw InputException.at(file, null, "SHA-256 is " + s.sha256 + " but the problem file expects " + sha256
                    + "; the sidecar does not belong to this problem file (or was changed)");
        }
        return s;
    }

    /**
     * Starts opening {@code file} (its checksum is most of the work: 2.7 GB at d = 4096 with 20 tasks,
     * about 2 s) on a daemon thread, so that it overlaps the rest of the problem file's parsing;
     * {@link #open} then waits for it and reports exactly what it would have reported itself, at
     * the same point. Does nothing if the file is already open (or being opened) or is not a
     * regular file.
     */
    static void prefetch(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (OPEN.containsKey(key) || !Files.isRegularFile(key)) {
            return;
        }
        CompletableFuture<CovarianceSidecar> f = new CompletableFuture<>();
        if (OPEN.putIfAbsent(key, f) == null) {
            Thread t = new Thread(() -> complete(f, key), "taskmix-sidecar-open");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void complete(CompletableFuture<CovarianceSidecar> f, Path key) {
        try {
            f.complete(map(key));
        } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
        }
    }

    private static CovarianceSidecar map(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InputException.at(file, null, "no such file (the covariance sidecar of the problem file)");
        }
        String sha;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), newDigest())) {
            byte[] buf = new byte[1 << 20];
            while (in.read(buf) >= 0) {
                // digesting
            }
            sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(pre, 0);
            pre.flip();
            if (pre.remaining() < 10 || (pre.get(0) & 0xff) != 0x93 || pre.get(6) != 1) {
                throw InputException.at(file, null, "not an NPY 1.0 file; a covariance sidecar is written by taskmix");
            }
            int headerLen = pre.getShort(8) & 0xffff;
            ByteBuffer hb = ByteBuffer.allocate(headerLen);
            ch.read(hb, 10);
            String header = new String(hb.array(), StandardCharsets.ISO_8859_1);
            Matcher m = SHAPE.matcher(header);
            if (!header.contains("'<f8'") || header.contains("True") || !m.find()) {
                throw InputException.at(file, null, "header " + header.trim() + " is not (T, d, d) little-endian float64"
                        + " in C order");
            }
            long t = Long.parseLong(m.group(1));
            long d = Long.parseLong(m.group(2));
            if (d != Long.parseLong(m.group(3)) || d < 1 || d > 1 << 15 || t < 1 || t > Integer.MAX_VALUE) {
                throw InputException.at(file, null, "shape (" + m.group(1) + ", " + m.group(2) + ", " + m.group(3)
                        + ") must be (T, d, d) with T >= 1 and d in [1, 32768]");
            }
            long data = 10 + headerLen;
            long matrixBytes = 8 * d * d;
            long spectra = data + t * matrixBytes + SPECTRA_MAGIC.length;
            boolean withSpectra = ch.size() == spectra + 8 * t * d
                    && hasMagic(ch, spectra - SPECTRA_MAGIC.length, SPECTRA_MAGIC);
            boolean withExtremes = ch.size() == spectra + 16 * t
                    && hasMagic(ch, spectra - EXTREMES_MAGIC.length, EXTREMES_MAGIC);
            if (ch.size() != data + t * matrixBytes && !withSpectra && !withExtremes) {
                throw InputException.at(file, null, "has " + (ch.size() - data) + " data bytes but shape (" + t + ", "
                        + d + ", " + d + ") needs " + t * matrixBytes + " (or " + (spectra + 8 * t * d - data)
                        + " with the spectra trailer, or " + (spectra + 16 * t - data) + " with the extremes trailer)");
            }
            return new CovarianceSidecar(file, (int) t, (int) d, ch, data, withSpectra ? spectra : -1,
                    withExtremes ? spectra : -1, sha);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
    }

    private static boolean hasMagic(FileChannel ch, long at, byte[] magic) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(magic.length);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // reading the marker
        }
        return java.util.Arrays.equals(b.array(), magic);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }

    /** Number of matrices {@code T}. */
    public int count() {
        return count;
    }

    /** Dimension {@code d}. */
    public int dim() {
        return d;
    }

    /** The file's SHA-256, hex. */
    public String sha256() {
        return sha256;
    }

    /** Matrix {@code index} as rows (a fresh copy). */
    public double[][] rows(int index) {
        // Row by row straight from the read buffer: no flat copy of the whole matrix in between.
        double[][] out = new double[d][];
        long start = dataStart + (long) index * 8 * d * d;
        int rowsPerRead = Math.max(1, READ_BYTES / (8 * d));
        double[] chunk = new double[Math.min(d, rowsPerRead) * d];
        for (int i = 0; i < d; i += rowsPerRead) {
            int k = Math.min(rowsPerRead, d - i);
            readDoubles(start + 8L * i * d, index, chunk, k * d);
            for (int r = 0; r < k; r++) {
                out[i + r] = java.util.Arrays.copyOfRange(chunk, r * d, (r + 1) * d);
            }
        }
        return out;
    }

    /**
     * Matrix {@code index} as stored, row-major, into {@code dst} (length {@code d²}).
     *
     * @throws java.io.UncheckedIOException if the file cannot be read any more (it was checked
     *         whole when opened, so only a file changed or removed while in use gets here)
     */
    public void read(int index, double[] dst) {
        readDoubles(dataStart + (long) index * 8 * d * d, index, dst, d * d);
    }

    /**
     * The stored eigenvalues (ascending) of matrix {@code index}, or null if the file has no
     * spectra trailer or they do not pass the check against {@code m} (the matrix as read):
     * the sum and the sum of squares must match its trace and squared Frobenius norm within
     * {@link #SPECTRUM_CHECK_TOLERANCE}.
     */
    public double[] spectrum(int index, SymmetricMatrix m) {
        return spectrum(index, m::trace, () -> m.dot(m));
    }

    /** {@link #spectrum(int, SymmetricMatrix)} with the matrix's trace and {@code m.dot(m)}, asked for only if needed. */
    double[] spectrum(int index, DoubleSupplier traceOf, DoubleSupplier frob2Of) {
        if (spectraStart < 0) {
            return null;
        }
        double[] ev = new double[d];
        readDoubles(spectraStart + (long) index * 8 * d, index, ev, d);
        double sum = 0;
        double sumSq = 0;
        double abs = 0;
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(ev[i]) || (i > 0 && ev[i] < ev[i - 1])) {
                return null;
            }
            sum += ev[i];
            sumSq += ev[i] * ev[i];
            abs += Math.abs(ev[i]);
        }
        double trace = traceOf.getAsDouble();
        double frob2 = frob2Of.getAsDouble();
        boolean ok = Math.abs(sum - trace) <= SPECTRUM_CHECK_TOLERANCE * Math.max(abs, Double.MIN_NORMAL)
                && Math.abs(sumSq - frob2) <= SPECTRUM_CHECK_TOLERANCE * Math.max(frob2, Double.MIN_NORMAL);
        return ok ? ev : null;
    }

    /**
     * The stored {@code {λ_min, λ_max}} of matrix {@code index}, or null if the file has no extremes
     * trailer, stores NaNs for it, or they fail the checks against {@code m} (the matrix as read)
     * that any true pair passes: {@code 0 < λ_min ≤ a_ii ≤ λ_max} for every diagonal entry (each
     * is a Rayleigh quotient), within {@link #SPECTRUM_CHECK_TOLERANCE}, and
     * {@code λ_min ≥ LanczosExtremes.NEAR_SINGULAR · λ_max}, the only pairs the writer stores.
     */
    public double[] extremes(int index, SymmetricMatrix m) {
        return extremes(index, i -> m.get(i, i));
    }

    /** {@link #extremes(int, SymmetricMatrix)} with the matrix's diagonal entries. */
    double[] extremes(int index, IntToDoubleFunction diagonal) {
        if (extremesStart < 0) {
            return null;
        }
        double[] e = new double[2];
        readDoubles(extremesStart + (long) index * 16, index, e, 2);
        if (!(e[0] > 0) || !(e[1] >= e[0]) || !Double.isFinite(e[1])
                || e[0] < org.taskmix.linalg.LanczosExtremes.NEAR_SINGULAR * e[1]) {
            return null;
        }
        double slack = SPECTRUM_CHECK_TOLERANCE * e[1];
        for (int i = 0; i < d; i++) {
            double a = diagonal.applyAsDouble(i);
            if (a < e[0] - slack || a > e[1] + slack) {
                return null;
            }
        }
        return e;
    }

    private void readDoubles(long pos, int index, double[] dst, int total) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (count - 1));
        }
        ByteBuffer buf = READ_BUFFER.get();
        int done = 0;
        try {
            while (done < total) {
                int n = Math.min(total - done, READ_BYTES / 8);
                buf.clear().limit(8 * n);
                while (buf.hasRemaining()) {
                    if (channel.read(buf, pos + 8L * done + buf.position()) < 0) {
                        throw new IOException("file ends early (changed while in use?)");
                    }
                }
                buf.flip();
                buf.asDoubleBuffer().get(dst, done, n);
                done += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read matrix " + index + ": " + e.getMessage(), e);
        }
    }

    /** Matrix {@code index} read on every use ({@link SymmetricMatrix#external}), whole or by rows. */
    public SymmetricMatrix.Source source(int index) {
        return new SymmetricMatrix.Source() {
            @Override
            public void read(double[] dst) {
                CovarianceSidecar.this.read(index, dst);
            }

            @Override
            public boolean readRows(int from, int rows, double[] dst) {
                Objects.checkFromIndexSize(from, rows, d);
                readDoubles(dataStart + 8L * ((long) index * d + from) * d, index, dst, rows * d);
                return true;
            }
        };
    }

    /** Forgets (and closes) opened files (tests that rewrite a sidecar under the same name). */
    static void clear() {
        for (CompletableFuture<CovarianceSidecar> f : OPEN.values()) {
            // A prefetch still running is left to finish; only its channel outlives the clear.
            CovarianceSidecar s = f.getNow(null);
            if (s != null) {
                closeQuietly(s.channel);
            }
        }
        OPEN.clear();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
