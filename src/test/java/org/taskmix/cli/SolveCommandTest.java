package org.taskmix.cli;

import static org.taskmix.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.SolverSettingsReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.selection.SolverSettings;
import picocli.CommandLine;

class SolveCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }



    /** d = 2 hand-derived problem (see selection Fixtures): optimum (0.7, 0.3, 0), objective 0.1. */
    private Path hand() throws Exception {
        Path p = dir.resolve("hand.json");
        Files.writeString(p, """
                {"format": "taskmix/problem-1", "name": "hand", "description": "hand-derived", "dimension": 2,
                 "tasks": [
                   {"name": "a", "group": "Easy-Short", "size": 10, "covariance": {"diagonal": [1, 0]}},
                   {"name": "b", "group": "Hard-Long", "size": 30, "covariance": {"diagonal": [0, 3]}},
                   {"name": "c", "group": "Easy-Long", "size": 60, "covariance": {"diagonal": [0.2, 0.2]}}],
                 "target": {"name": "I", "covariance": {"diagonal": [1, 1]}}}
                """);
        return p;
    }

    /** Issue 12: the finite-m exact objective reports its SAA certificate and gap interval. */
    @Test
    void finiteMExactObjectiveReportsTheSaaGapInterval() throws Exception {
        CliRun r = run("solve", "problems/tiny.json", "--objective", "exact", "--k", "4", "--m", "20", "--json");
        JsonNode doc = org.taskmix.io.Json.mapper().readTree(r.out());
        JsonNode saa = doc.get("saa");
        assertTrue(saa != null, r.out());
        JsonNode gap = saa.get("gap");
        assertTrue(0 <= gap.get("ciLow").asDouble() && gap.get("ciLow").asDouble() <= gap.get("mean").asDouble()
                && gap.get("mean").asDouble() <= gap.get("ciHigh").asDouble(), gap.toString());
        assertEquals("mean", saa.get("statistic").asText());
        assertTrue(saa.get("statement").asText().contains("CERTIFIED"), saa.toString());
        CliRun bad = run("solve", "problems/tiny.json", "--objective", "exact", "--k", "4", "--m", "20",
                "--statistic", "p5");
        assertEquals(2, bad.code(), bad.err());
    }

    @Test
    void jsonOutputMeetsTheContract() throws Exception {
        CliRun r = run("solve", hand().toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("OPTIMAL", doc.get("status").asText());
        assertEquals(0.1, doc.get("objective").asDouble(), 1e-12);
        assertEquals(0.7, doc.get("weights").get("a").asDouble(), 1e-9);
        assertEquals(0.3, doc.get("weights").get("b").asDouble(), 1e-9);
        assertEquals(0.0, doc.get("weights").get("c").asDouble(), 1e-9);
        assertTrue(doc.get("certificate").get("gap").asDouble() <= 1e-9);
        assertTrue(doc.get("certificate").has("primalResidual"));
        assertTrue(doc.get("certificate").has("kktResidual"));
        assertEquals("ojalgo-active-set", doc.get("solver").asText());
        assertTrue(doc.get("seconds").isNumber());
        assertEquals(0.44, doc.get("tasks").get(2).get("reducedGradient").asDouble(), 1e-9);
        assertEquals("surrogate", doc.get("objectiveKind").asText());
    }

    @Test
    void outWritesSolutionAndWeightsThatReadBackAsWeightsFiles() throws Exception {
        Path p = hand();
        Path out = dir.resolve("out");
        CliRun r = run("solve", p.toString(), "--solver", "large-scale", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("status OPTIMAL"), r.out());
        var catalog = org.taskmix.io.ProblemReader.read(p).catalog();
        double[] fromJson = WeightsFile.read(out.resolve("solution.json"), catalog);
        double[] fromCsv = WeightsFile.read(out.resolve("weights.csv"), catalog);
        assertEquals(0.7, fromJson[0], 1e-9);
        assertEquals(fromJson[1], fromCsv[1], 0);
    }

    @Test
    void unknownObjectiveIsAUsageError() throws Exception {
        CliRun r = run("solve", hand().toString(), "--objective", "bogus");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --objective: value \"bogus\" is not available; accepted: surrogate, exact\n",
                r.err().replace("\r", ""));
    }

    @Test
    void infeasibleConstraintsExitTwoNamingTheTasks() throws Exception {
        Path p = dir.resolve("bad.json");
        Files.writeString(p, Files.readString(hand()).replace("\"size\": 10,", "\"size\": 10, \"minWeight\": 0.7,")
                .replace("\"size\": 30,", "\"size\": 30, \"fixedWeight\": 0.5,"));
        CliRun r = run("solve", p.toString());
        assertEquals(2, r.code());
        assertEquals("taskmix: error: infeasible weight constraints: the minimum and fixed weights of a (minWeight 0.7),"
                + " b (fixedWeight 0.5) sum to 1.2 > 1\n", r.err().replace("\r", ""));
    }

    @Test
    void solverStoppedBeforeItsToleranceExitsThreeWithTheResult() throws Exception {
        Path settings = dir.resolve("one-step.json");
        Files.writeString(settings, """
                {"format": "taskmix/solver-1", "name": "one-step", "description": "stops at once",
                 "backend": "taskmix", "algorithm": "first-order", "maxIterations": 1}
                """);
        CliRun r = run("solve", hand().toString(), "--solver", settings.toString(), "--json", "--quiet");
        assertEquals(3, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("NOT_CONVERGED", doc.get("status").asText());
        assertTrue(doc.get("message").asText().contains("iteration limit 1 reached"));
    }

    @Test
    void priorAndRobustVariantsRun() throws Exception {
        CliRun r = run("solve", hand().toString(), "--prior", "size", "--prior-strength", "0.5", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("size", doc.get("prior").get("name").asText());
        // The pull towards (0.1, 0.3, 0.6) gives c some weight.
        assertTrue(doc.get("weights").get("c").asDouble() > 0.01);
        CliRun bad = run("solve", hand().toString(), "--prior-strength", "2");
        assertEquals(2, bad.code());
    }

    @Test
    void builtInSettingsFilesMatchTheBuiltIns() throws Exception {
        for (Map.Entry<String, SolverSettings> e : SolverSettings.builtIn().entrySet()) {
            SolverSettings file = SolverSettingsReader.read(Path.of("solvers", e.getKey() + ".json"));
            assertEquals(e.getValue(), file, e.getKey());
        }
        CliRun r = run("solve", hand().toString(), "--solver", "nonesuch");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --solver: \"nonesuch\" is neither a settings file nor a built-in solver"
                + " (ojalgo-active-set, ojalgo-admm, large-scale, first-order)\n", r.err().replace("\r", ""));
    }

    @Test
    void badSettingsFieldIsNamed() throws Exception {
        Path settings = dir.resolve("bad-solver.json");
        Files.writeString(settings, """
                {"format": "taskmix/solver-1", "name": "x", "description": "", "backend": "taskmix",
                 "algorithm": "active-set", "tolerances": {"gap": 2}}
                """);
        CliRun r = run("solve", hand().toString(), "--solver", settings.toString());
        assertEquals(2, r.code());
        assertEquals("taskmix: error: " + settings + ": tolerances.gap: value 2.0 must lie in (0, 1)\n",
                r.err().replace("\r", ""));
    }

    /**
     * The exact objective starts from the surrogate's optimum and never ends worse on J_K; its
     * document carries both objectives at both solutions and stays a weights file.
     */
    @Test
    void exactObjectiveIsNeverWorseThanTheSurrogateOnJk() throws Exception {
        Path problem = Path.of("problems/tiny.json");
        CliRun r = run("solve", problem.toString(), "--objective", "exact", "--k", "4", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("STATIONARY", doc.get("status").asText());
        assertEquals("exact", doc.get("objectiveKind").asText());
        assertEquals(4, doc.get("k").asInt());
        assertEquals("Infinity", doc.get("m").asText());
        double atSurrogate = doc.at("/comparison/surrogateSolution/exact").asDouble();
        double atExact = doc.at("/comparison/exactSolution/exact").asDouble();
        assertEquals(atExact, doc.get("objective").asDouble(), 0.0);
        assertTrue(atExact <= atSurrogate, atExact + " > " + atSurrogate);
        // The surrogate objective can only get worse away from its own optimum.
        assertTrue(doc.at("/comparison/exactSolution/surrogate").asDouble()
                >= doc.at("/comparison/surrogateSolution/surrogate").asDouble() - 1e-12);
        assertEquals("OPTIMAL", doc.at("/surrogate/status").asText());
        Path w = dir.resolve("exact.json");
        Files.writeString(w, r.out());
        var catalog = org.taskmix.io.ProblemReader.read(problem).catalog();
        double[] weights = WeightsFile.read(w, catalog);
        assertEquals(doc.at("/weights/" + catalog.task(0).name()).asDouble(), weights[0], 0.0);
    }

    @Test
    void exactObjectiveRejectsBadBudgetAndSurrogateOnlyOptions() {
        CliRun r = run("solve", "problems/tiny.json", "--objective", "exact", "--k", "0");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --k: value 0 must be >= 1", r.err().strip());
        r = run("solve", "problems/tiny.json", "--objective", "exact", "--m", "ten");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --m: value \"ten\" must be a whole number >= 1 (e.g. 100, 1e9) or \"inf\""
                + " (run 'taskmix solve --help' for usage)", r.err().strip());
        r = run("solve", "problems/tiny.json", "--k", "3");
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --k/--m: only used with --objective exact", r.err().strip());
    }

    @Test
    void directionListingsSkipNegligibleComponentsButKeepOne() {
        assertEquals("x1 1.000", SolveCommand.topComponents(new double[] {0, 1, 0}, 3));
        assertEquals("x1 1.000", SolveCommand.topComponents(new double[] {1e-13, 1, -5e-13}, 3));
        assertEquals("x2 -0.8000, x0 0.6000", SolveCommand.topComponents(new double[] {0.6, 0, -0.8}, 3));
        // Nothing above the threshold: still the largest component, so the line is never empty.
        assertEquals("x0 0", SolveCommand.topComponents(new double[] {0, 0}, 3));
        // At most n components.
        assertEquals("x0 0.5000, x1 0.5000", SolveCommand.topComponents(new double[] {0.5, 0.5, 0.5, 0.5}, 2));
    }
}
