package org.taskmix.catalog;

/**
 * A table of samples (one row per sample, {@link #dim()} columns) that is streamed in blocks of
 * rows rather than loaded whole, so a file larger than memory can be summarised. The NPY and CSV
 * readers of the io layer implement it; {@link CovarianceEstimator} consumes it.
 */
public interface RowSource {

    /** Number of columns (the feature dimension {@code d}). */
    int dim();

    /** Number of rows if known before reading (NPY header), else -1 (CSV). */
    long rows();

    /** Streams every row, in file order, to {@code sink} in blocks. */
    void readAll(Sink sink);

    /**
     * True if {@link #read(long, long, Sink)} is supported: rows are known in advance and
     * disjoint ranges may be read concurrently from several threads.
     */
    default boolean randomAccess() {
        return false;
    }

    /**
     * Streams rows {@code [first, first + count)}, in order, to {@code sink}. Thread-safe for
     * concurrent calls when {@link #randomAccess()} is true.
     *
     * @throws UnsupportedOperationException if the source is sequential only
     */
    default void read(long first, long count, Sink sink) {
        throw new UnsupportedOperationException("this sample source can only be read sequentially");
    }

    /**
     * Receives blocks of rows. A block is row-major: row {@code r}, column {@code c} is at
     * {@code rows[r * dim + c]}; only the first {@code count} rows are meaningful. The array may
     * be reused by the caller after the call returns.
     */
    interface Sink {

        /** Accepts {@code count} rows of doubles. */
        void accept(double[] rows, int count);

        /** Accepts {@code count} rows of floats (float32 files are passed on without a copy). */
        void accept(float[] rows, int count);
    }
}
