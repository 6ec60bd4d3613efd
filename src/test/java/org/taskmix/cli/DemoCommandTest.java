package org.taskmix.cli;

import static org.taskmix.cli.CliRun.run;

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

/**
 * The demo pipeline end to end on the tiny problem (small and fast): every report file is
 * written, the report's numbers agree with the layers that made them, and no baseline beats
 * the surrogate optimum on the surrogate objective.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }



    @Test
    void writesTheWholeReportAndTrainsTheSelectedMixtures() throws Exception {
        Path out = dir.resolve("report");
        CliRun r = run("demo", "--problem", "problems/tiny.json", "--k", "2", "--steps", "150", "--samples", "50",
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"report.json", "weights.csv", "curves.csv", "weights-surrogate.png",
                "weights-exact.png", "weight-vs-hardness.png", "error-vs-k.png", "error-vs-k-all.png", "error-vs-k-trained.png",
                "index.html",
                "report.md"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode doc = Json.mapper().readTree(out.resolve("report.json").toFile());
        assertEquals("OPTIMAL", doc.at("/surrogate/status").asText());
        double best = doc.at("/surrogate/objective").asDouble();
        for (JsonNode m : doc.get("mixtures")) {
            assertTrue(m.get("objective").asDouble() >= best - 1e-12, m.get("name").asText());
            assertTrue(m.has("predicted"), m.get("name").asText());
        }
        JsonNode optimal = doc.get("mixtures").get(0);
        assertEquals("surrogate", optimal.get("name").asText());
        assertTrue(optimal.has("measured"), "the optimum is trained");
        // Every trained mixture reports its CoT offset floor ||W_14||^2/d (>= 0, finite).
        double floor = optimal.get("offsetFloor").asDouble();
        assertTrue(floor >= 0 && Double.isFinite(floor), optimal.get("offsetFloor").toString());
        for (JsonNode m : doc.get("mixtures")) {
            assertEquals(m.has("measured"), m.has("offsetFloor"), m.get("name").asText());
        }
        assertEquals("exact:2@" + doc.get("m").asLong(), doc.get("mixtures").get(1).get("name").asText());
        // The exact objective never ends worse than where it started (the surrogate optimum).
        assertTrue(doc.at("/exact/comparison/exactSolution/exact").asDouble()
                <= doc.at("/exact/comparison/surrogateSolution/exact").asDouble());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("error-vs-k.png") && html.contains("weights-surrogate.png"));
        // Decision first: the recommendation box comes before every table.
        assertTrue(html.indexOf("<p class=\"headline\">Pick ") < html.indexOf("<table"), "recommendation first");
        assertTrue(html.contains("<a href=\"weights.csv\">"), "links to the run's files");
        // Unique CSV column names: the hardness/relevance baselines next to the task features.
        String head = Files.readAllLines(out.resolve("weights.csv")).get(0);
        assertTrue(head.startsWith("task,group,hardness,relevance,surrogate,exact:") && head.contains(",mixture:hardness,"),
                head);
        assertTrue(r.out().contains("report written to"), r.out());
    }

    @Test
    void badSettingsExitTwo() {
        CliRun r = run("demo", "--k", "0", "--out", dir.toString());
        assertEquals(2, r.code());
        assertEquals("taskmix: error: --k: value 0 must be >= 1", r.err().strip());
    }
}
