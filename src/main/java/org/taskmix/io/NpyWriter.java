package org.taskmix.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes 2-D float32 or float64 arrays as NPY 1.0 files (little-endian, C order), row block by
 * row block, so sample files of any size can be produced for {@code estimate}, tests and
 * benchmarks. Not atomic: it is meant for data files, not for results.
 */
public final class NpyWriter implements AutoCloseable {

    private final OutputStream out;
    private final int cols;
    private final boolean f32;
    private boolean half;
    private final long rows;
    private long written;
    private final ByteBuffer buf;

    private NpyWriter(OutputStream out, long rows, int cols, boolean f32) {
        this.out = out;
        this.rows = rows;
        this.cols = cols;
        this.f32 = f32;
        this.buf = ByteBuffer.allocate(Math.max(1, cols) * (f32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates {@code file} for {@code rows × cols} values, writing the header now.
     *
     * @param f32 true for float32 ({@code <f4}), false for float64 ({@code <f8})
     */
    public static NpyWriter create(Path file, long rows, int cols, boolean f32) {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") must have rows >= 0 and cols >= 1");
        }
        try {
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            os.write(header(f32 ? "<f4" : "<f8", false, rows, cols));
            return new NpyWriter(os, rows, cols, f32);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Creates {@code file} for {@code rows × cols} float16 values ({@code <f2}, rounded to nearest even). */
    public static NpyWriter createHalf(Path file, long rows, int cols) {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") must have rows >= 0 and cols >= 1");
        }
        try {
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            os.write(header("<f2", false, rows, cols));
            NpyWriter w = new NpyWriter(os, rows, cols, true);
            w.half = true;
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * The NPY 1.0 header (magic, version, length, dict padded with spaces to a multiple of 64
     * bytes and ended by a newline) for a 2-D array.
     */
    public static byte[] header(String descr, boolean fortranOrder, long rows, long cols) {
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': %s, 'shape': (%d, %d), }",
                descr, fortranOrder ? "True" : "False", rows, cols);
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) body.length).put(body);
        return b.array();
    }

    /** Appends one row of {@code cols} values. */
    public void row(double... values) {
        if (values.length != cols) {
            throw new IllegalArgumentException("row has " + values.length + " values; expected " + cols);
        }
        if (written >= rows) {
            throw new IllegalStateException("all " + rows + " rows are already written");
        }
        buf.clear();
        for (double v : values) {
            if (half) {
                buf.putShort(Float16.fromFloat((float) v));
            } else if (f32) {
                buf.putFloat((float) v);
            } else {
                buf.putDouble(v);
            }
        }
        try {
            out.write(buf.array(), 0, buf.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written++;
    }

    /** Appends one row of float values (float32 files store them exactly). */
    public void row(float... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        row(d);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (written != rows) {
            throw new IllegalStateException("wrote " + written + " of the " + rows + " rows the header promises");
        }
    }
}
