package org.taskmix.cli;

import static org.taskmix.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import picocli.CommandLine;

class PredictCommandTest {

    @TempDir
    Path dir;

    private Path overthinking;
    private Path sameCovariance;
    private Path weights;

    /** Result of one command-line run. */
    @BeforeEach
    void setUp() throws IOException {
        AtomicFiles.clearInputs();
        // Training λ_i = 1/i, target Σ = I, n = 30: the paper's overthinking set-up in d = 6.
        overthinking = write("overthinking.json", """
                {"format": "taskmix/problem-1", "name": "ot", "dimension": 6,
                 "tasks": [{"name": "a", "covariance": {"diagonal": [1, 0.5, 0.3333333333333333, 0.25, 0.2, 0.16666666666666666]}},
                           {"name": "b", "covariance": {"diagonal": [1, 1, 1, 1, 1, 1]}}],
                 "target": {"name": "t", "covariance": {"diagonal": [1, 1, 1, 1, 1, 1]}},
                 "settings": {"n": 30, "m": 40, "k": [1, 2, 4, 8]}}
                """);
        sameCovariance = write("same.json", """
                {"format": "taskmix/problem-1", "name": "same", "dimension": 3,
                 "tasks": [{"name": "a", "covariance": {"diagonal": [2, 1, 0.5]}},
                           {"name": "b", "covariance": {"diagonal": [1, 1, 1]}}],
                 "target": {"name": "t", "covariance": {"diagonal": [2, 1, 0.5]}},
                 "settings": {"n": 10, "m": 20, "k": [1, 2, 4]}}
                """);
        weights = write("w.json", "{\"weights\": {\"a\": 1, \"b\": 0}}");
    }

    @AfterEach
    void tearDown() {
        AtomicFiles.clearInputs();
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void jsonCarriesTheContractFields() throws IOException {
        CliRun r = run("predict", overthinking.toString(), "--weights", weights.toString(), "--m", "inf", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = r.json();
        assertEquals("per-dimension", doc.get("normalization").asText());
        assertEquals(4, doc.get("curve").size());
        assertEquals(1, doc.get("curve").get(0).get("k").asInt());
        assertTrue(doc.get("curve").get(0).get("error").isDouble());
        assertEquals("closed-form", doc.get("curve").get(0).get("method").asText());
        assertEquals(1, doc.get("kStar").asInt());
        assertEquals(doc.get("curve").get(0).get("error").asDouble(), doc.get("errorAtKStar").asDouble(), 0.0);
        assertTrue(doc.get("overthinking").asBoolean());
        assertEquals("Infinity", doc.get("m").asText());
        assertEquals(8, doc.get("mInfinityCurve").size());
        JsonNode target = doc.get("targets").get(0);
        assertEquals(6, target.get("eigenvalues").size());
        assertTrue(target.get("growingDirections").asInt() > 0);
        assertTrue(doc.get("warnings").get(0).asText().startsWith("error rises after k* = 1: "));
    }

    @Test
    void finiteMHasExactFirstStepAndMonteCarloIntervals() throws IOException {
        CliRun r = run("predict", sameCovariance.toString(), "--weights", weights.toString(), "--samples", "200",
                "--seed", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = r.json();
        assertEquals(20, doc.get("m").asInt());
        JsonNode k1 = doc.get("curve").get(0);
        assertEquals("exact", k1.get("method").asText());
        JsonNode k4 = doc.get("curve").get(2);
        assertEquals("monte-carlo", k4.get("method").asText());
        assertTrue(k4.get("ciLow").asDouble() < k4.get("error").asDouble());
        assertTrue(k4.get("ciHigh").asDouble() > k4.get("error").asDouble());
        assertFalse(doc.get("overthinking").asBoolean());
        JsonNode bounds = doc.get("targets").get(0).get("bounds");
        assertEquals("a", bounds.get("task").asText());
        assertTrue(bounds.get("holds").asBoolean());
        assertEquals(3.5 / 0.5, bounds.get("hardness").asDouble(), 1e-12);
        // Same seed, same document.
        CliRun again = run("predict", sameCovariance.toString(), "--weights", weights.toString(), "--samples", "200",
                "--seed", "4", "--json");
        assertEquals(r.outWithoutStartTime(), again.outWithoutStartTime());
    }

    @Test
    void humanOutputShowsTheTableKStarAndTheWarning() {
        CliRun r = run("predict", overthinking.toString(), "--weights", weights.toString(), "--k", "4,1,2,2",
                "--samples", "50");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("errors per dimension: E||w_k - w*||^2 / d"), out);
        assertTrue(out.contains("m=inf") && out.contains("m=40") && out.contains("95% interval"), out);
        assertTrue(out.contains("(exact)"), out);
        assertTrue(out.contains("k* = 1 (best CoT length at m = inf over k = 1..4)"), out);
        assertTrue(out.contains("warning: error rises after k* = 1: "), out);
        assertTrue(out.matches("(?s).*target t: eigenvalues mu of P\\*Sigma: \\d+ grow, \\d+ shrink; max \\|1 - mu\\| = .*"), out);
        long rows = out.lines().filter(l -> l.matches("^\\d+\\s+.*")).count();
        assertEquals(3, rows, "k = 1, 2, 4 (sorted, de-duplicated):\n" + out);
    }

    @Test
    void helpIsFormattedWithoutWarnings() {
        CliRun r = run("predict", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("95% BCa bootstrap interval"), r.out());
        assertFalse(r.out().contains("WARN") || r.err().contains("WARN"), r.out() + r.err());
    }

    @Test
    void outWritesJsonAndCsvAtomically() throws IOException {
        Path outDir = dir.resolve("out");
        CliRun r = run("predict", sameCovariance.toString(), "--weights", weights.toString(), "--m", "inf", "--out",
                outDir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(r.out(), Files.readString(outDir.resolve("predict.json")));
        List<String> csv = Files.readAllLines(outDir.resolve("curve.csv"));
        assertEquals("k,error_m_inf,error,ci_low,ci_high,method,median,q10,q90", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(1).startsWith("1,"));
        assertTrue(csv.get(1).contains(",closed-form,"), csv.get(1));
        try (var files = Files.list(outDir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void overflowIsInfinityWithAFlag() throws IOException {
        CliRun r = run("predict", overthinking.toString(), "--weights", weights.toString(), "--m", "inf", "--k",
                "1,400", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = r.json();
        assertTrue(doc.get("overflow").asBoolean());
        JsonNode last = doc.get("curve").get(1);
        assertEquals("Infinity", last.get("error").asText());
        assertTrue(last.get("overflow").asBoolean());
        assertFalse(r.out().contains("NaN"));
    }

    /**
     * Done-means of issue 12: {@code --m 1e9} (and 1e12, beyond int) is drawn from the Wishart law
     * and agrees with {@code --m inf} within its interval at every k > 1 (k = 1 is the exact
     * finite-m formula, 1/m away from m = inf).
     */
    @Test
    void hugeTestLengthsAgreeWithInfinity() throws IOException {
        Path tiny = Path.of("problems/tiny.json");
        Path w = write("tiny-w.csv", "task,weight\na,0.5294118\nb,0.4705882\nc,0\n");
        CliRun inf = run("predict", tiny.toString(), "--weights", w.toString(), "--m", "inf", "--k", "1,2,4,8",
                "--json");
        assertEquals(0, inf.code(), inf.err());
        JsonNode infDoc = Json.mapper().readTree(inf.out());
        for (String m : new String[] {"1e9", "1E12"}) {
            CliRun r = run("predict", tiny.toString(), "--weights", w.toString(), "--m", m, "--k", "1,2,4,8", "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode doc = Json.mapper().readTree(r.out());
            assertEquals(m.equals("1e9") ? 1_000_000_000L : 1_000_000_000_000L, doc.get("m").asLong());
            assertEquals("bca-bootstrap", doc.get("intervalMethod").asText());
            for (int j = 0; j < 4; j++) {
                JsonNode pt = doc.get("curve").get(j);
                double exact = infDoc.get("curve").get(j).get("error").asDouble();
                // k = 1: exact at finite m, O(1/m) above m = inf; 1e-8 relative is far above 1/m here.
                double slack = j == 0 ? 1e-8 * exact : 0;
                assertTrue(pt.get("ciLow").asDouble() - slack <= exact && exact <= pt.get("ciHigh").asDouble() + slack,
                        "m = " + m + ", k index " + j + ": " + pt + " vs " + exact);
                assertTrue(pt.has("median") && pt.has("q10") && pt.has("q90") && pt.has("mean"), pt.toString());
            }
        }
    }

    @Test
    void rejectsBadNumbersWithExitTwo() {
        String p = overthinking.toString();
        String w = weights.toString();
        expectError("--k: value 0 must be >= 1", "predict", p, "--weights", w, "--k", "1,0");
        expectError("--m: value 0 must be >= 1 (or \"inf\") (run 'taskmix predict --help' for usage)", "predict", p, "--weights", w, "--m", "0");
        expectError("--m: value \"ten\" must be a whole number >= 1 (e.g. 100, 1e9) or \"inf\" (run 'taskmix predict --help' for usage)", "predict", p, "--weights", w,
                "--m", "ten");
        expectError("--m: value 2.5 must be a whole number (run 'taskmix predict --help' for usage)", "predict", p, "--weights", w, "--m", "2.5");
        expectError("--m: value 1e30 must be at most 9223372036854775807 (or \"inf\") (run 'taskmix predict --help' for usage)",
                "predict", p, "--weights", w, "--m", "1e30");
        expectError("--n: value 0 must be >= 1", "predict", p, "--weights", w, "--n", "0");
        expectError("--samples: value 1 must be >= 2 (a confidence interval needs a spread)", "predict", p,
                "--weights", w, "--samples", "1");
        CliRun missing = run("predict", p);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("Missing required argument (specify one of these): (--weights=FILE | --mixture=SPEC)"),
                missing.err());
    }

    @Test
    void weightsFileErrorsNameTheTask() throws IOException {
        String p = overthinking.toString();
        Path neg = write("neg.json", "{\"weights\": {\"a\": 1.5, \"b\": -0.5}}");
        expectError(neg + ": weights.b: value -0.5 for task \"b\" is negative; weights must be >= 0", "predict", p,
                "--weights", neg.toString());
        Path unknown = write("unknown.json", "{\"weights\": {\"a\": 0.5, \"b\": 0.25, \"zz\": 0.25}}");
        expectError(unknown + ": weights.zz: task \"zz\" is not in the catalog (tasks: a, b)", "predict", p,
                "--weights", unknown.toString());
        Path absent = write("absent.json", "{\"weights\": {\"a\": 1}}");
        expectError(absent + ": weights: task \"b\" has no weight; give every catalog task a weight (0 to leave it"
                + " out), or pass --missing-as-zero", "predict", p, "--weights", absent.toString());
        Path sum = write("sum.json", "{\"weights\": {\"a\": 0.5, \"b\": 0.4}}");
        expectError(sum + ": weights: weights sum to 0.9, not 1 (tolerance 1.0E-6)", "predict", p, "--weights",
                sum.toString());
        Path nan = write("nan.json", "{\"weights\": {\"a\": NaN, \"b\": 1}}");
        // Caught by the JSON field reader already; the field path names the task.
        expectError(nan + ": weights.a: value NaN is not finite", "predict", p, "--weights",
                nan.toString());
        Path csv = write("w.csv", "task,weight\na,0.7\nb,-0.3\n");
        expectError(csv + ": weights.b: value -0.3 for task \"b\" is negative; weights must be >= 0", "predict", p,
                "--weights", csv.toString());
    }

    @Test
    void missingAsZeroReadsAPartialWeightsFileAsExplicitZeros() throws IOException {
        Path partial = write("partial.json", "{\"weights\": {\"a\": 1}}");
        String p = overthinking.toString();
        expectError(partial + ": weights: task \"b\" has no weight; give every catalog task a weight (0 to leave it"
                + " out), or pass --missing-as-zero", "predict", p, "--weights", partial.toString(), "--m", "inf");
        CliRun lenient = run("predict", p, "--weights", partial.toString(), "--m", "inf", "--json", "--missing-as-zero");
        assertEquals(0, lenient.code(), lenient.err());
        CliRun explicit = run("predict", p, "--weights", weights.toString(), "--m", "inf", "--json");
        assertEquals(0, explicit.code(), explicit.err());
        assertEquals(0.0, lenient.json().get("weights").get("b").asDouble(), 0.0);
        assertEquals(explicit.json().get("curve"), lenient.json().get("curve"));
    }

    @Test
    void uncoveredMixtureIsABadInput() throws IOException {
        Path problem = write("gap.json", """
                {"format": "taskmix/problem-1", "name": "gap", "dimension": 2,
                 "tasks": [{"name": "a", "covariance": {"diagonal": [1, 0]}},
                           {"name": "b", "covariance": {"diagonal": [0, 1]}}],
                 "target": {"name": "t", "covariance": {"diagonal": [1, 1]}},
                 "settings": {"n": 10, "m": 20, "k": [1, 2]}}
                """);
        expectError("the mixture's second moment M = sum pi_l Gamma_l Lambda_l is singular: the weighted tasks"
                + " leave some feature direction with zero variance", "predict", problem.toString(), "--weights",
                weights.toString());
    }

    private static void expectError(String message, String... args) {
        CliRun r = run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals("taskmix: error: " + message, r.err().strip());
        assertEquals("", r.out());
    }
}
