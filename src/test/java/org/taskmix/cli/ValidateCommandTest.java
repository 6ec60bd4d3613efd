package org.taskmix.cli;

import static org.taskmix.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ValidateCommandTest {

    /** Small, fast runs: 300 steps of 64 prompts at d = 2 take a fraction of a second. */
    private static final String[] FAST = {"--steps", "300", "--batch", "64", "--test-prompts", "400", "--quiet"};

    @TempDir
    Path dir;

    private Path problem;


    @BeforeEach
    void setUp() throws IOException {
        AtomicFiles.clearInputs();
        problem = dir.resolve("p.json");
        Files.writeString(problem, """
                {
                  "format": "taskmix/problem-1",
                  "name": "two",
                  "dimension": 2,
                  "tasks": [
                    {"name": "a", "covariance": {"diagonal": [2, 0.5]}},
                    {"name": "b", "covariance": [[1, 0.2], [0.2, 1]]},
                    {"name": "flat", "covariance": {"diagonal": [0, 3]}}
                  ],
                  "target": {"name": "down", "covariance": {"diagonal": [1, 1]}},
                  "settings": {"n": 10, "m": 20, "k": [1, 2, 4],
                               "train": {"steps": 400, "batch": 64, "learningRate": 0.02, "testPrompts": 300, "seed": 5}}
                }
                """);
    }

    @AfterEach
    void tearDown() {
        AtomicFiles.clearInputs();
    }


    private String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("validate", problem.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private String[] fast(String... extra) {
        List<String> a = new ArrayList<>(List.of(args(extra)));
        a.addAll(List.of(FAST));
        return a.toArray(String[]::new);
    }

    @Test
    void jsonHasTheContractFields() throws IOException {
        CliRun r = run(fast("--mixture", "uniform", "--json", "--seed", "3"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("per-dimension", doc.get("normalization").asText());
        assertEquals(4, doc.get("measured").size()); // k = 1..max(settings.k) = 4
        assertEquals(4, doc.get("predicted").size());
        for (int k = 1; k <= 4; k++) {
            JsonNode p = doc.get("measured").get(k - 1);
            assertEquals(k, p.get("k").asInt());
            assertTrue(p.get("ciLow").asDouble() < p.get("error").asDouble());
            assertTrue(p.get("error").asDouble() < p.get("ciHigh").asDouble());
            assertEquals(k, doc.get("predicted").get(k - 1).get("k").asInt());
        }
        assertEquals(3, doc.get("seed").asLong());
        assertEquals(300L * 64, doc.get("promptsTrained").asLong());
        assertEquals(400L * 4, doc.get("promptStepsEvaluated").asLong());
        assertTrue(doc.get("trainingSeconds").asDouble() > 0);
        assertTrue(doc.get("evaluationSeconds").asDouble() > 0);
        assertTrue(doc.get("distanceToOptimum").asDouble() < 0.1, doc.get("distanceToOptimum").toString());
        assertEquals(1.0 / 3, doc.get("weights").get("a").asDouble(), 1e-15);
        assertEquals(ValidateCommand.PREDICTED_SOURCE, doc.get("predictedSource").asText());
    }

    @Test
    void offsetFloorIsTheTrainedModelsW14() throws IOException {
        CliRun r = run(fast("--mixture", "task:b", "--json", "--seed", "7"));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        double floor = doc.get("offsetFloor").asDouble();
        // Independent second computation: the same training through the library API.
        org.taskmix.catalog.Problem p = org.taskmix.io.ProblemReader.read(problem);
        org.taskmix.catalog.TrainingSettings base = p.settings().train();
        org.taskmix.catalog.TrainingSettings train = new org.taskmix.catalog.TrainingSettings(base.optimizer(), 300, 64,
                base.learningRate(), base.schedule(), 400, 7);
        org.taskmix.validation.ValidationResult v = new org.taskmix.validation.Validation(1).run(p.catalog(),
                new double[] {0, 1, 0}, p.settings().n(), p.target().covariance(), p.settings().m(), 4, train,
                org.taskmix.validation.ProgressListener.NONE);
        double expected = v.training().model().cotOffsetFloor();
        assertTrue(floor >= 0, "offsetFloor " + floor);
        assertTrue(floor > 0, "stochastic training leaves W_14 non-zero: " + floor);
        assertEquals(expected, floor, 0.0);

        CliRun h = run(fast("--mixture", "task:b", "--seed", "7"));
        assertEquals(0, h.code(), h.err());
        String line = h.out().lines().filter(l -> l.startsWith("CoT offset floor")).findFirst().orElseThrow();
        assertEquals("CoT offset floor ||W_14||^2/d = " + org.taskmix.report.TextTable.num(expected)
                + ": the trained model's error cannot fall below it (training noise; 0 in the theory)", line);
        List<String> lines = h.out().lines().toList();
        assertTrue(lines.get(lines.indexOf(line) - 1).startsWith("distance of V_31 from -P(pi)"), h.out());
    }

    @Test
    void sameSeedSameCurvesAndOutFilesMatchStdout() throws IOException {
        Path out = dir.resolve("out");
        CliRun a = run(fast("--mixture", "task:b", "--json", "--out", out.toString(), "--threads", "1"));
        CliRun b = run(fast("--mixture", "task:b", "--json", "--threads", "2"));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        JsonNode ja = Json.mapper().readTree(a.out());
        JsonNode jb = Json.mapper().readTree(b.out());
        assertEquals(ja.get("measured"), jb.get("measured"));
        assertEquals(ja.get("distanceToOptimum"), jb.get("distanceToOptimum"));
        assertEquals(ja, Json.mapper().readTree(Files.readString(out.resolve("validate.json"))));
        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("k,measured,ciLow,ciHigh,predicted,predictedCiLow,predictedCiHigh,predictedInfiniteM,measuredMedian,"
                + "measuredQ10,measuredQ90,predictedMedian,measuredAsTrained,measuredAsTrainedMedian", curves.get(0));
        byte[] png = Files.readAllBytes(out.resolve("curves.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals(5, curves.size());
        String[] row = curves.get(2).split(",");
        assertEquals("2", row[0]);
        assertEquals(ja.get("measured").get(1).get("error").asDouble(), Double.parseDouble(row[1]), 0.0);
        assertEquals(ja.get("predicted").get(1).get("error").asDouble(), Double.parseDouble(row[4]), 0.0);
        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals("step,loss", loss.get(0));
        assertEquals(301, loss.size());
        assertTrue(loss.get(300).startsWith("300,"));
    }

    @Test
    void humanOutputAndProgressOnStderr() {
        CliRun r = run(args("--mixture", "uniform", "--steps", "50", "--test-prompts", "50"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("validate two: mixture uniform (a 0.3333, b 0.3333, flat 0.3333), target down\n"),
                r.out());
        assertTrue(r.out().contains("predicted (m = inf)"));
        assertTrue(r.err().contains("train") && r.err().contains("evaluate"), r.err());
    }

    @Test
    void weightsFileIsAccepted() throws IOException {
        Path w = dir.resolve("w.csv");
        Files.writeString(w, "task,weight\na,0.25\nb,0.75\nflat,0\n");
        CliRun r = run(fast("--weights", w.toString(), "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(0.75, doc.get("weights").get("b").asDouble(), 0.0);
        assertEquals("weights from " + w, doc.get("mixture").asText());
    }

    @Test
    void missingAsZeroAcceptsAPartialWeightsFile() throws IOException {
        Path w = dir.resolve("partial.csv");
        Files.writeString(w, "task,weight\na,0.25\nb,0.75\n");
        CliRun strict = run(fast("--weights", w.toString(), "--json"));
        assertEquals(2, strict.code());
        assertEquals("taskmix: error: " + w + ": weights: task \"flat\" has no weight; give every catalog task a"
                + " weight (0 to leave it out), or pass --missing-as-zero", strict.err().strip());
        CliRun r = run(fast("--weights", w.toString(), "--json", "--missing-as-zero"));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(0.0, doc.get("weights").get("flat").asDouble(), 0.0);
        assertEquals(0.75, doc.get("weights").get("b").asDouble(), 0.0);
    }

    @Test
    void singularMixtureHasNoPrediction() throws IOException {
        CliRun r = run(fast("--mixture", "task:flat", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(0, doc.get("predicted").size());
        assertTrue(doc.get("distanceToOptimum").isNull());
        assertEquals(4, doc.get("measured").size());
    }

    @Test
    void divergenceIsOneLineAndExit2() throws IOException {
        Path out = dir.resolve("div");
        CliRun r = run(args("--mixture", "uniform", "--optimizer", "sgd", "--lr", "1000", "--schedule", "constant",
                "--quiet", "--json", "--out", out.toString()));
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().matches("taskmix: error: training diverged at step \\d+ of 400: [^\\n]*"
                + "; lower the learning rate \\(now 1000\\.0, optimizer sgd\\)\\n"), r.err());
        assertTrue(Files.exists(out.resolve("loss.csv")));
    }

    @Test
    void badSettingsExit2WithOneLine() {
        expectError("taskmix: error: --steps: value 0 must be >= 1", "--mixture", "uniform", "--steps", "0");
        expectError("taskmix: error: --batch: value -3 must be >= 1", "--mixture", "uniform", "--batch", "-3");
        expectError("taskmix: error: --lr: value 0.0 must be finite and > 0", "--mixture", "uniform", "--lr", "0");
        expectError("taskmix: error: --lr: value -0.5 must be finite and > 0", "--mixture", "uniform", "--lr", "-0.5");
        expectError("taskmix: error: --m: value 0 must be >= 1 (or \"inf\") (run 'taskmix validate --help' for usage)", "--mixture", "uniform", "--m", "0");
        expectError("taskmix: error: --n: value 0 must be >= 1", "--mixture", "uniform", "--n", "0");
        expectError("taskmix: error: --test-prompts: value 1 must be >= 2 (the interval needs a standard deviation)",
                "--mixture", "uniform", "--test-prompts", "1");
        expectError("taskmix: error: --k-max: value 0 must lie in [1, 4096]", "--mixture", "uniform", "--k-max", "0");
        // Option errors are picocli's (a converter per setting enum): the same rule, plus the usage hint.
        expectError("taskmix: error: --optimizer: value \"rmsprop\" must be \"adam\" or \"sgd\""
                + " (run 'taskmix validate --help' for usage)", "--mixture", "uniform", "--optimizer", "rmsprop");
        expectError("taskmix: error: --schedule: value \"linear\" must be \"constant\" or \"cosine\""
                + " (run 'taskmix validate --help' for usage)", "--mixture", "uniform", "--schedule", "linear");
        expectError("taskmix: error: --offset: value \"x\" must be one of \"train\", \"freeze\", \"average\","
                + " \"anneal\" (run 'taskmix validate --help' for usage)", "--mixture", "uniform", "--offset", "x");
        expectError("taskmix: error: --mixture: value \"best\" is not a known mixture; known: surrogate, exact:K@M (e.g."
                + " exact:8@100, exact:8@inf), uniform, size, hardness, relevance, best-single, easy-only, hard-only,"
                + " target-nearest, task:NAME, or a weights file (.csv/.json) (run 'taskmix validate --help' for usage)",
                "--mixture", "best");
        expectError("taskmix: error: --mixture: task \"zz\" is not in the catalog (tasks: a, b, flat)",
                "--mixture", "task:zz");
        expectError("taskmix: error: --target: \"elsewhere\" is not a target of the problem (targets: down)",
                "--mixture", "uniform", "--target", "elsewhere");
    }

    @Test
    void mixtureChoiceIsRequiredAndExclusive() {
        CliRun none = run(args("--quiet"));
        assertEquals(2, none.code());
        assertEquals("taskmix: error: Missing required argument (specify one of these):"
                + " (--weights=FILE | --mixture=SPEC) (run 'taskmix validate --help' for usage)", none.err().lines().findFirst().orElse(""));
        CliRun both = run(args("--mixture", "uniform", "--weights", "w.json"));
        assertEquals(2, both.code());
        assertEquals("taskmix: error: --weights=FILE, --mixture=SPEC are mutually exclusive (specify only one)"
                + " (run 'taskmix validate --help' for usage)", both.err().lines().findFirst().orElse(""));
    }

    private void expectError(String message, String... extra) {
        List<String> a = new ArrayList<>(List.of(args(extra)));
        a.add("--quiet");
        CliRun r = run(a.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
    }
}
