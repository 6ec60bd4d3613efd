package org.taskmix.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.taskmix.catalog.RowSource;

/**
 * A 2-D float NPY array ({@code rows × cols} of float16, float32 or float64, either byte order)
 * as {@link NpyReader} (a {@code .npy} file) and {@link NpzReader} (an entry of a {@code .npz}
 * archive) both stream it: its shape, where its data starts, and the one decoding of a block of
 * row-major bytes into the floats or doubles a {@link RowSource.Sink} takes.
 */
abstract class NpyArray implements RowSource {

    /** The file, for messages. */
    final Path file;
    /** Bytes per value: 2, 4 or 8. */
    final int itemSize;
    /** Byte order of the values. */
    final ByteOrder order;
    /** Number of rows (samples). */
    final long rows;
    /** Number of columns (the dimension). */
    final int cols;
    /** Offset of the first value from the start of the NPY data (file or entry). */
    final long dataOffset;

    /** An array of {@code descr} (e.g. {@code <f4}: byte order, {@code f}, item size). */
    NpyArray(Path file, String descr, long rows, int cols, long dataOffset) {
        this.file = file;
        this.itemSize = descr.charAt(2) - '0';
        this.order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        this.rows = rows;
        this.cols = cols;
        this.dataOffset = dataOffset;
    }

    @Override
    public final int dim() {
        return cols;
    }

    @Override
    public final long rows() {
        return rows;
    }

    /**
     * Decodes the {@code k} row-major rows at the start of {@code buf} and hands them on: into
     * {@code f32} for float16 (decoded exactly) and float32, into {@code f64} for float64.
     */
    final void deliver(ByteBuffer buf, int k, float[] f32, double[] f64, Sink sink) {
        if (itemSize <= 4) {
            floats(buf, f32, k * cols);
            sink.accept(f32, k);
        } else {
            buf.asDoubleBuffer().get(f64, 0, k * cols);
            sink.accept(f64, k);
        }
    }

    /** Closes a read-only file or archive; closing one loses no data, so a failure is of no consequence. */
    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was written, so nothing is lost
        }
    }

    /** The first {@code n} values of {@code buf} into {@code dst}: float32 as is, float16 decoded exactly. */
    final void floats(ByteBuffer buf, float[] dst, int n) {
        if (itemSize == 2) {
            Float16.decode(buf.asShortBuffer(), dst, n);
        } else {
            buf.asFloatBuffer().get(dst, 0, n);
        }
    }
}
