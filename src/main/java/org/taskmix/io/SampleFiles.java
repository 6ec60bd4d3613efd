package org.taskmix.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.taskmix.linalg.Doubles;
import org.taskmix.catalog.CovarianceEstimator;
import org.taskmix.catalog.RowSource;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Sample files (NPY, NPZ, Parquet or CSV, chosen by extension) turned into covariance estimates, streamed:
 * the file is never loaded whole. Used by the {@code samples} covariance spec and by the
 * {@code estimate} command.
 */
public final class SampleFiles {

    /** The command-line flag that lets problem files name sample files outside their folder. */
    public static final String ALLOW_OUTSIDE = "--allow-outside-paths";

    private static volatile boolean allowOutsidePaths;

    private SampleFiles() {
    }

    /** Lets (true) or stops (false) problem files naming sample files outside their folder. */
    public static void setAllowOutsidePaths(boolean allow) {
        allowOutsidePaths = allow;
    }

    /**
     * Resolves a {@code samples} path of a problem file. It must stay inside the problem file's
     * folder after every symlink is followed (real paths), unless {@link #ALLOW_OUTSIDE} was
     * given: a problem file from someone else must not make taskmix read other files.
     *
     * @param f       the field, for messages
     * @param value   the path as written
     * @param baseDir the problem file's folder, or null for a problem with no folder (built-in)
     */
    static Path confine(Field f, String value, Path baseDir) {
        if (value.indexOf('\0') >= 0) {
            throw f.error("value contains a NUL character; give a file path");
        }
        Path path;
        try {
            path = baseDir == null ? Path.of(value) : baseDir.resolve(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw f.error("value is not a valid path: " + e.getReason());
        }
        if (!Files.exists(path)) {
            throw f.error("value \"" + Field.cut(value) + "\": no such file (looked for "
                    + path.toAbsolutePath().normalize() + ")");
        }
        if (allowOutsidePaths) {
            return path;
        }
        if (baseDir == null) {
            throw f.error("value \"" + Field.cut(value) + "\": a built-in problem cannot read sample files");
        }
        try {
            Path real = path.toRealPath();
            Path base = baseDir.toRealPath();
            if (!real.startsWith(base)) {
                throw f.error("value \"" + Field.cut(value) + "\" leads outside the problem file's folder " + base
                        + "; sample files must lie inside it (after symlinks), or pass " + ALLOW_OUTSIDE);
            }
            if (!Files.isRegularFile(real)) {
                throw f.error("value \"" + Field.cut(value) + "\" is not a regular file");
            }
            return real;
        } catch (java.io.IOException e) {
            throw f.error("value \"" + Field.cut(value) + "\": cannot resolve: " + e.getClass().getSimpleName());
        }
    }

    /**
     * An estimate from one file.
     *
     * @param file       the sample file
     * @param covariance the estimate (second moment, or centred covariance)
     * @param samples    rows read
     * @param centered   whether the samples were centred
     * @param mean       column means
     */
    public record Estimate(Path file, SymmetricMatrix covariance, long samples, boolean centered, Doubles mean) {

        /** Dimension {@code d}. */
        public int dim() {
            return covariance.dim();
        }
    }

    /** Threads for estimation: the available processors. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Closes {@code src} if it holds a file; read-only sources lose nothing on close, so a failure is ignored. */
    static void closeQuietly(RowSource src) {
        if (src instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Read-only sources lose nothing on close.
            }
        }
    }

    /**
     * Opens a sample file as a row source: {@code .npy} as NumPy (float16/32/64), {@code .npz} as
     * a NumPy archive (its only array, or {@code FILE.npz:KEY}), {@code .parquet} as a Parquet
     * table (its only list column, or every float column), {@code .csv} and {@code .txt} as
     * comma-separated text. Registers it as an input so no output overwrites it.
     */
    public static RowSource open(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(".npz:");
        if (colon > 0 && !Files.exists(file)) {
            // FILE.npz:KEY names one array of an archive.
            String full = file.getFileName().toString();
            Path archive = file.resolveSibling(full.substring(0, colon + 4));
            return openNpz(archive, full.substring(colon + 5));
        }
        if (!Files.exists(file)) {
            throw InputException.at(file, null, "no such file");
        }
        if (name.endsWith(".npz")) {
            return openNpz(file, null);
        }
        AtomicFiles.registerInput(file);
        if (name.endsWith(".npy")) {
            return NpyReader.open(file);
        }
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return CsvReader.open(file);
        }
        if (name.endsWith(".parquet")) {
            return ParquetSamples.open(file, null, null, null);
        }
        throw InputException.at(file, null, "unknown sample file type; expected a .npy (NumPy float16/float32/float64,"
                + " 2-D), .npz (NumPy archive), .parquet (an embedding list column, or one column per dimension) or"
                + " .csv (one sample per line) file");
    }

    private static RowSource openNpz(Path archive, String key) {
        if (!Files.exists(archive)) {
            throw InputException.at(archive, null, "no such file");
        }
        AtomicFiles.registerInput(archive);
        return NpzReader.open(archive, key);
    }

    /**
     * Estimates the covariance of the samples in {@code file}.
     *
     * @param center      centre the samples (sample covariance) instead of the second moment
     * @param threads     threads for NPY files (results are identical for every count)
     * @param expectedDim required number of columns, or {@code <= 0} for any
     * @throws InputException naming the file for a bad file, a dimension mismatch, non-finite
     *         values, or fewer samples than the dimension ({@code d + 1} when centred)
     */
    public static Estimate estimate(Path file, boolean center, int threads, int expectedDim) {
        return estimateAll(List.of(file), null, center, threads, expectedDim);
    }

    /**
     * What to read from a sample file besides its rows: the array of an NPZ archive, the embedding
     * column (or per-dimension column prefix) of a Parquet file, and the task column and value
     * that select one task's rows of a shared Parquet table. Null fields take the defaults.
     */
    public record Selection(String array, String column, String taskColumn, String taskValue) {
    }

    /**
     * Estimates one covariance from several files of one task (a folder or glob of a manifest),
     * merged in the given order (Chan et al.'s pairwise update, exact up to rounding), so the
     * result does not depend on how the rows are split into files beyond rounding, and is
     * bit-identical for the same files and order.
     *
     * @param files       at least one file; {@code FILE.npz:KEY} names an NPZ array
     * @param select      which array (NPZ) or columns and rows (Parquet) to read; null for the defaults
     * @param expectedDim required number of columns, or {@code <= 0} for any
     */
    public static Estimate estimateAll(List<Path> files, Selection select, boolean center, int threads, int expectedDim) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no sample file");
        }
        CovarianceEstimator total = null;
        int d = expectedDim;
        Path first = files.get(0);
        for (Path f : files) {
            String lower = f.getFileName().toString().toLowerCase(Locale.ROOT);
            Path file = select != null && select.array() != null && lower.endsWith(".npz")
                    ? f.resolveSibling(f.getFileName() + ":" + select.array()) : f;
            RowSource src;
            if (select != null && (select.column() != null || select.taskColumn() != null)
                    && !lower.endsWith(".parquet")) {
                throw InputException.at(f, null, "column and taskColumn apply to Parquet files only; this is not a"
                        + " .parquet file");
            }
            if (lower.endsWith(".parquet") && select != null) {
                if (!Files.exists(f)) {
                    throw InputException.at(f, null, "no such file");
                }
                AtomicFiles.registerInput(f);
                src = ParquetSamples.open(f, select.column(), select.taskColumn(), select.taskValue());
            } else {
                src = open(file);
            }
            try {
                // The estimator keeps a d x d accumulator per thread plus the result: refuse a
                // header or first row that declares more columns than memory allows, before allocating.
                ResourceLimits.checkMatrices(file, "columns", src.dim(), threads + 2L, "the covariance estimate");
                if (d > 0 && src.dim() != d) {
                    throw InputException.at(file, null, "has " + src.dim() + " columns but " + (expectedDim > 0
                            ? "the dimension is " + d : first + " has " + d) + "; every sample must have one value per"
                            + " dimension");
                }
                d = src.dim();
                if (files.size() == 1 && src.rows() >= 0) {
                    // A single file that declares its rows can be refused before it is read.
                    checkCount(file, src.rows(), d, center ? d + 1L : d, center);
                }
                CovarianceEstimator est;
                try {
                    est = CovarianceEstimator.of(src, center, threads);
                } catch (InputException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw InputException.at(file, null, e.getMessage());
                }
                if (total == null) {
                    total = est;
                } else if (est.count() > 0) {
                    total.merge(est);
                }
            } finally {
                closeQuietly(src);
            }
        }
        long needed = center ? d + 1L : d;
        checkCount(first, total.count(), d, needed, center);
        SymmetricMatrix cov;
        try {
            cov = total.covariance();
        } catch (IllegalArgumentException e) {
            throw InputException.at(first, null, e.getMessage());
        }
        return new Estimate(first, cov, total.count(), center, Doubles.of(total.mean()));
    }

    private static void checkCount(Path file, long n, int d, long needed, boolean center) {
        if (n < needed) {
            throw InputException.at(file, null, "has " + n + " samples but the dimension is " + d + "; a "
                    + (center ? "centred " : "") + "sample covariance from fewer than " + needed
                    + " samples is singular: give at least " + needed + " samples");
        }
    }
}
