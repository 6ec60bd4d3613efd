package org.taskmix.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.CovarianceEstimator;
import org.taskmix.catalog.Problem;
import org.taskmix.cli.Main;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ParquetSampleWriter;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.SampleFiles;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The Spark job in local mode against the local estimator on the same Parquet tables: every
 * covariance agrees to {@link #RELATIVE} (largest entry difference over the largest entry).
 */
class SparkEstimateTest {

    /**
     * The bound. Both sides sum the same double products in double precision, in other
     * groups (Spark: per file partition, then merged; local: blocks of 64 and chunks of 65,536
     * rows), so they differ by rounding only: about 1e-16 times the number of merge levels.
     */
    static final double RELATIVE = 1e-12;

    static final int D = 12;

    @TempDir
    static Path dir;

    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("taskmix-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        Random rng = new Random(17);
        Files.createDirectories(dir.resolve("a"));
        for (int part = 0; part < 3; part++) {
            write(dir.resolve("a/part-" + part + ".parquet"), "a", 900 + 50 * part, 3.0, 1.0, rng);
        }
        write(dir.resolve("b.parquet"), "b", 700, 0.5, 5.0, rng);
        // A shared table holding tasks c and e: the manifest selects rows by the task column.
        try (ParquetSampleWriter w = ParquetSampleWriter.create(dir.resolve("shared.parquet"), D,
                ParquetSampleWriter.Precision.DOUBLE)) {
            for (int i = 0; i < 1600; i++) {
                w.row(i % 2 == 0 ? "c" : "e", row(rng, i % 2 == 0 ? 2.0 : 0.7, -2.0));
            }
        }
        write(dir.resolve("target.parquet"), "t", 800, 1.0, 0.0, rng);
        Files.writeString(dir.resolve("tasks.jsonl"), """
                {"name": "a", "group": "G", "path": "a", "column": "embedding"}
                {"name": "b", "path": "b.parquet"}
                {"name": "c", "path": "shared.parquet", "taskColumn": "task", "taskValue": "c"}
                {"name": "e", "path": "shared.parquet", "taskColumn": "task", "taskValue": "e", "n": 7}
                """);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void write(Path file, String task, int rows, double scale, double shift, Random rng) {
        try (ParquetSampleWriter w = ParquetSampleWriter.create(file, D, ParquetSampleWriter.Precision.FLOAT)) {
            for (int i = 0; i < rows; i++) {
                w.row(task, row(rng, scale, shift));
            }
        }
    }

    /** Correlated, shifted rows (a mean far from 0 tests the centred merge). */
    private static double[] row(Random rng, double scale, double shift) {
        double[] x = new double[D];
        double common = rng.nextGaussian();
        for (int j = 0; j < D; j++) {
            x[j] = shift + scale * (rng.nextGaussian() * (1 + j % 3) + 0.5 * common);
        }
        return x;
    }

    private static double relativeDifference(SymmetricMatrix a, SymmetricMatrix b) {
        double diff = 0;
        double max = 0;
        for (int i = 0; i < a.dim(); i++) {
            for (int j = 0; j < a.dim(); j++) {
                diff = Math.max(diff, Math.abs(a.get(i, j) - b.get(i, j)));
                max = Math.max(max, Math.abs(a.get(i, j)));
            }
        }
        return diff / max;
    }

    @Test
    void momentsAgreeWithTheLocalEstimatorCentredAndNot() {
        List<SparkMoments.Input> inputs = List.of(
                new SparkMoments.Input(List.of(dir.resolve("a").toString()), "embedding", null, null),
                new SparkMoments.Input(List.of(dir.resolve("shared.parquet").toString()), null, "task", "e"));
        for (boolean center : new boolean[] {false, true}) {
            List<CovarianceEstimator> sparkEst = SparkMoments.estimate(spark, inputs, center);
            SampleFiles.Estimate a = SampleFiles.estimateAll(List.of(dir.resolve("a/part-0.parquet"),
                    dir.resolve("a/part-1.parquet"), dir.resolve("a/part-2.parquet")),
                    new SampleFiles.Selection(null, "embedding", null, null), center, 1, -1);
            SampleFiles.Estimate e = SampleFiles.estimateAll(List.of(dir.resolve("shared.parquet")),
                    new SampleFiles.Selection(null, null, "task", "e"), center, 1, -1);
            assertEquals(a.samples(), sparkEst.get(0).count());
            assertEquals(800, sparkEst.get(1).count());
            double ra = relativeDifference(a.covariance(), sparkEst.get(0).covariance());
            double re = relativeDifference(e.covariance(), sparkEst.get(1).covariance());
            assertTrue(ra <= RELATIVE && re <= RELATIVE, "center " + center + ": " + ra + ", " + re);
            double[] ma = a.mean().toArray();
            double[] sa = sparkEst.get(0).mean();
            for (int j = 0; j < D; j++) {
                assertEquals(ma[j], sa[j], RELATIVE * Math.abs(ma[j]));
            }
        }
    }

    @Test
    void theJobWritesTheProblemFileAndSidecarTheLocalEstimateWrites() throws Exception {
        Path local = dir.resolve("local.json");
        Path remote = dir.resolve("spark.json");
        int code = Main.commandLine().execute("estimate", "--manifest", dir.resolve("tasks.jsonl").toString(),
                "--target", dir.resolve("target.parquet").toString(), "--center", "--shrinkage", "oas",
                "--sidecar", "always", "--quiet", "--out", local.toString());
        assertEquals(0, code);
        AtomicFiles.beginRun();
        SparkEstimate.run(spark, SparkEstimate.Options.parse(new String[] {"--manifest",
            dir.resolve("tasks.jsonl").toString(), "--target", dir.resolve("target.parquet").toString(), "--center",
            "--shrinkage", "oas", "--sidecar", "always", "--out", remote.toString()}));
        AtomicFiles.commitRun();
        assertTrue(Files.exists(dir.resolve("spark.covariances.npy")));
        Problem p = ProblemReader.read(local);
        Problem q = ProblemReader.read(remote);
        assertEquals(p.catalog().names(), q.catalog().names());
        for (int i = 0; i < p.catalog().size(); i++) {
            assertEquals(p.catalog().task(i).size(), q.catalog().task(i).size());
            assertEquals(p.catalog().task(i).group(), q.catalog().task(i).group());
            assertEquals(p.catalog().task(i).promptLength(20), q.catalog().task(i).promptLength(20));
            double r = relativeDifference(p.catalog().task(i).covariance(), q.catalog().task(i).covariance());
            assertTrue(r <= RELATIVE, p.catalog().task(i).name() + ": " + r);
        }
        assertTrue(relativeDifference(p.target().covariance(), q.target().covariance()) <= RELATIVE);
    }

    @Test
    void aMissingTaskColumnIsAnError() {
        List<SparkMoments.Input> bad = List.of(new SparkMoments.Input(List.of(dir.resolve("b.parquet").toString()),
                null, "nope", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkMoments.estimate(spark, bad, false));
        assertTrue(e.getMessage().contains("no task column \"nope\""), e.getMessage());
    }
}
