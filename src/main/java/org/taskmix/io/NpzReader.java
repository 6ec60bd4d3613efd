package org.taskmix.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.taskmix.catalog.RowSource;

/**
 * Streams the rows of one 2-D array of a NumPy {@code .npz} archive ({@code numpy.savez} or
 * {@code numpy.savez_compressed}): float16, float32 or float64, either byte order, C order. The
 * entry is decompressed as it is read, so the array is never held whole; reading is sequential
 * (a deflated entry cannot be entered in the middle), so estimation from an NPZ uses one thread.
 *
 * <p>The array is the archive's only one, or the one named by {@code key} (the name given to
 * {@code savez}, without {@code .npy}). Every failure is one line naming the file.
 */
public final class NpzReader extends NpyArray implements AutoCloseable {

    /** Bytes per block handed on: 1 MiB, as {@link NpyReader#BLOCK_BYTES}. */
    private static final int BLOCK_BYTES = NpyReader.BLOCK_BYTES;

    private static final Pattern DESCR = NpyReader.DESCR;
    private static final Pattern FORTRAN = NpyReader.FORTRAN;
    private static final Pattern SHAPE = NpyReader.SHAPE;

    private final String label;
    private final ZipFile zip;
    private final ZipEntry entry;

    private NpzReader(Path file, String label, ZipFile zip, ZipEntry entry, String descr, long rows, int cols,
                      long dataOffset) {
        super(file, descr, rows, cols, dataOffset);
        this.label = label;
        this.zip = zip;
        this.entry = entry;
    }

    /**
     * Opens array {@code key} (or the only array when {@code key} is null) of {@code file}.
     *
     * @throws InputException naming the file and the rule broken
     */
    public static NpzReader open(Path file, String key) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw InputException.at(file, null, "not an NPZ file (not a zip archive: " + e.getMessage()
                    + "); save with numpy.savez or numpy.savez_compressed");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        try {
            List<String> keys = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.endsWith(".npy")) {
                    keys.add(name.substring(0, name.length() - 4));
                }
            }
            String chosen;
            if (key != null) {
                if (!keys.contains(key)) {
                    throw InputException.at(file, null, "has no array \"" + key + "\"; its arrays are " + keys);
                }
                chosen = key;
            } else if (keys.size() == 1) {
                chosen = keys.get(0);
            } else {
                throw InputException.at(file, null, "holds " + keys.size() + " arrays " + keys
                        + "; name one as FILE.npz:KEY (or the manifest's \"array\" field)");
            }
            ZipEntry entry = zip.getEntry(chosen + ".npy");
            String label = file + ":" + chosen;
            try (InputStream in = zip.getInputStream(entry)) {
                return header(file, label, zip, entry, new DataInputStream(new BufferedInputStream(in)));
            }
        } catch (IOException e) {
            closeQuietly(zip);
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static NpzReader header(Path file, String label, ZipFile zip, ZipEntry entry, DataInputStream in)
            throws IOException {
        byte[] pre = new byte[8];
        try {
            in.readFully(pre);
        } catch (EOFException e) {
            throw InputException.at(file, null, "array " + label + " is not an NPY entry (too short)");
        }
        if ((pre[0] & 0xff) != 0x93 || !new String(pre, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw InputException.at(file, null, "array " + label + " is not an NPY entry (no \\x93NUMPY magic)");
        }
        int major = pre[6] & 0xff;
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            prefix = 12;
        } else {
            throw InputException.at(file, null, "array " + label + ": NPY format version " + major
                    + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        if (headerLen > 1 << 20) {
            throw InputException.at(file, null, "array " + label + ": NPY header of " + headerLen + " bytes is too long");
        }
        byte[] hb = new byte[(int) headerLen];
        try {
            in.readFully(hb);
        } catch (EOFException e) {
            throw InputException.at(file, null, "array " + label + ": NPY header is truncated");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(file, label, DESCR, header, "descr");
        if (!descr.matches("[<>]f[248]")) {
            throw InputException.at(file, null, "array " + label + ": dtype '" + descr + "' is not supported; samples"
                    + " must be float16, float32 or float64 ('<f2', '<f4', '<f8', '>f2', '>f4', '>f8')");
        }
        if (group(file, label, FORTRAN, header, "fortran_order").equals("True")) {
            throw InputException.at(file, null, "array " + label + " is in Fortran order, which cannot be streamed from"
                    + " an archive; save numpy.ascontiguousarray(x) instead");
        }
        String shapeText = group(file, label, SHAPE, header, "shape").trim();
        String[] dims = NpyReader.shapeEntries(shapeText);
        int nd = dims.length;
        if (nd != 2) {
            throw InputException.at(file, null, "array " + label + ": shape (" + shapeText + ") has " + nd
                    + " dimension" + (nd == 1 ? "" : "s") + "; samples must be a 2-D array (samples, dimension)");
        }
        long[] nd2 = NpyReader.integers(dims);
        if (nd2 == null) {
            throw InputException.at(file, null, "array " + label + ": shape (" + shapeText + ") is not a tuple of integers");
        }
        long n = nd2[0];
        long d = nd2[1];
        if (d < 1 || d > 1 << 15 || n < 0) {
            throw InputException.at(file, null, "array " + label + ": shape (" + shapeText
                    + ") must have samples >= 0 and a dimension in [1, 32768]");
        }
        int item = descr.charAt(2) - '0';
        long expected;
        try {
            expected = Math.multiplyExact(Math.multiplyExact(n, d), item);
        } catch (ArithmeticException e) {
            throw InputException.at(file, null, "array " + label + ": shape (" + shapeText + ") is too large");
        }
        long size = entry.getSize();
        if (size >= 0 && size != prefix + headerLen + expected) {
            throw InputException.at(file, null, "array " + label + " has " + (size - prefix - headerLen)
                    + " data bytes but its header promises " + n + " x " + d + " float" + 8 * item + " values ("
                    + expected + " bytes)");
        }
        return new NpzReader(file, label, zip, entry, descr, n, (int) d, prefix + headerLen);
    }

    private static String group(Path file, String label, Pattern p, String header, String key) {
        String value = NpyReader.entry(p, header);
        if (value == null) {
            throw InputException.at(file, null, "array " + label + ": NPY header has no valid '" + key + "' entry");
        }
        return value;
    }

    /** The archive and array, as {@code FILE:KEY}. */
    public String label() {
        return label;
    }

    @Override
    public void readAll(Sink sink) {
        int rowBytes = cols * itemSize;
        int blockRows = (int) Math.max(1, Math.min(Math.max(rows, 1), BLOCK_BYTES / rowBytes));
        byte[] bytes = new byte[blockRows * rowBytes];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        float[] f32 = itemSize <= 4 ? new float[blockRows * cols] : null;
        double[] f64 = itemSize == 8 ? new double[blockRows * cols] : null;
        try (InputStream raw = zip.getInputStream(entry)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            skipFully(in, dataOffset);
            for (long r = 0; r < rows; ) {
                int k = (int) Math.min(blockRows, rows - r);
                int len = k * rowBytes;
                int got = in.readNBytes(bytes, 0, len);
                if (got < len) {
                    throw InputException.at(file, null, "array " + label + " is truncated: it ended in row " + (r + got / rowBytes)
                            + " of " + rows);
                }
                buf.clear();
                deliver(buf, k, f32, f64, sink);
                r += k;
            }
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read array " + label + ": " + e.getMessage());
        }
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("entry ended inside its header");
                }
                s = 1;
            }
            left -= s;
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }
}
