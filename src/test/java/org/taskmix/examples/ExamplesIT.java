package org.taskmix.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every curation example ({@code examples/NAME/run.sh}) against the built jar and checks the
 * key numbers listed in its {@code expected.json}:
 *
 * <pre>
 * {"checks": [{"file": "solution.json", "path": "/objective", "value": 0.0735, "tolerance": 1e-9,
 *              "why": "..."}, ...]}
 * </pre>
 *
 * {@code file} is relative to the example's work dir, {@code path} a JSON pointer into it. A
 * numeric {@code value} needs a {@code tolerance} (absolute, {@code |actual − value| ≤ tolerance});
 * a string or boolean {@code value} must match exactly. Every check says {@code why}.
 *
 * <p>Runs in failsafe's integration-test phase, after {@code package} has built
 * {@code target/taskmix.jar}.
 */
class ExamplesIT {

    /**
     * Each example runs in well under 20 s on an idle 2-core machine; CI machines share their cores
     * with other builds, so allow several times that before calling a run hung.
     */
    private static final long TIMEOUT_SECONDS = 180;

    /** How much of a failed script's output to quote. */
    private static final int QUOTE_CHARS = 4000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("examples").toAbsolutePath();
    private static final Path JAR = Path.of("target", "taskmix.jar").toAbsolutePath();

    @Test
    void everyExampleHasItsParts() throws IOException {
        List<Path> dirs = exampleDirs();
        assertTrue(dirs.size() >= 4, "expected at least four examples, found " + dirs);
        String index = Files.readString(EXAMPLES.resolve("README.md"));
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            for (String part : List.of("run.sh", "README.md", "expected.json")) {
                assertTrue(Files.isRegularFile(dir.resolve(part)), name + ": missing " + part);
            }
            assertTrue(index.contains("(" + name + "/)"), "examples/README.md does not link " + name + "/");
            JsonNode checks = JSON.readTree(dir.resolve("expected.json").toFile()).get("checks");
            assertTrue(checks != null && checks.isArray() && checks.size() > 0, name + ": expected.json has no checks");
            for (JsonNode c : checks) {
                String where = name + ": check " + c;
                for (String field : List.of("file", "path", "value", "why")) {
                    assertTrue(c.has(field), where + ": missing \"" + field + "\"");
                }
                assertFalse(c.get("why").asText().isBlank(), where + ": \"why\" is blank");
                assertTrue(c.get("path").asText().startsWith("/"), where + ": path must be a JSON pointer");
                if (c.get("value").isNumber()) {
                    assertTrue(c.has("tolerance") && c.get("tolerance").isNumber() && c.get("tolerance").asDouble() >= 0,
                            where + ": a numeric value needs a tolerance >= 0");
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "no jar at " + JAR + "; the examples run after `mvn package`");
        return exampleDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir)));
    }

    private static void run(Path dir) throws Exception {
        String name = dir.getFileName().toString();
        Path work = Files.createTempDirectory("taskmix-example-" + name + "-");
        Path logs = Files.createTempDirectory("taskmix-example-log-");
        Path out = logs.resolve("stdout.txt");
        Path err = logs.resolve("stderr.txt");
        List<String> before = listing(EXAMPLES);

        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("run.sh").toString(), work.toString())
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("TASKMIX_JAR", JAR.toString());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JsonNode spec = JSON.readTree(dir.resolve("expected.json").toFile());
        // Optional: an example's CI slice (environment for run.sh), its own time limit, and what
        // it needs installed (.ci/run installs it; elsewhere the example is skipped, saying why).
        spec.path("environment").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
        for (JsonNode need : spec.path("requires")) {
            Assumptions.assumeTrue(available(need.asText()), "example " + name + " needs " + need.asText()
                    + " (.ci/run installs it)");
        }
        long timeout = spec.path("timeoutSeconds").asLong(TIMEOUT_SECONDS);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("example " + name + ": run.sh did not finish within " + timeout + " s\nstdout:\n"
                    + tail(out) + "\nstderr:\n" + tail(err));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        if (p.exitValue() != 0) {
            fail("example " + name + ": run.sh exited " + p.exitValue() + "\nstderr:\n" + tail(err) + "\nstdout:\n"
                    + tail(out));
        }
        System.out.printf("example %s: %.1f s%n", name, seconds);
        assertEquals(before, listing(EXAMPLES), "example " + name + " wrote into the repository's examples/ folder");

        List<String> failures = new ArrayList<>();
        for (JsonNode c : JSON.readTree(dir.resolve("expected.json").toFile()).get("checks")) {
            String file = c.get("file").asText();
            String pointer = c.get("path").asText();
            String head = "example " + name + ", " + file + " " + pointer + ": ";
            Path f = work.resolve(file);
            if (!Files.isRegularFile(f)) {
                failures.add(head + "file not written");
                continue;
            }
            JsonNode actual = JSON.readTree(f.toFile()).at(pointer);
            JsonNode expected = c.get("value");
            if (actual.isMissingNode()) {
                failures.add(head + "no such field (expected " + expected + ")");
            } else if (expected.isNumber()) {
                double tol = c.get("tolerance").asDouble();
                double a = actual.isNumber() ? actual.asDouble() : Double.NaN;
                if (!(Math.abs(a - expected.asDouble()) <= tol)) {
                    failures.add(head + "expected " + expected.asDouble() + " +- " + tol + ", actual " + actual
                            + " (off by " + Math.abs(a - expected.asDouble()) + "; why: " + c.get("why").asText() + ")");
                }
            } else if (!expected.equals(actual)) {
                failures.add(head + "expected " + expected + ", actual " + actual + " (why: " + c.get("why").asText() + ")");
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " check(s) failed (outputs kept in " + work + "):\n" + String.join("\n", failures));
        }
        deleteTree(work);
        deleteTree(logs);
    }

    /** A file that exists (absolute path) or a command on the PATH. */
    private static boolean available(String need) {
        if (need.startsWith("/")) {
            return Files.exists(Path.of(need));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, need))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Path> exampleDirs() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("run.sh"))).sorted().toList();
        }
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return s.length() <= QUOTE_CHARS ? s : "..." + s.substring(s.length() - QUOTE_CHARS);
    }
}
