package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.cli.BadInputTest.Run;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;

class InspectCommandTest {

    private static final List<String> TASK_FIELDS = List.of("name", "hardness", "lambdaMin", "lambdaMax", "condition",
            "effectiveRank", "relevance");
    private static final List<String> TARGET_FIELDS = List.of("name", "hardness", "lambdaMin", "lambdaMax", "condition",
            "effectiveRank");

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    static List<Path> problemFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("problems"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyBundledProblemInspects() throws IOException {
        List<Path> files = problemFiles();
        assertTrue(files.size() >= 4, "problems/: " + files);
        for (Path p : files) {
            Run human = Run.of("inspect", p.toString()).ok();
            assertTrue(human.out().contains("hardness"), p.toString());
            Run json = Run.of("inspect", "--json", p.toString()).ok();
            JsonNode doc = Json.mapper().readTree(json.out());
            assertTrue(doc.get("tasks").size() >= 1);
            for (JsonNode t : doc.get("tasks")) {
                for (String f : TASK_FIELDS) {
                    assertTrue(t.has(f), p + ": task field " + f);
                }
                assertTrue(t.get("hardness").isNumber(), "finite hardness is a number");
            }
            for (String f : TARGET_FIELDS) {
                assertTrue(doc.get("target").has(f), p + ": target field " + f);
            }
            assertFalse(doc.get("target").has("relevance"));
        }
    }

    @Test
    void tinyProblemJsonHasHandValues() throws IOException {
        JsonNode doc = Json.mapper().readTree(Run.of("inspect", "--json", "problems/tiny.json").ok().out());
        assertEquals(3.0, doc.get("tasks").get(0).get("hardness").asDouble(), 1e-12);
        assertEquals(17.0, doc.get("tasks").get(1).get("hardness").asDouble(), 17e-12);
        assertEquals(3.0, doc.get("target").get("hardness").asDouble(), 1e-12);
        // Relevance of a = diag(2, 1) to Σ = diag(1, 2): tr(Σ⁻¹Λ)/(√2 ‖Σ⁻¹Λ‖_F) = 2.5/(√2·√4.25).
        assertEquals(2.5 / (Math.sqrt(2) * Math.sqrt(4.25)), doc.get("tasks").get(0).get("relevance").asDouble(), 1e-12);
    }

    @Test
    void singularTaskHardnessIsTheStringInfinity() throws IOException {
        Path p = tmp.resolve("s.json");
        Files.writeString(p, "{\"format\": \"taskmix/problem-1\", \"name\": \"s\", \"dimension\": 2, \"tasks\": [{\"name\":"
                + " \"a\", \"covariance\": {\"diagonal\": [0, 3]}}], \"target\": {\"name\": \"t\", \"covariance\":"
                + " {\"diagonal\": [1, 1]}}}");
        JsonNode t = Json.mapper().readTree(Run.of("inspect", "--json", p.toString()).ok().out()).get("tasks").get(0);
        assertTrue(t.get("hardness").isTextual());
        assertEquals("Infinity", t.get("hardness").asText());
        // On its support (rank 1) the matrix is [3]: tr/λ_min⁺ = 3/3.
        assertEquals(1.0, t.get("hardnessOnSupport").asDouble(), 1e-12);
        assertEquals(1, t.get("rank").asInt());
        assertTrue(Run.of("inspect", p.toString()).ok().out().contains("inf (1.000 on rank 1)"));
    }

    @Test
    void outWritesInspectJson() throws IOException {
        Path dir = tmp.resolve("o");
        Run.of("inspect", "--out", dir.toString(), "problems/tiny.json").ok();
        JsonNode doc = Json.mapper().readTree(Files.readString(dir.resolve("inspect.json")));
        assertEquals("tiny", doc.get("problem").asText());
    }
}
