package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;

/**
 * Golden files: every command's {@code --json} on {@code problems/tiny.json}, pinned in
 * {@code src/test/resources/golden/} (docs/formats.md, "JSON outputs"). Timings, the provenance's
 * start time, machine cores and temporary paths are masked. Regenerate after an intended change
 * with {@code -Dtaskmix.golden.update=true} and review the diff.
 */
class GoldenFilesTest {

    /**
     * Relative tolerance on numbers: the documents are bit-identical on one machine (seeded, the
     * thread count does not change results), but another JVM or CPU may round a library function
     * (exp, log) differently in the last place, and chained CoT steps amplify that.
     */
    static final double RELATIVE = 1e-9;

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern TIMING = Pattern.compile("(?i).*seconds");
    private static final String MASK = "(masked)";

    @TempDir
    static Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    static Stream<Arguments> commands() {
        String p = "problems/tiny.json";
        return Stream.of(
                Arguments.of("solve", List.of("solve", p, "--json")),
                Arguments.of("solve-drop", List.of("solve", p, "--drop", "a", "--json")),
                Arguments.of("inspect", List.of("inspect", p, "--json")),
                Arguments.of("predict", List.of("predict", p, "--mixture", "uniform", "--samples", "200", "--json")),
                Arguments.of("compare", List.of("compare", p, "--samples", "100", "--json", "--quiet")),
                Arguments.of("validate", List.of("validate", p, "--mixture", "surrogate", "--steps", "60", "--batch", "32",
                        "--test-prompts", "200", "--samples", "100", "--json", "--quiet")),
                Arguments.of("demo", List.of("demo", "--problem", p, "--no-train", "--k", "2", "--samples", "50",
                        "--out", "@TMP@/demo", "--json", "--quiet")),
                Arguments.of("generate", List.of("generate", "samples", p, "--task", "a", "--count", "5", "--seed", "3",
                        "--out", "@TMP@/a.npy", "--json", "--quiet")),
                Arguments.of("generate-power-law", List.of("generate", "power-law", "--tasks", "3", "--dimension", "4",
                        "--seed", "5", "--out", "@TMP@/power-law.json", "--json", "--quiet")),
                Arguments.of("generate-paper-task-selection", List.of("generate", "paper-task-selection", "--dimension",
                        "8", "--tasks-per-type", "1", "--out", "@TMP@/paper.json", "--json", "--quiet")),
                // On the samples written by sampleFiles() from tiny's own covariances.
                Arguments.of("estimate", List.of("estimate", "--task", "a=@TMP@/samples/a.npy", "--task",
                        "b=@TMP@/samples/b.npy", "--task", "c=@TMP@/samples/c.npy", "--target", "@TMP@/samples/target.npy",
                        "--bootstrap", "20", "--out", "@TMP@/estimated.json", "--json", "--quiet")),
                // The bundled problem: the experiment trains on one task, which tiny does not have.
                // Quick settings (about 5 s); one thread so "threads" is the same on every machine.
                Arguments.of("reproduce", List.of("reproduce", "overthinking", "--quick", "--steps", "20", "--batch", "16",
                        "--test-prompts", "20", "--samples", "20", "--threads", "1", "--out", "@TMP@/reproduce",
                        "--json", "--quiet")));
    }

    /** Seeded sample files of tiny's tasks and target (200 rows each) for the estimate golden file. */
    @BeforeAll
    static void sampleFiles() {
        for (String task : List.of("a", "b", "c", "target")) {
            List<String> args = new ArrayList<>(List.of("generate", "samples", "problems/tiny.json", "--count", "200",
                    "--seed", "11", "--out", tmp.resolve("samples").resolve(task + ".npy").toString(), "--quiet"));
            if (!task.equals("target")) {
                args.addAll(List.of("--task", task));
            }
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
        }
        AtomicFiles.clearInputs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void jsonMatchesItsGoldenFile(String name, List<String> args) throws IOException {
        String[] a = args.stream().map(x -> x.replace("@TMP@", tmp.toString())).toArray(String[]::new);
        CliRun r = CliRun.run(a);
        assertEquals(0, r.code(), r.err());
        JsonNode doc = mask(r.json());
        assertTrue(doc.get("format").asText().startsWith("taskmix/"), "format tag");
        assertTrue(doc.has("provenance"), "provenance block");
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("taskmix.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, Json.mapper().writeValueAsString(doc) + "\n");
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; run with -Dtaskmix.golden.update=true to create it");
        JsonNode golden = Json.mapper().readTree(Files.readString(file));
        List<String> diffs = new ArrayList<>();
        compare("", golden, doc, diffs);
        if (!diffs.isEmpty()) {
            fail(name + ": " + diffs.size() + " differences from " + file + " (first 10): "
                    + String.join("; ", diffs.subList(0, Math.min(10, diffs.size()))));
        }
    }

    @org.junit.jupiter.api.Test
    void twoRunsPrintTheSameBytesButTheStartTime() {
        // Every map in a document keeps its order (no Map.of, whose order changes between JVM runs;
        // within one JVM the test compares two documents that went through the same writer).
        String[] args = {"demo", "--problem", "problems/tiny.json", "--no-train", "--k", "2", "--samples", "50",
                "--out", tmp.resolve("again").toString(), "--json", "--quiet"};
        CliRun a = CliRun.run(args);
        CliRun b = CliRun.run(args);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.outWithoutStartTime().replaceAll("\"[a-zA-Z]*[sS]econds\" : [0-9.E-]+", "t"),
                b.outWithoutStartTime().replaceAll("\"[a-zA-Z]*[sS]econds\" : [0-9.E-]+", "t"));
    }

    /**
     * Masks what differs between runs and machines: timings, start time, cores, temporary paths, and
     * the checksums of inputs the test wrote itself (sample files drawn with library exp/log, whose
     * last bit may differ on another JVM; the numbers estimated from them are compared with a
     * tolerance instead).
     */
    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("path").asText().contains(tmp.toString()) && o.has("sha256")) {
                o.set("sha256", TextNode.valueOf(MASK));
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            List<String> masked = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (TIMING.matcher(e.getKey()).matches() || e.getKey().equals("startTime")
                        || e.getKey().equals("machineCores") || e.getKey().equals("path")) {
                    masked.add(e.getKey());
                } else {
                    e.setValue(mask(e.getValue()));
                }
            }
            masked.forEach(k -> o.set(k, TextNode.valueOf(MASK)));
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, mask(a.get(i)));
            }
            return a;
        }
        if (node.isTextual() && node.asText().contains(tmp.toString())) {
            return TextNode.valueOf(node.asText().replace(tmp.toString(), "@TMP@"));
        }
        return node;
    }

    private static void compare(String path, JsonNode want, JsonNode got, List<String> diffs) {
        if (want.isNumber() && got.isNumber()) {
            double w = want.asDouble();
            double g = got.asDouble();
            if (Math.abs(w - g) > RELATIVE * Math.max(Math.abs(w), Math.abs(g))) {
                diffs.add(path + ": " + w + " -> " + g);
            }
            return;
        }
        if (want.isObject() && got.isObject()) {
            List<String> keys = new ArrayList<>();
            want.fieldNames().forEachRemaining(keys::add);
            got.fieldNames().forEachRemaining(k -> {
                if (!want.has(k)) {
                    diffs.add(path + "/" + k + ": new field");
                }
            });
            for (String k : keys) {
                if (!got.has(k)) {
                    diffs.add(path + "/" + k + ": missing");
                } else {
                    compare(path + "/" + k, want.get(k), got.get(k), diffs);
                }
            }
            return;
        }
        if (want.isArray() && got.isArray() && want.size() == got.size()) {
            for (int i = 0; i < want.size(); i++) {
                compare(path + "/" + i, want.get(i), got.get(i), diffs);
            }
            return;
        }
        if (!want.equals(got)) {
            diffs.add(path + ": " + want + " -> " + got);
        }
    }
}
