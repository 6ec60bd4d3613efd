package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.MemoryRows;
import org.taskmix.catalog.Problem;
import org.taskmix.cli.BadInputTest.Run;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.NpyWriter;
import org.taskmix.io.ProblemReader;
import org.taskmix.linalg.SymmetricMatrix;

class EstimateCommandTest {

    /**
     * Sampling bound for Gaussian samples: Ŝ_ij is a mean of N i.i.d. products with variance
     * Λ_ii Λ_jj + Λ_ij² (Isserlis), so |Ŝ_ij − Λ_ij| ≤ K·√((Λ_ii Λ_jj + Λ_ij²)/N). K = 6: the normal
     * tail beyond 6σ is 2e-9 per entry, so with 15 entries per matrix the family-wise false-alarm
     * rate stays below 1e-7; float32 storage adds a relative 6e-8 per value, negligible next to
     * the 1/√N sampling error. The data are seeded, so the outcome is reproducible.
     */
    private static final double K_SIGMA = 6;

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private Path npy(String name, double[] x, int d, boolean f32) {
        Path p = tmp.resolve(name);
        try (NpyWriter w = NpyWriter.create(p, x.length / d, d, f32)) {
            for (int r = 0; r < x.length / d; r++) {
                w.row(Arrays.copyOfRange(x, r * d, r * d + d));
            }
        }
        return p;
    }

    private Path csv(String name, double[] x, int d) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < x.length / d; r++) {
            for (int c = 0; c < d; c++) {
                sb.append(c > 0 ? "," : "").append(x[r * d + c]);
            }
            sb.append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void gaussianSamplesAreRecoveredWithinTheSamplingBound() throws IOException {
        int d = 5;
        int n = 150_000;
        SymmetricMatrix lambdaA = Generators.powerLaw(d, 0.8, 3).build();
        SymmetricMatrix lambdaB = Generators.lowRankPlusFloor(d, new double[] {2, 1}, 0.1, 4).build();
        SymmetricMatrix sigma = Generators.powerLaw(d, 0.3, 5).build();
        Path a = npy("a.npy", MemoryRows.gaussian(lambdaA, n, 1), d, true);
        Path b = npy("b.npy", MemoryRows.gaussian(lambdaB, n, 2), d, false);
        Path t = csv("t.csv", MemoryRows.gaussian(sigma, 20_000, 3), d);
        Path out = tmp.resolve("est.json");
        // --quiet: under load a task can pass the 2 s progress threshold, and ok() wants empty stderr
        Run r = Run.of("estimate", "--quiet", "--task", "a=" + a, "--task", "b=" + b, "--target", t.toString(), "--group", "b=G",
                "--out", out.toString()).ok();
        assertTrue(r.out().startsWith("wrote " + out + ": 2 tasks, d = 5, second moment (uncentred)"), r.out());
        Problem p = ProblemReader.read(out);
        assertWithinSamplingBound(lambdaA, p.catalog().task(0).covariance(), n);
        assertWithinSamplingBound(lambdaB, p.catalog().task(1).covariance(), n);
        assertWithinSamplingBound(sigma, p.target().covariance(), 20_000);
        assertEquals((double) n, p.catalog().task(0).size());
        assertEquals("G", p.catalog().task(1).group());
        assertEquals("est", p.name());
        assertTrue(p.description().contains("uncentred second moment"));
    }

    @Test
    void resultIsBitIdenticalForOneAndTwoThreads() throws IOException {
        int d = 4;
        double[] x = MemoryRows.gaussian(SymmetricMatrix.diagonal(4, 3, 2, 1), 140_000, 8);
        Path a = npy("a.npy", x, d, true);
        Path one = tmp.resolve("one.json");
        Path two = tmp.resolve("two.json");
        Run.of("estimate", "--quiet", "--task", "a=" + a, "--target-identity", "--threads", "1", "--center", "--name", "n", "--out", one.toString()).ok();
        Run.of("estimate", "--quiet", "--task", "a=" + a, "--target-identity", "--threads", "2", "--center", "--name", "n", "--out", two.toString()).ok();
        String t1 = Files.readString(one).replace(one.toString(), "");
        String t2 = Files.readString(two).replace(two.toString(), "");
        assertEquals(t1, t2);
        assertEquals(SymmetricMatrix.identity(d), ProblemReader.read(one).target().covariance());
    }

    @Test
    void centredEstimateRemovesTheMean() throws IOException {
        int d = 2;
        int n = 40_000;
        double[] x = MemoryRows.gaussian(SymmetricMatrix.diagonal(1, 0.5), n, 6);
        for (int r = 0; r < n; r++) {
            x[r * d] += 10;
        }
        Path a = npy("shifted.npy", x, d, false);
        Path out = tmp.resolve("c.json");
        Run json = Run.of("estimate", "--task", "a=" + a, "--target-identity", "--center", "--json", "--out",
                out.toString()).ok();
        JsonNode doc = Json.mapper().readTree(json.out());
        assertTrue(doc.get("centered").asBoolean());
        assertEquals(n, doc.get("tasks").get(0).get("samples").asLong());
        assertEquals(10.0, doc.get("tasks").get(0).get("meanNorm").asDouble(), 0.05);
        assertEquals("identity", doc.get("target").get("covariance").asText());
        assertWithinSamplingBound(SymmetricMatrix.diagonal(1, 0.5), ProblemReader.read(out).catalog().task(0).covariance(), n);
        // Without --center the mean dominates the second moment, and the human output says so.
        Run raw = Run.of("estimate", "--task", "a=" + a, "--target-identity", "--out", tmp.resolve("r.json").toString()).ok();
        assertTrue(raw.out().contains("Consider --center"), raw.out());
    }

    @Test
    void badArgumentsExitTwo() throws IOException {
        int d = 3;
        Path a = npy("a.npy", MemoryRows.gaussian(SymmetricMatrix.identity(d), 50, 1), d, true);
        Path b = npy("b.npy", MemoryRows.gaussian(SymmetricMatrix.identity(2), 50, 1), 2, true);
        String out = tmp.resolve("o.json").toString();
        Run.of("estimate", "--task", "a=" + a, "--task", "a=" + a, "--target-identity", "--out", out)
                .inputError("--task: value \"a=" + a + "\": task name \"a\" is given twice; task names must be unique");
        Run.of("estimate", "--task", a.toString(), "--target-identity", "--out", out)
                .inputError("--task: value \"" + a + "\" must be NAME=FILE");
        Run.of("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target-identity", "--out", out)
                .inputError(b + ": has 2 columns but " + a + " (the first task) has 3; every task must have one dimension");
        Run.of("estimate", "--task", "a=" + a, "--target", b.toString(), "--out", out)
                .inputError(b + ": has 2 columns but the tasks (" + a + ") have 3; the target must have the tasks'"
                        + " dimension");
        // A target whose samples span only 2 of 3 directions has a singular covariance.
        double[] flat = MemoryRows.gaussian(SymmetricMatrix.diagonal(1, 1, 0), 50, 2);
        Path s = npy("flat.npy", flat, d, false);
        String rule = org.taskmix.catalog.CovarianceRules.targetViolation(
                org.taskmix.io.SampleFiles.estimate(s, false, 1, d).covariance());
        AtomicFiles.clearInputs();
        assertTrue(rule.startsWith("target covariance is singular") && rule.contains("the selection program needs the"
                + " inverse of the target covariance"), rule);
        Run.of("estimate", "--task", "a=" + a, "--target", s.toString(), "--out", out).inputError(s + ": " + rule);
        Run.of("estimate", "--task", "a=" + a, "--target-identity", "--out", a.toString())
                .inputError(a + ": refusing to write over an input file; choose another output path");
        Run both = Run.of("estimate", "--task", "a=" + a, "--target-identity", "--target", a.toString(), "--out", out);
        assertEquals(Main.EXIT_INPUT, both.code());
        Path txt = tmp.resolve("a.xyz");
        Files.writeString(txt, "x");
        Run.of("estimate", "--task", "a=" + txt, "--target-identity", "--out", out)
                .inputError(txt + ": unknown sample file type; expected a .npy (NumPy float16/float32/float64, 2-D),"
                        + " .npz (NumPy archive), .parquet (an embedding list column, or one column per dimension) or"
                        + " .csv (one sample per line) file");
    }

    static void assertWithinSamplingBound(SymmetricMatrix lambda, SymmetricMatrix est, int n) {
        int d = lambda.dim();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double var = (lambda.get(i, i) * lambda.get(j, j) + lambda.get(i, j) * lambda.get(i, j)) / n;
                double bound = K_SIGMA * Math.sqrt(var);
                assertEquals(lambda.get(i, j), est.get(i, j), bound, "[" + i + "][" + j + "]");
            }
        }
    }
}
