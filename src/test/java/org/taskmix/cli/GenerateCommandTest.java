package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Problem;
import org.taskmix.cli.BadInputTest.Run;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.NpyReader;
import org.taskmix.io.ProblemReader;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void paperTaskSelectionIsReproducibleAndInspects() throws IOException {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Path c = tmp.resolve("c.json");
        Run r = Run.of("generate", "paper-task-selection", "--dimension", "30", "--tasks-per-type", "2", "--seed", "7",
                "--out", a.toString()).ok();
        assertTrue(r.out().startsWith("wrote " + a + ": 8 tasks, d = 30, seed 7"), r.out());
        Run.of("generate", "paper-task-selection", "--dimension", "30", "--tasks-per-type", "2", "--seed", "7",
                "--out", b.toString()).ok();
        Run.of("generate", "paper-task-selection", "--dimension", "30", "--tasks-per-type", "2", "--seed", "8",
                "--out", c.toString()).ok();
        assertEquals(Files.readString(a), Files.readString(b));
        assertNotEquals(Files.readString(a), Files.readString(c));
        Problem p = ProblemReader.read(a);
        assertEquals(8, p.catalog().size());
        assertEquals("Hard-Long", p.catalog().task(7).group());
        assertEquals(30, p.settings().n());
        assertEquals(60, p.settings().m());
        assertTrue(p.description().contains("B = 6 (short) and 30 (long)"), p.description());
        Run.of("inspect", a.toString()).ok();
    }

    @Test
    void samplesJsonDescribesTheFileWritten() throws IOException {
        Path problem = tmp.resolve("p.json");
        Files.writeString(problem, """
                {"format": "taskmix/problem-1", "name": "two", "dimension": 2,
                 "tasks": [{"name": "a", "covariance": {"diagonal": [2, 0.5]}}],
                 "target": {"name": "down", "covariance": {"diagonal": [1, 1]}}}
                """);
        Path npy = tmp.resolve("a.npy");
        Run r = Run.of("generate", "samples", problem.toString(), "--task", "a", "--count", "5", "--seed", "9",
                "--float64", "--out", npy.toString(), "--json", "--quiet").ok();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(List.of("format", "file", "rows", "cols", "dtype", "task", "seed", "provenance"), fieldNames(doc));
        assertEquals("taskmix/generate-1", doc.get("format").asText());
        assertEquals(npy.toString(), doc.get("file").asText());
        assertEquals(5, doc.get("rows").asLong());
        assertEquals(2, doc.get("cols").asInt());
        assertEquals("float64", doc.get("dtype").asText());
        assertEquals("a", doc.get("task").asText());
        assertEquals(9, doc.get("seed").asLong());
        // The document describes the file actually written.
        try (NpyReader npyFile = NpyReader.open(npy)) {
            assertEquals(5, npyFile.rows());
            assertEquals(2, npyFile.dim());
            assertEquals("<f8", npyFile.dtype());
        }

        Path target = tmp.resolve("t.npy");
        Run t = Run.of("generate", "samples", problem.toString(), "--count", "3", "--out", target.toString(), "--json")
                .ok();
        JsonNode td = Json.mapper().readTree(t.out());
        assertEquals(List.of("format", "file", "rows", "cols", "dtype", "target", "seed", "provenance"), fieldNames(td));
        assertEquals("down", td.get("target").asText());
        assertEquals("float32", td.get("dtype").asText());
        assertEquals(1, td.get("seed").asLong());

        Run human = Run.of("generate", "samples", problem.toString(), "--count", "3", "--out", target.toString(), "-q")
                .ok();
        assertEquals("wrote 3 x 2 float32 samples of the target to " + target, human.out().strip());
    }

    private static List<String> fieldNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void matricesFormHoldsTheSameCovariances() {
        Path specs = tmp.resolve("s.json");
        Path full = tmp.resolve("f.json");
        Run.of("generate", "power-law", "--tasks", "4", "--dimension", "6", "--rank", "3", "--target-alpha", "0.5",
                "--out", specs.toString()).ok();
        Run.of("generate", "power-law", "--tasks", "4", "--dimension", "6", "--rank", "3", "--target-alpha", "0.5",
                "--matrices", "--out", full.toString()).ok();
        Problem s = ProblemReader.read(specs);
        Problem f = ProblemReader.read(full);
        for (int i = 0; i < 4; i++) {
            assertEquals(s.catalog().task(i).covariance(), f.catalog().task(i).covariance());
        }
        assertEquals(s.target().covariance(), f.target().covariance());
        // --rank 3 in d = 6: three eigenvalues at the default floor 0.01, three active skills above it.
        double[] ev = s.catalog().task(0).covariance().eigen().values();
        for (int i = 0; i < 3; i++) {
            assertEquals(0.01, ev[i], 1e-12);
        }
        assertEquals(1.0, ev[5], 1e-12);
    }

    @Test
    void settingsAndPromptLengthOptions() throws IOException {
        Path out = tmp.resolve("p.json");
        Run r = Run.of("generate", "paper-task-selection", "--dimension", "10", "--tasks-per-type", "1", "--short-n", "5",
                "--long-n", "15", "--n", "12", "--m", "24", "--k", "1,3,9", "--json", "--out", out.toString()).ok();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals(4, doc.get("tasks").asInt());
        assertEquals("specs", doc.get("form").asText());
        Problem p = ProblemReader.read(out);
        assertEquals(5, p.catalog().task(0).promptLength());
        assertEquals(15, p.catalog().task(1).promptLength());
        assertEquals(java.util.List.of(1, 3, 9), p.settings().k());
        assertEquals(12, p.settings().n());
    }

    @Test
    void badOptionsExitTwo() {
        String out = tmp.resolve("x.json").toString();
        Run.of("generate", "paper-task-selection", "--short-n", "5", "--out", out)
                .inputError("--short-n and --long-n go together: give both or neither");
        Run.of("generate", "paper-task-selection", "--dimension", "10", "--long-skills", "11", "--out", out)
                .inputError("paper-task-selection: long active skills 11 must lie in [1, dimension = 10]");
        Run.of("generate", "power-law", "--tasks", "0", "--dimension", "3", "--out", out)
                .inputError("--tasks: value 0 must be >= 1");
        Run.of("generate", "power-law", "--tasks", "2", "--dimension", "3", "--k", "4,2", "--out", out)
                .inputError("--k[1]: value 2 must exceed the previous entry 4 (ascending)");
        Run missing = Run.of("generate", "power-law", "--tasks", "2", "--out", out);
        assertEquals(Main.EXIT_INPUT, missing.code());
        assertTrue(missing.err().startsWith("taskmix: error: Missing required option: '--dimension=D'"), missing.err());
        Run none = Run.of("generate");
        assertEquals(Main.EXIT_INPUT, none.code());
        assertTrue(none.err().startsWith("taskmix: error: generate needs a kind: paper-task-selection, power-law or samples"));
    }

    @Test
    void helpDocumentsTheOptions() {
        Run r = Run.of("generate", "paper-task-selection", "--help");
        assertEquals(0, r.code());
        for (String opt : new String[] {"--dimension", "--tasks-per-type", "--seed", "--floor", "--short-skills",
                "--long-skills", "--short-n", "--long-n", "--target-alpha", "--matrices", "--out"}) {
            assertTrue(r.out().contains(opt), opt);
        }
        assertTrue(Run.of("generate", "power-law", "--help").out().contains("--alpha-min"));
        assertTrue(Run.of("--help").out().contains("generate"));
        assertTrue(Run.of("--help").out().contains("estimate"));
    }
}
