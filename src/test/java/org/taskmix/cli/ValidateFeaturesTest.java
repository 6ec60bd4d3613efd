package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.taskmix.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;

/** {@code validate --features empirical}: rows from the manifest estimate read, and the gap report. */
class ValidateFeaturesTest {

    private static final String[] FAST = {"--steps", "300", "--batch", "64", "--test-prompts", "300", "--k-max", "3",
        "--samples", "200", "--quiet"};

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        AtomicFiles.clearInputs();
        Random rng = new Random(3);
        writeRows(dir.resolve("a.csv"), rng, 2.0, 0.5, 400);
        writeRows(dir.resolve("b.csv"), rng, 0.5, 1.5, 400);
        writeRows(dir.resolve("t.csv"), rng, 1.0, 1.0, 400);
        Files.writeString(dir.resolve("tasks.jsonl"), """
                {"name": "a", "path": "a.csv"}
                {"name": "b", "path": "b.csv"}
                """);
        CliRun est = run("estimate", "--manifest", dir.resolve("tasks.jsonl").toString(), "--target",
                dir.resolve("t.csv").toString(), "--center", "--n", "8", "--m", "16", "--quiet",
                "--out", dir.resolve("p.json").toString());
        assertEquals(0, est.code(), est.err());
    }

    @AfterEach
    void tearDown() {
        AtomicFiles.clearInputs();
    }

    /** Uniform (not Gaussian) rows with the given standard deviations: sqrt(3)·sd·U(−1, 1). */
    private static void writeRows(Path file, Random rng, double sd0, double sd1, int rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(5 + Math.sqrt(3) * sd0 * (2 * rng.nextDouble() - 1)).append(',')
                    .append(-3 + Math.sqrt(3) * sd1 * (2 * rng.nextDouble() - 1)).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private CliRun validate(String... extra) {
        String[] base = {"validate", dir.resolve("p.json").toString(), "--mixture", "uniform"};
        String[] args = new String[base.length + FAST.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(FAST, 0, args, base.length, FAST.length);
        System.arraycopy(extra, 0, args, base.length + FAST.length, extra.length);
        return run(args);
    }

    @Test
    void empiricalFeaturesReportTheGapToTheGaussianPrediction() throws IOException {
        CliRun r = validate("--features", "empirical", "--feature-manifest", dir.resolve("tasks.jsonl").toString(),
                "--feature-target", dir.resolve("t.csv").toString(), "--feature-center", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = r.json();
        assertEquals("empirical", doc.get("features").asText());
        assertEquals(3, doc.get("gap").size());
        for (int k = 0; k < 3; k++) {
            JsonNode g = doc.get("gap").get(k);
            assertEquals(doc.get("measured").get(k).get("error").asDouble(), g.get("measured").asDouble(), 0.0);
            assertEquals(doc.get("predicted").get(k).get("error").asDouble(), g.get("predicted").asDouble(), 0.0);
            assertEquals(g.get("measured").asDouble() - g.get("predicted").asDouble(), g.get("gap").asDouble(), 0.0);
            assertTrue(g.get("gapLow").asDouble() <= g.get("gap").asDouble());
            assertTrue(g.get("gapHigh").asDouble() >= g.get("gap").asDouble());
        }
        // Same seed, same output; the Gaussian run differs (other examples).
        JsonNode again = validate("--features", "empirical", "--feature-manifest",
                dir.resolve("tasks.jsonl").toString(), "--feature-target", dir.resolve("t.csv").toString(),
                "--feature-center", "--json").json();
        assertEquals(doc.get("measured"), again.get("measured"));
        assertEquals(doc.get("gap"), again.get("gap"));
        CliRun gauss = validate("--json");
        assertEquals(0, gauss.code(), gauss.err());
        assertEquals("gaussian", gauss.json().get("features").asText());
        assertTrue(gauss.json().get("measured").get(0).get("error").asDouble()
                != doc.get("measured").get(0).get("error").asDouble());
        CliRun text = validate("--features", "empirical", "--feature-manifest", dir.resolve("tasks.jsonl").toString(),
                "--feature-target", dir.resolve("t.csv").toString(), "--feature-center");
        assertTrue(text.out().contains("empirical features: measured minus the Gaussian theory's prediction"),
                text.out());
    }

    @Test
    void aTaskWithoutRowsIsOneLineExitTwo() throws IOException {
        Path partial = dir.resolve("partial.jsonl");
        Files.writeString(partial, "{\"name\": \"a\", \"path\": \"a.csv\"}\n");
        CliRun r = validate("--features", "empirical", "--feature-manifest", partial.toString(), "--feature-target",
                dir.resolve("t.csv").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("taskmix: error: ") && r.err().contains("task \"b\" of the problem has no entry"),
                r.err());
        CliRun missing = validate("--features", "empirical");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("needs --feature-manifest"), missing.err());
        CliRun stray = validate("--feature-center");
        assertEquals(2, stray.code());
        CliRun bad = validate("--features", "bogus");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("must be \"gaussian\" or \"empirical\""), bad.err());
    }
}
