package org.taskmix.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.taskmix.catalog.RowSource;

/**
 * Streams the rows of a 2-D NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0) of
 * float16, float32 or float64, little- or big-endian, in C (row-major) or Fortran (column-major) order,
 * without loading it: rows are read by positional reads in blocks of about
 * {@link #BLOCK_BYTES}, decoded in bulk, and handed to a {@link RowSource.Sink}. Positional reads
 * make concurrent {@link #read} calls on disjoint row ranges safe, so two threads can share one
 * file.
 *
 * <p>Checked when opened, each failure one line naming the file: the magic string and header,
 * the dtype (only {@code <f2 >f2 <f4 >f4 <f8 >f8}), a 2-D shape {@code (samples, dimension)}, and the
 * file length against the header (a truncated or padded file is rejected before any row is
 * read).
 */
public final class NpyReader extends NpyArray implements AutoCloseable {

    /** Target bytes per read: 1 MiB amortises the system call and fits the L2/L3 caches. */
    public static final int BLOCK_BYTES = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    // The header dictionary's entries, shared with NpzReader (an NPZ entry is an NPY file).
    static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private final FileChannel channel;
    private final String dtype;
    private final boolean fortran;

    private NpyReader(Path file, FileChannel channel, long dataOffset, String dtype, boolean fortran, long rows, int cols) {
        super(file, dtype, rows, cols, dataOffset);
        this.channel = channel;
        this.dtype = dtype;
        this.fortran = fortran;
    }

    /**
     * Opens {@code file} and checks its header and length.
     *
     * @throws InputException naming the file and the rule broken
     */
    public static NpyReader open(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        try {
            NpyReader r = parseHeader(file, ch);
            return r;
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static NpyReader parseHeader(Path file, FileChannel ch) {
        try {
            long size = ch.size();
            Prefix pre = readPrefix(file, ch, size);
            ByteBuffer hb = ByteBuffer.allocate((int) pre.headerLength());
            readFully(file, ch, hb, pre.length(), (int) pre.headerLength());
            String header = new String(hb.array(),
                    pre.major() == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(file, DESCR, header, "descr");
            boolean fortran = group(file, FORTRAN, header, "fortran_order").equals("True");
            String shapeText = group(file, SHAPE, header, "shape").trim();
            checkDtype(file, descr);
            long[] shape = shape(file, shapeText);
            long n = shape[0];
            long d = shape[1];
            long data = pre.length() + pre.headerLength();
            checkDataLength(file, shapeText, n, d, descr.charAt(2) - '0', size - data);
            return new NpyReader(file, ch, data, descr, fortran, n, (int) d);
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
    }

    /** The fixed part before an NPY header: format major version, header length and this part's own length. */
    private record Prefix(int major, long headerLength, int length) {
    }

    /** Reads and checks the magic string, the version and the header length (which must fit in the file). */
    private static Prefix readPrefix(Path file, FileChannel ch, long size) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, pre, 0, (int) Math.min(12, size));
        pre.flip();
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.remaining() == 0 || pre.get() != MAGIC[i]) {
                throw InputException.at(file, null, "not an NPY file (it does not start with \\x93NUMPY);"
                        + " save samples with numpy.save, or use a .csv file");
            }
        }
        if (pre.remaining() < 2) {
            throw InputException.at(file, null, "NPY header is truncated");
        }
        int major = pre.get() & 0xff;
        int minor = pre.get() & 0xff;
        long headerLen;
        int prefix;
        if (major == 1) {
            if (pre.remaining() < 2) {
                throw InputException.at(file, null, "NPY header is truncated");
            }
            headerLen = pre.getShort() & 0xffff;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) {
                throw InputException.at(file, null, "NPY header is truncated");
            }
            headerLen = pre.getInt() & 0xffffffffL;
            prefix = 12;
        } else {
            throw InputException.at(file, null, "NPY format version " + major + "." + minor
                    + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        if (prefix + headerLen > size || headerLen > 1 << 20) {
            throw InputException.at(file, null, "NPY header is truncated (it claims " + headerLen
                    + " bytes; the file has " + size + ")");
        }
        return new Prefix(major, headerLen, prefix);
    }

    /** Accepts only float16/32/64 with an explicit byte order. */
    private static void checkDtype(Path file, String descr) {
        if (!descr.matches("[<>][f][248]") && !descr.matches("\\|?f[248]")) {
            throw InputException.at(file, null, "dtype '" + descr + "' is not supported; samples must be float16,"
                    + " float32 or float64 ('<f2', '<f4', '<f8', '>f2', '>f4', '>f8'); convert with"
                    + " array.astype(numpy.float32)");
        }
        if (descr.charAt(0) != '<' && descr.charAt(0) != '>') {
            throw InputException.at(file, null, "dtype '" + descr + "' has no byte order; expected '<f2', '<f4',"
                    + " '<f8', '>f2', '>f4' or '>f8'");
        }
    }

    /** The shape (samples, dimension) of a 2-D array, with the dimension in [1, 32768]. */
    private static long[] shape(Path file, String shapeText) {
        String[] dims = shapeEntries(shapeText);
        int nd = dims.length;
        if (nd != 2) {
            throw InputException.at(file, null, "shape (" + shapeText + ") has " + nd + " dimension"
                    + (nd == 1 ? "" : "s") + "; samples must be a 2-D array (samples, dimension)");
        }
        long[] nd2 = integers(dims);
        if (nd2 == null) {
            throw InputException.at(file, null, "shape (" + shapeText + ") is not a tuple of integers");
        }
        long d = nd2[1];
        if (d < 1 || d > 1 << 15) {
            throw InputException.at(file, null, "shape (" + shapeText + "): dimension " + d
                    + " must lie in [1, 32768]");
        }
        if (nd2[0] < 0) {
            throw InputException.at(file, null, "shape (" + shapeText + "): negative sample count");
        }
        return nd2;
    }

    /** The bytes after the header must be exactly n·d values of {@code item} bytes. */
    private static void checkDataLength(Path file, String shapeText, long n, long d, int item, long actual) {
        long expected;
        try {
            expected = Math.multiplyExact(Math.multiplyExact(n, d), item);
        } catch (ArithmeticException e) {
            throw InputException.at(file, null, "shape (" + shapeText + ") is too large");
        }
        String type = "float" + 8 * item;
        if (actual < expected) {
            throw InputException.at(file, null, "file is truncated: the header promises " + n + " x " + d + " "
                    + type + " values (" + expected + " bytes) but only " + actual + " bytes follow the header");
        }
        if (actual > expected) {
            throw InputException.at(file, null, "file has " + (actual - expected) + " bytes more than the header's "
                    + n + " x " + d + " " + type + " values; it is not a valid NPY file");
        }
    }

    private static String group(Path file, Pattern p, String header, String key) {
        String value = entry(p, header);
        if (value == null) {
            throw InputException.at(file, null, "NPY header has no valid '" + key + "' entry: "
                    + header.trim().replaceAll("\\s+", " "));
        }
        return value;
    }

    /** The value {@code p} captures in an NPY header dictionary, or null if it has no such entry. */
    static String entry(Pattern p, String header) {
        Matcher m = p.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    /** The entries of a shape tuple's text ({@code "3, 4"}, {@code "5,"}), without the empty one a trailing comma leaves. */
    static String[] shapeEntries(String shapeText) {
        String[] dims = shapeText.isEmpty() ? new String[0] : shapeText.split("\\s*,\\s*");
        int nd = dims.length > 0 && dims[dims.length - 1].isEmpty() ? dims.length - 1 : dims.length;
        return java.util.Arrays.copyOf(dims, nd);
    }

    /** The first two shape entries as integers, or null if either is not one. */
    static long[] integers(String[] dims) {
        try {
            return new long[] {Long.parseLong(dims[0].trim()), Long.parseLong(dims[1].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The dtype descriptor, e.g. {@code <f4}. */
    public String dtype() {
        return dtype;
    }

    /** True if the data is in Fortran (column-major) order. */
    public boolean fortranOrder() {
        return fortran;
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public void readAll(Sink sink) {
        read(0, rows, sink);
    }

    @Override
    public void read(long first, long count, Sink sink) {
        if (first < 0 || count < 0 || first + count > rows) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " outside 0.." + rows);
        }
        int rowBytes = cols * itemSize;
        int blockRows = (int) Math.max(1, Math.min(count, BLOCK_BYTES / rowBytes));
        if (count == 0) {
            return;
        }
        // float16 is read like float32, each block decoded exactly to float32 (Float16) and handed on as floats.
        float[] f32 = itemSize <= 4 ? new float[blockRows * cols] : null;
        double[] f64 = itemSize == 8 ? new double[blockRows * cols] : null;
        try {
            if (!fortran) {
                ByteBuffer buf = ByteBuffer.allocateDirect(blockRows * rowBytes).order(order);
                for (long r = first; r < first + count; ) {
                    int k = (int) Math.min(blockRows, first + count - r);
                    buf.clear();
                    readFully(file, channel, buf, dataOffset + r * rowBytes, k * rowBytes);
                    buf.flip();
                    deliver(buf, k, f32, f64, sink);
                    r += k;
                }
            } else {
                // Column-major: column c of rows [r, r + k) is one contiguous run; read each and
                // scatter it into a row-major block.
                ByteBuffer buf = ByteBuffer.allocateDirect(blockRows * itemSize).order(order);
                float[] colF = f32 != null ? new float[blockRows] : null;
                double[] colD = f64 != null ? new double[blockRows] : null;
                for (long r = first; r < first + count; ) {
                    int k = (int) Math.min(blockRows, first + count - r);
                    for (int c = 0; c < cols; c++) {
                        buf.clear();
                        readFully(file, channel, buf, dataOffset + ((long) c * rows + r) * itemSize, k * itemSize);
                        buf.flip();
                        if (colF != null) {
                            floats(buf, colF, k);
                            for (int i = 0; i < k; i++) {
                                f32[i * cols + c] = colF[i];
                            }
                        } else {
                            buf.asDoubleBuffer().get(colD, 0, k);
                            for (int i = 0; i < k; i++) {
                                f64[i * cols + c] = colD[i];
                            }
                        }
                    }
                    if (f32 != null) {
                        sink.accept(f32, k);
                    } else {
                        sink.accept(f64, k);
                    }
                    r += k;
                }
            }
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position, int length) throws IOException {
        buf.limit(buf.position() + length);
        long pos = position;
        while (buf.hasRemaining()) {
            int got = ch.read(buf, pos);
            if (got < 0) {
                throw InputException.at(file, null, "file is truncated: it ended at byte " + pos + " while reading");
            }
            pos += got;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
