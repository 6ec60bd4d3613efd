package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.taskmix.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --model transformer} and the nonlinear reproduce experiments, at toy sizes. */
class TransformerCommandsTest {

    private static final String PROBLEM = "problems/nonlinear-compute-vs-context.json";

    @Test
    void validateWithTheTinyTransformerWritesItsJson(@TempDir Path dir) throws Exception {
        CliRun r = run("validate", PROBLEM, "--mixture", "uniform", "--model", "transformer:tiny", "--steps", "20",
                "--batch", "16", "--k-train", "2", "--k-max", "3", "--test-prompts", "40", "--json", "--quiet",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"model\" : \"transformer:tiny\"") || r.out().contains("\"model\":\"transformer:tiny\""),
                r.out());
        assertTrue(r.out().contains("promptsPerSecond"), r.out());
        assertTrue(r.out().contains("\"median\""), r.out());
        assertTrue(Files.exists(dir.resolve("validate.json")));
        assertTrue(Files.exists(dir.resolve("curves.png")));
    }

    @Test
    void sameSeedGivesTheSameJson() {
        String[] args = {"validate", PROBLEM, "--mixture", "uniform", "--model", "transformer:tiny", "--steps", "15",
                "--batch", "8", "--k-max", "2", "--test-prompts", "20", "--json", "--quiet", "--seed", "4"};
        CliRun a = run(args);
        CliRun b = run(args);
        assertEquals(0, a.code(), a.err());
        String ma = a.out().substring(a.out().indexOf("\"measured\""), a.out().indexOf("\"predicted\""));
        String mb = b.out().substring(b.out().indexOf("\"measured\""), b.out().indexOf("\"predicted\""));
        assertEquals(ma, mb);
    }

    @Test
    void compareValidatesEveryMixtureOnTheTransformer() {
        CliRun r = run("compare", "problems/nonlinear-task-selection.json", "--mixtures", "uniform,hard-only", "--validate",
                "--model", "transformer:tiny", "--steps", "3", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        String out = r.out().replaceAll("\\s+", "");
        assertEquals(2, out.split("\"transformer\":\\{\"model\":\"transformer:tiny\"", -1).length - 1, r.out());
    }

    @Test
    void unknownModelIsOneLineExit2() {
        CliRun r = run("validate", PROBLEM, "--mixture", "uniform", "--model", "gpt5");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --model: value \"gpt5\" must be lsa, transformer or transformer:PRESET"
                + " (PRESET: small, paper, tiny or LAYERSxHEADSxWIDTH)", r.err().strip());
    }

    @Test
    void badPresetIsOneLineExit2() {
        CliRun r = run("validate", PROBLEM, "--mixture", "uniform", "--model", "transformer:huge");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("taskmix: error: --model: value \"huge\" must be small, paper, tiny"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void kTrainNeedsTheTransformer() {
        CliRun r = run("validate", PROBLEM, "--mixture", "uniform", "--k-train", "2");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --k-train: only used with --model transformer", r.err().strip());
    }

    @Test
    void reproduceNonlinearWritesTablesFiguresAndVerdicts(@TempDir Path dir) throws Exception {
        CliRun r = run("reproduce", "nonlinear-overthinking", "--quick", "--steps", "10", "--seeds", "1",
                "--test-prompts", "30", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"table.csv", "runs.csv", "result.json", "figure-ktrain1.png", "figure-ktrain8.png",
            "summary.md"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("K_train = 1: ") && md.contains("K_train = 8: "), md);
        assertTrue(md.contains("REPRODUCED"), md);
        // 3 n x 2 K_train x 8 k rows plus the header.
        assertEquals(1 + 3 * 2 * 8, Files.readAllLines(dir.resolve("table.csv")).size());
    }

    @Test
    void aTimeBudgetStopsEarlyAndSaysHowManyRunsRan(@TempDir Path dir) throws Exception {
        CliRun r = run("reproduce", "nonlinear-compute-vs-context", "--quick", "--steps", "5", "--seeds", "2",
                "--test-prompts", "20", "--max-minutes", "0.000001", "--quiet", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("Stopped at the time budget (--max-minutes) after 1 of 12 planned training runs"), md);
        assertTrue(md.contains("Seeds per cell: 0 to 1."), md);
    }
}
