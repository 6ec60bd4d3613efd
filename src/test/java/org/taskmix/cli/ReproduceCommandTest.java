package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import picocli.CommandLine;

class ReproduceCommandTest {

    private static final List<String> FILES = List.of("table.csv", "result.json", "figure.png", "summary.md");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void computeVsContextQuickWritesEveryFileAndTheJsonContract() throws IOException {
        Path out = dir.resolve("cvc");
        Run r = run("reproduce", "compute-vs-context", "--out", out.toString(), "--quick", "--seed", "3", "--json",
                "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        for (String f : FILES) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(doc, Json.mapper().readTree(out.resolve("result.json").toFile()));
        assertEquals("compute-vs-context", doc.get("problem").asText());
        assertEquals("bundled:problems/compute-vs-context.json", doc.get("source").asText());
        assertEquals("per-dimension", doc.get("normalization").asText());
        assertEquals(3, doc.get("seed").asLong());
        assertEquals(ReproduceCommand.QUICK_STEPS, doc.get("training").get("steps").asInt());
        assertEquals(ReproduceCommand.QUICK_PROMPTS, doc.get("training").get("testPrompts").asInt());
        assertEquals(160, doc.get("m").asInt());
        JsonNode rows = doc.get("rows");
        assertEquals(3 * 6, rows.size());
        int[] ks = {1, 2, 4, 8, 16, 32};
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals("n=" + (10 * (1 + i / 6)), row.get("series").asText());
            assertEquals(ks[i % 6], row.get("k").asInt());
            for (String f : List.of("measured", "ciLow", "ciHigh", "predicted", "predictedCiLow", "predictedCiHigh",
                    "predictedInfiniteM")) {
                assertTrue(row.get(f).isNumber(), f);
            }
            assertEquals(ks[i % 6] == 1 ? "EXACT" : "MONTE_CARLO", row.get("predictedMethod").asText());
        }
        assertEquals(3, doc.get("series").size());
        assertTrue(doc.get("series").get(0).get("distanceToOptimum").isNumber());
        JsonNode checks = doc.get("checks");
        for (String f : List.of("fallsWithK", "largerNLowerAtK1", "catchUpMeasured", "catchUpInfiniteM")) {
            assertTrue(checks.has(f), f);
        }
        assertTrue(doc.get("verdict").size() >= 3);
        assertEquals(FILES.size(), doc.get("files").size());

        // The CSV holds the same table, one line per row.
        List<String> csv = Files.readAllLines(out.resolve("table.csv"));
        assertEquals("series,n,k,measured,measuredCiLow,measuredCiHigh,predicted,predictedCiLow,predictedCiHigh,"
                + "predictedMethod,predictedInfiniteM,agrees,measuredMedian,predictedMedian,measuredAsTrained", csv.get(0));
        assertEquals(rows.size() + 1, csv.size());
        assertEquals(rows.get(0).get("measured").asDouble(), Double.parseDouble(csv.get(1).split(",")[3]), 0);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.startsWith("# Reproduction: compute-vs-context"), md);
        assertTrue(md.contains("![") && md.contains("(figure.png)"), md);
        assertTrue(md.contains("`||w_k - w*||^2 / d`"), md);
        assertTrue(md.contains("## Verdict against the paper"), md);
        byte[] png = Files.readAllBytes(out.resolve("figure.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void taskSelectionOnAProblemFilePrintsTableGroupsAndVerdict() throws IOException {
        Path problem = dir.resolve("four.json");
        // Four diagonal tasks, one per paper group; the target weighs the last two directions lightly.
        Files.writeString(problem, """
                {
                  "format": "taskmix/problem-1",
                  "name": "four",
                  "dimension": 3,
                  "tasks": [
                    {"name": "es", "group": "Easy-Short", "covariance": {"diagonal": [1, 0.9, 0.05]}},
                    {"name": "el", "group": "Easy-Long", "covariance": {"diagonal": [1, 0.9, 0.8]}},
                    {"name": "hs", "group": "Hard-Short", "covariance": {"diagonal": [1, 0.2, 0.05]}},
                    {"name": "hl", "group": "Hard-Long", "covariance": {"diagonal": [1, 0.3, 0.2]}}
                  ],
                  "target": {"name": "down", "covariance": {"diagonal": [1, 0.3, 0.2]}},
                  "settings": {"n": 12, "m": 24, "k": [1, 2, 4],
                               "train": {"steps": 300, "batch": 64, "testPrompts": 300, "seed": 4}}
                }
                """);
        Path out = dir.resolve("ts");
        Run r = run("reproduce", "task-selection", "--problem", problem.toString(), "--out", out.toString(),
                "--budget", "2", "--budget-m", "inf", "--samples", "200", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("weight per task group:"), r.out());
        assertTrue(r.out().contains("verdict against the paper:"), r.out());
        assertTrue(r.out().contains("exact J_2 (closed form at m = infinity, K = 2)"), r.out());
        for (String name : List.of("surrogate", "exact-J2", "uniform", "easy-only", "hard-only")) {
            assertTrue(r.out().contains("\n" + name + " "), name);
        }
        JsonNode doc = Json.mapper().readTree(out.resolve("result.json").toFile());
        assertEquals("inf", doc.get("budgetM").asText());
        assertEquals(5, doc.get("mixtures").size());
        JsonNode uniform = doc.get("mixtures").get(2);
        assertEquals("uniform", uniform.get("name").asText());
        assertEquals(0.25, uniform.get("groupWeights").get("Hard-Long").asDouble(), 1e-15);
        assertEquals(5 * 3, doc.get("rows").size());
        assertTrue(doc.get("checks").get("orderings").get(0).has("paperOrdering"));
        for (String f : FILES) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        // figure.png stops at the budget K = 2 so blow-ups at larger k cannot squash it; figure-all.png has every k.
        assertEquals(List.of("table.csv", "result.json", "figure.png", "figure-all.png", "summary.md"),
                Json.mapper().convertValue(doc.get("files"), List.class));
        byte[] limited = Files.readAllBytes(out.resolve("figure.png"));
        byte[] all = Files.readAllBytes(out.resolve("figure-all.png"));
        assertEquals((byte) 0x89, all[0]);
        assertEquals('P', all[1]);
        assertFalse(java.util.Arrays.equals(limited, all), "the two figures differ");
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("![task selection on down (d = 3, n = 12, m = 24), k <= 2](figure.png)"), md);
        assertTrue(md.contains("![task selection on down (d = 3, n = 12, m = 24), all k](figure-all.png)"), md);
    }

    @Test
    void unknownExperimentListsTheExperiments() {
        Run r = run("reproduce", "scaling-laws", "--out", dir.toString());
        assertEquals(Main.EXIT_INPUT, r.code());
        assertEquals("taskmix: error: EXPERIMENT: value \"scaling-laws\" is not an experiment; choose one of:"
                + " compute-vs-context, overthinking, task-selection", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void badOptionsExitTwoWithTheirRule() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"reproduce", "task-selection", "--budget-m", "zero"});
        cases.add(new String[] {"reproduce", "overthinking", "--steps", "0"});
        List<String> messages = List.of(
                "taskmix: error: --budget-m: value \"zero\" must be a whole number >= 1 (e.g. 100, 1e9) or \"inf\""
                + " (run 'taskmix reproduce --help' for usage)",
                "taskmix: error: --steps: value 0 must be >= 1");
        for (int i = 0; i < cases.size(); i++) {
            Run r = run(cases.get(i));
            assertEquals(Main.EXIT_INPUT, r.code());
            assertEquals(messages.get(i), r.err().strip());
        }
        Run missing = run("reproduce");
        assertEquals(Main.EXIT_INPUT, missing.code());
        assertTrue(missing.err().contains("Missing required parameter: 'EXPERIMENT'"), missing.err());
    }

    @Test
    void markdownEscapesAsterisks() {
        // "w*" and "P*S_m" in verdict text would otherwise open and close emphasis in summary.md.
        assertEquals("w\\* - W_14 and P\\*S_m", ReproduceOutput.markdown("w* - W_14 and P*S_m"));
    }

    @Test
    void helpListsTheExperiments() {
        Run r = run("reproduce", "--help");
        assertEquals(0, r.code());
        // Help text wraps lines; compare with whitespace collapsed.
        String text = r.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("EXPERIMENT One of: compute-vs-context, overthinking, task-selection."), r.out());
    }
}
