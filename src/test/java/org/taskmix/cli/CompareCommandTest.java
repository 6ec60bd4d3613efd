package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import picocli.CommandLine;

class CompareCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void jsonListsTheOptimumFirstAndEveryBaselineNoneBetter() throws Exception {
        Path p = dir.resolve("hand.json");
        Files.writeString(p, """
                {"format": "taskmix/problem-1", "name": "hand", "description": "hand-derived", "dimension": 2,
                 "tasks": [
                   {"name": "a", "group": "Easy-Short", "size": 10, "covariance": {"diagonal": [1, 0]}},
                   {"name": "b", "group": "Hard-Long", "size": 30, "covariance": {"diagonal": [0, 3]}},
                   {"name": "c", "group": "Easy-Long", "size": 60, "covariance": {"diagonal": [0.2, 0.2]}}],
                 "target": {"name": "I", "covariance": {"diagonal": [1, 1]}}}
                """);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        Path outDir = dir.resolve("cmp");
        int code = cl.execute("compare", p.toString(), "--json", "--out", outDir.toString());
        assertEquals(0, code);
        JsonNode doc = Json.mapper().readTree(out.toString());
        JsonNode mixtures = doc.get("mixtures");
        assertEquals("surrogate", mixtures.get(0).get("name").asText());
        double opt = mixtures.get(0).get("objective").asDouble();
        assertEquals(0.1, opt, 1e-12);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode m : mixtures) {
            names.add(m.get("name").asText());
            assertTrue(m.get("objective").asDouble() >= opt - 1e-12);
            assertEquals(3, m.get("weights").size());
        }
        assertEquals(java.util.List.of("surrogate", "uniform", "size", "hardness", "relevance", "best-single",
                "easy-only", "hard-only", "target-nearest"), names);
        // uniform: Λ̄ = diag(0.4, 1.0667): (0.6)² + (1/15)².
        assertEquals(0.36 + 1.0 / 225, mixtures.get(1).get("objective").asDouble(), 1e-12);
        assertTrue(Files.readString(outDir.resolve("mixtures.csv")).startsWith("task,surrogate,uniform,size"));
        assertTrue(Files.exists(outDir.resolve("compare.json")));
    }
}
