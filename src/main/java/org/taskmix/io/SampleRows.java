package org.taskmix.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.taskmix.catalog.RowSource;

/**
 * Loads a task's sample rows whole, for {@code validate --features empirical} (docs/theory.md §9,
 * "Empirical features"), which draws prompt examples from them by bootstrap. The rows are the ones
 * {@code estimate} reads for the same task (the same files, array, columns and task rows, in the
 * same order), optionally centred by their mean over all the task's files, as
 * {@code estimate --center} centres them.
 *
 * <p>Unlike estimation, which streams, this keeps {@code rows × d} doubles in memory; the size
 * is checked against {@link ResourceLimits#memoryBudget()} before it is allocated when the files
 * declare their row counts, and as rows arrive otherwise.
 */
public final class SampleRows {

    private SampleRows() {
    }

    /** A task's rows, row-major {@code count × d}. */
    public record Rows(int d, double[] values) {
        /** Number of rows. */
        public int count() {
            return values.length / d;
        }
    }

    /**
     * Reads every row of {@code files} (in the given order) with the manifest's selection.
     *
     * @param files       at least one file
     * @param select      NPZ array, Parquet column and task rows; null for the defaults
     * @param center      subtract the mean over all rows (as {@code estimate --center})
     * @param expectedDim required number of columns
     * @throws InputException naming the file for a dimension mismatch, too many values for
     *         memory, or no rows at all
     */
    public static Rows load(List<Path> files, SampleFiles.Selection select, boolean center, int expectedDim) {
        Buffer buf = new Buffer(expectedDim);
        for (Path f : files) {
            RowSource src = open(f, select);
            try {
                if (src.dim() != expectedDim) {
                    throw InputException.at(f, null, "has " + src.dim() + " columns but the problem's dimension is "
                            + expectedDim + "; the feature rows must be the ones the catalog was estimated from");
                }
                if (src.rows() >= 0) {
                    buf.reserve(f, src.rows());
                }
                buf.file = f;
                src.readAll(buf);
            } finally {
                SampleFiles.closeQuietly(src);
            }
        }
        if (buf.count == 0) {
            throw InputException.at(files.get(0), null, "has no sample rows; empirical features need at least one row");
        }
        double[] values = Arrays.copyOf(buf.values, buf.count * expectedDim);
        if (center) {
            subtractMean(values, expectedDim);
        }
        return new Rows(expectedDim, values);
    }

    private static RowSource open(Path f, SampleFiles.Selection select) {
        String lower = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (select == null) {
            return SampleFiles.open(f);
        }
        if (lower.endsWith(".parquet")) {
            if (!Files.exists(f)) {
                throw InputException.at(f, null, "no such file");
            }
            AtomicFiles.registerInput(f);
            return ParquetSamples.open(f, select.column(), select.taskColumn(), select.taskValue());
        }
        if (select.array() != null && lower.endsWith(".npz")) {
            return SampleFiles.open(f.resolveSibling(f.getFileName() + ":" + select.array()));
        }
        return SampleFiles.open(f);
    }

    /** Subtracts the column means, summed in row order (deterministic). */
    static void subtractMean(double[] values, int d) {
        int n = values.length / d;
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < d; a++) {
                mean[a] += values[r * d + a];
            }
        }
        for (int a = 0; a < d; a++) {
            mean[a] /= n;
        }
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < d; a++) {
                values[r * d + a] -= mean[a];
            }
        }
    }

    /** Growing row buffer, checked against the memory budget. */
    private static final class Buffer implements RowSource.Sink {
        private final int d;
        private double[] values = new double[0];
        private int count;
        private Path file;

        Buffer(int d) {
            this.d = d;
        }

        void reserve(Path f, long more) {
            ensure(f, count + more);
        }

        private void ensure(Path f, long rows) {
            long need = rows * d;
            long budget = ResourceLimits.memoryBudget() / Double.BYTES;
            if (need > Math.min(budget, Integer.MAX_VALUE - 8)) {
                throw InputException.at(f, null, "holds " + rows + " rows of " + d + " values, more than the memory"
                        + " budget for empirical features (" + Math.min(budget, Integer.MAX_VALUE - 8)
                        + " doubles); give fewer rows, or raise it with java -Xmx<size> -jar taskmix.jar");
            }
            if (need > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(Math.max(need, 2L * values.length),
                        Math.min(budget, Integer.MAX_VALUE - 8)));
            }
        }

        @Override
        public void accept(double[] rows, int n) {
            ensure(file, count + (long) n);
            System.arraycopy(rows, 0, values, count * d, n * d);
            count += n;
        }

        @Override
        public void accept(float[] rows, int n) {
            ensure(file, count + (long) n);
            int base = count * d;
            for (int i = 0; i < n * d; i++) {
                values[base + i] = rows[i];
            }
            count += n;
        }
    }
}
