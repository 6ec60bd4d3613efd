package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.NpyWriter;
import picocli.CommandLine;

/**
 * Issue 9 (hardening), one test per numbered item, through the real command line: exit code,
 * the exact one-line message, and what is (not) on disk afterwards.
 */
class HardeningTest {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private static final String EOL = System.lineSeparator();

    /** Asserts exit 2 and exactly {@code taskmix: error: MESSAGE} on stderr. */
    private static void inputError(CliRun r, String message) {
        assertEquals("taskmix: error: " + message + EOL, r.err(), "stderr");
        assertEquals(Main.EXIT_INPUT, r.code(), "exit code");
    }

    private static final String TINY = """
            {"format": "taskmix/problem-1", "name": "hand", "dimension": 2,
             "tasks": [
               {"name": "a", "covariance": {"diagonal": [1, 0]}},
               {"name": "b", "covariance": {"diagonal": [0, 3]}},
               {"name": "c", "covariance": %s}],
             "target": {"name": "I", "covariance": {"diagonal": [1, 1]}}}
            """;

    private Path problem(Path folder, String name, String cCovariance) throws IOException {
        Files.createDirectories(folder);
        Path p = folder.resolve(name);
        Files.writeString(p, TINY.formatted(cCovariance));
        return p;
    }

    private Path problem(String name) throws IOException {
        return problem(dir, name, "{\"diagonal\": [0.2, 0.2]}");
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ 1

    @Test
    void item1InputReachedThroughSymlinkIsNeverOverwritten() throws Exception {
        Path d = dir.resolve("D");
        Path input = problem(d, "solution.json", "{\"diagonal\": [0.2, 0.2]}");
        String before = Files.readString(input);
        Path link = Files.createSymbolicLink(dir.resolve("D-link"), d);
        CliRun r = CliRun.run("solve", link.resolve("solution.json").toString(), "--out", d.toString());
        inputError(r, d.resolve("solution.json") + ": refusing to write over an input file; choose another output path");
        assertEquals(before, Files.readString(input), "the problem file is untouched");
        assertEquals(List.of("solution.json"), listing(d), "nothing else was written (no weights.csv, no temporary)");

        // A hard link to the input under the output name is the same file (same file key).
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.createLink(out.resolve("weights.csv"), input);
        AtomicFiles.clearInputs();
        r = CliRun.run("solve", input.toString(), "--out", out.toString());
        inputError(r, out.resolve("weights.csv") + ": refusing to write over an input file; choose another output path");
        assertEquals(before, Files.readString(input));

        // estimate --out through a symlinked folder onto its own NPY input.
        Path data = Files.createDirectories(dir.resolve("data"));
        Path npy = data.resolve("x.npy");
        try (NpyWriter w = NpyWriter.create(npy, 4, 2, false)) {
            w.row(new double[] {1, 0});
            w.row(new double[] {0, 1});
            w.row(new double[] {1, 1});
            w.row(new double[] {-1, 2});
        }
        byte[] npyBefore = Files.readAllBytes(npy);
        Path dataLink = Files.createSymbolicLink(dir.resolve("data-link"), data);
        r = CliRun.run("estimate", "--task", "x=" + npy, "--target-identity", "--out", dataLink.resolve("x.npy").toString());
        inputError(r, dataLink.resolve("x.npy") + ": refusing to write over an input file; choose another output path");
        assertTrue(java.util.Arrays.equals(npyBefore, Files.readAllBytes(npy)));
    }

    // ------------------------------------------------------------------ 2

    @Test
    void item2FailedWriteToStdoutIsAnError() throws Exception {
        Path p = problem("p.json");
        CommandLine cl = Main.commandLine();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(full));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("solve", p.toString(), "--json");
        assertEquals("taskmix: error: stdout: write failed (disk full, or the reader closed the pipe); the output is"
                + " incomplete" + EOL, err.toString());
        assertEquals(Main.EXIT_INPUT, code);
    }

    // ------------------------------------------------------------------ 3

    @Test
    void item3SamplePathsStayInsideTheProblemFolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path outside = dir.resolve("outside.csv");
        Files.writeString(outside, "1,0\n0,1\n1,1\n");
        Path up = problem(sub, "up.json", "{\"samples\": \"../outside.csv\"}");
        inputError(CliRun.run("inspect", up.toString()), up + ": tasks[2].covariance.samples: value \"../outside.csv\""
                + " leads outside the problem file's folder " + sub.toRealPath() + "; sample files must lie inside it"
                + " (after symlinks), or pass --allow-outside-paths");
        Path abs = problem(sub, "abs.json", "{\"samples\": \"" + outside + "\"}");
        assertEquals(2, CliRun.run("inspect", abs.toString()).code());
        Files.createSymbolicLink(sub.resolve("inside.csv"), outside);
        Path viaLink = problem(sub, "link.json", "{\"samples\": \"inside.csv\"}");
        inputError(CliRun.run("inspect", viaLink.toString()), viaLink + ": tasks[2].covariance.samples: value"
                + " \"inside.csv\" leads outside the problem file's folder " + sub.toRealPath() + "; sample files must"
                + " lie inside it (after symlinks), or pass --allow-outside-paths");
        // The explicit opt-in lets all three through.
        for (Path p : List.of(up, abs, viaLink)) {
            CliRun ok = CliRun.run("inspect", p.toString(), "--allow-outside-paths");
            assertEquals(0, ok.code(), ok.err());
        }
        // A non-numeric line of a data file is located, never echoed.
        Path secret = sub.resolve("secret.csv");
        Files.writeString(secret, "1,2\nroot:x:0:0:hunter2,5\n");
        Path p = problem(sub, "secret.json", "{\"samples\": \"secret.csv\"}");
        CliRun r = CliRun.run("inspect", p.toString());
        inputError(r, p + ": tasks[2].covariance.samples: value \"secret.csv\": " + secret.toRealPath() + ": line 2,"
                + " column 1: cell of 18 characters is not a decimal number (digits, optional sign, point and exponent,"
                + " no quotes)");
        assertFalse(r.err().contains("hunter2"));
    }

    // ------------------------------------------------------------------ 4

    @Test
    void item4NoPartialOutputAndStaleTemporariesAreRemoved() throws Exception {
        Path p = problem("p.json");
        // weights.csv cannot be written (a folder is in the way): solution.json must not appear either.
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(out.resolve("weights.csv"));
        inputError(CliRun.run("solve", p.toString(), "--out", out.toString()),
                out.resolve("weights.csv") + ": is a folder; cannot write a file there");
        assertEquals(List.of("weights.csv"), listing(out));

        // A new output folder appears whole, or not at all.
        Path fresh = dir.resolve("fresh").resolve("run");
        CliRun ok = CliRun.run("solve", p.toString(), "--out", fresh.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(List.of("solution.json", "weights.csv"), listing(fresh));
        assertEquals(List.of("run"), listing(dir.resolve("fresh")), "no staging folder is left beside it");

        // Temporaries of a killed run (a dead process id) are removed by the next run there.
        long dead = deadPid();
        Path staleFile = out.resolve("." + AtomicFiles.TMP_TAG + dead + "-7-solution.json");
        Path staleDir = dir.resolve(".gone." + AtomicFiles.TMP_TAG + dead + "-3");
        Files.writeString(staleFile, "half");
        Files.createDirectories(staleDir.resolve("x"));
        Files.delete(out.resolve("weights.csv"));
        ok = CliRun.run("solve", p.toString(), "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(List.of("solution.json", "weights.csv"), listing(out));
        ok = CliRun.run("solve", p.toString(), "--out", dir.resolve("other").toString());
        assertEquals(0, ok.code(), ok.err());
        assertFalse(Files.exists(staleDir), "stale staging folder removed");
    }

    /** A process id that is not running (for stale-temporary names). */
    private static long deadPid() {
        long pid = 4_000_000L;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    // ------------------------------------------------------------------ 5

    @Test
    void item5ContentAfterTheDocumentIsRejected() throws Exception {
        Path p = problem("p.json");
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, Files.readString(p) + Files.readString(p));
        inputError(CliRun.run("inspect", twice.toString()), twice + ": line 7, column 1: content after the end of the"
                + " JSON document; a file holds exactly one JSON document");
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, Files.readString(p) + "xyz");
        assertEquals(2, CliRun.run("inspect", junk.toString()).code());
        Path w = dir.resolve("w.json");
        Files.writeString(w, "{\"weights\": {\"a\": 0.5, \"b\": 0.5, \"c\": 0}} {\"weights\": {\"a\": 1}}");
        inputError(CliRun.run("predict", p.toString(), "--weights", w.toString()), w + ": line 1, column 43: content"
                + " after the end of the JSON document; a file holds exactly one JSON document");
    }

    // ------------------------------------------------------------------ 6

    @Test
    void item6SeveralTargetsAverageWithNormalisedWeights() throws Exception {
        String head = "{\"format\": \"taskmix/problem-1\", \"name\": \"t\", \"dimension\": 2, \"tasks\": ["
                + "{\"name\": \"a\", \"covariance\": {\"diagonal\": [1, 0.5]}},"
                + "{\"name\": \"b\", \"covariance\": {\"diagonal\": [0.5, 2]}}], ";
        String sigma = "\"covariance\": {\"diagonal\": [1, 1.5]}";
        Path one = dir.resolve("one.json");
        Files.writeString(one, head + "\"target\": {\"name\": \"s\", " + sigma + "}}");
        Path two = dir.resolve("two.json");
        Files.writeString(two, head + "\"targets\": [{\"name\": \"s\", \"weight\": 3, " + sigma + "},"
                + " {\"name\": \"s2\", \"weight\": 1, " + sigma + "}]}");
        Path heavy = dir.resolve("heavy.json");
        Files.writeString(heavy, head + "\"targets\": [{\"name\": \"s\", \"weight\": 7, " + sigma + "}]}");
        Path w = dir.resolve("w.json");
        Files.writeString(w, "{\"weights\": {\"a\": 0.5, \"b\": 0.5}}");
        // m = inf: closed form, so the comparison is exact up to rounding of the average.
        JsonNode c1 = CliRun.run("predict", one.toString(), "--weights", w.toString(), "--m", "inf", "--json").json();
        JsonNode c2 = CliRun.run("predict", two.toString(), "--weights", w.toString(), "--m", "inf", "--json").json();
        JsonNode c7 = CliRun.run("predict", heavy.toString(), "--weights", w.toString(), "--m", "inf", "--json").json();
        for (int i = 0; i < c1.get("curve").size(); i++) {
            double e = c1.get("curve").get(i).get("error").asDouble();
            assertEquals(e, c2.get("curve").get(i).get("error").asDouble(), 1e-15 * e, "identical targets 3:1");
            assertEquals(e, c7.get("curve").get(i).get("error").asDouble(), 1e-15 * e, "one target of weight 7");
        }
    }

    // ------------------------------------------------------------------ 7

    @Test
    void item7ExtremeScalesAreRefusedWithTheFactorThatWorks() throws Exception {
        Path p = problem(dir, "huge.json", "{\"diagonal\": [1e300, 2e300]}");
        inputError(CliRun.run("inspect", p.toString()), p + ": tasks[2].covariance: largest variance 2.0E300 lies"
                + " outside [1.0E-100, 1.0E100], where double arithmetic overflows or underflows; multiply every"
                + " covariance in the problem by 1.0E-300 (the predictions do not change under a common scale)");
        Path sub = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(sub.resolve("s.csv"), "1e-200,0\n0,2e-200\n1e-200,1e-200\n");
        Path q = problem(sub, "p.json", "{\"samples\": \"s.csv\"}");
        inputError(CliRun.run("inspect", q.toString()), q + ": tasks[2].covariance: covariance estimate is all zero (the"
                + " samples are 0, or so small their squares underflow); multiply the samples by a common factor so"
                + " their largest magnitude is near 1");
    }

    // ------------------------------------------------------------------ 8

    @Test
    void item8CsvAndNumbersFollowTheStrictGrammar() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("csv"));
        Path p = problem(sub, "p.json", "{\"samples\": \"s.csv\"}");
        Path s = sub.resolve("s.csv");
        String prefix = p + ": tasks[2].covariance.samples: value \"s.csv\": " + sub.toRealPath().resolve("s.csv") + ": ";
        Files.writeString(s, "\"1\",\"2\"\n3,4\n5,7\n");
        inputError(CliRun.run("inspect", p.toString()), prefix + "line 1, column 1: cell of 3 characters is not a"
                + " decimal number (digits, optional sign, point and exponent, no quotes)");
        for (String java : List.of("0x1p3", "1d", "2f", "NaN", "Infinity", "1_0")) {
            Files.writeString(s, "1,2\n3," + java + "\n5,7\n");
            inputError(CliRun.run("inspect", p.toString()), prefix + "line 2, column 2: cell of " + java.length()
                    + " characters is not a decimal number (digits, optional sign, point and exponent, no quotes)");
        }
        Files.write(s, ("\uFEFF1,2\n3,4\n5,7\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, CliRun.run("inspect", p.toString()).code(), "a byte-order mark is skipped");
        Files.write(s, new byte[] {'1', ',', '2', '\n', '3', ',', (byte) 0xff, '\n'});
        inputError(CliRun.run("inspect", p.toString()), prefix + "line 2: is not valid UTF-8 text; save the file as UTF-8");

        // weights.csv written by taskmix reads back identically for awkward task names.
        String[] names = {" lead", "trail ", "com,ma", "quo\"te", "new\nline", "#hash"};
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"name\": ").append(Json.mapper().writeValueAsString(names[i]))
                    .append(", \"covariance\": {\"diagonal\": [").append(1 + i).append(", ").append(6 - i).append("]}}");
        }
        Path odd = dir.resolve("odd.json");
        Files.writeString(odd, "{\"format\": \"taskmix/problem-1\", \"name\": \"odd\", \"dimension\": 2, \"tasks\": ["
                + tasks + "], \"target\": {\"name\": \"I\", \"covariance\": {\"diagonal\": [1, 1]}}}");
        Path out = dir.resolve("odd-out");
        CliRun solved = CliRun.run("solve", odd.toString(), "--out", out.toString(), "--json");
        assertEquals(0, solved.code(), solved.err());
        JsonNode fromJson = solved.json().get("weights");
        CliRun back = CliRun.run("predict", odd.toString(), "--weights", out.resolve("weights.csv").toString(), "--json");
        assertEquals(0, back.code(), back.err());
        CliRun viaJson = CliRun.run("predict", odd.toString(), "--weights", out.resolve("solution.json").toString(),
                "--json");
        assertEquals(viaJson.json().get("curve"), back.json().get("curve"), "CSV and JSON weights give the same curve");
        assertEquals(names.length, fromJson.size());
    }

    // ------------------------------------------------------------------ 9

    @Test
    void item9DeclaredSizesAreCheckedBeforeAllocating() throws Exception {
        Path big = dir.resolve("big.json");
        Files.writeString(big, TINY.formatted("{\"diagonal\": [0.2, 0.2]}").replace("\"dimension\": 2", "\"dimension\": 100000"));
        inputError(CliRun.run("inspect", big.toString()), big + ": dimension: value 100000 exceeds 46340, the largest"
                + " dimension whose d x d matrix fits in one Java array");
        Files.writeString(big, TINY.formatted("{\"diagonal\": [0.2, 0.2]}").replace("\"dimension\": 2", "\"dimension\": 5000"));
        inputError(CliRun.run("inspect", big.toString()), big + ": dimension: value 5000 exceeds the limit 4096 (O(d^3)"
                + " work per task); pass --allow-large to lift it");
        Path p = problem("p.json");
        inputError(CliRun.run("solve", p.toString(), "--objective", "exact", "--k", "2147483647"), "--k: value 2147483647"
                + " exceeds the limit 10000 (a size this large would run for days or exhaust memory); pass --allow-large"
                + " to lift it");
        inputError(CliRun.run("generate", "power-law", "--tasks", "1000000000", "--dimension", "10", "--out",
                dir.resolve("g.json").toString()), "--tasks: value 1000000000 exceeds the limit 100000 (a size this"
                + " large would run for days or exhaust memory); pass --allow-large to lift it");
        inputError(CliRun.run("generate", "samples", p.toString(), "--count", "2147483647000", "--out",
                dir.resolve("s.npy").toString()), "--count: value 2147483647000 exceeds the limit 1000000000 (a size"
                + " this large would run for days or exhaust memory); pass --allow-large to lift it");
        // An NPY header declaring 32767 columns is refused before the estimator allocates d x d.
        Path npy = dir.resolve("wide.npy");
        byte[] header = ("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 32767), }").getBytes(StandardCharsets.US_ASCII);
        int pad = 64 - (10 + header.length + 1) % 64;
        try (OutputStream os = Files.newOutputStream(npy)) {
            os.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = header.length + pad + 1;
            os.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
            os.write(header);
            os.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
            os.write('\n');
            os.write(new byte[32767 * 8]);
        }
        inputError(CliRun.run("estimate", "--task", "w=" + npy, "--target-identity", "--out",
                dir.resolve("e.json").toString()), npy + ": columns: value 32767 exceeds the limit 4096 (O(d^3) work per"
                + " task); pass --allow-large to lift it");
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    // ------------------------------------------------------------------ 10

    @Test
    void item10OrdinaryMistakesAreOneLine() throws Exception {
        Path p = problem("p.json");
        inputError(CliRun.run("solve", p.toString(), "--out", p.toString()), p.resolve("solution.json")
                + ": cannot write: a path component is not a folder (" + p + ")");
        inputError(CliRun.run("solve", p.toString(), "--out", "/"), "--out: value \"/\" is the root of the file system;"
                + " choose a file or folder below it");
        inputError(CliRun.run("estimate", "--task", "a=" + p, "--target-identity", "--out", "/"), "--out: value \"/\" is"
                + " the root of the file system; choose a file or folder below it");
        // validate draws m examples per test prompt, so its --m is capped (predict's is not: docs/theory.md §7).
        inputError(CliRun.run("validate", p.toString(), "--mixture", "uniform", "--m", "2147483647"), "--m: value"
                + " 2147483647 exceeds the limit 100000 (a size this large would run for days or exhaust memory); pass"
                + " --allow-large to lift it");
        CliRun usage = CliRun.run("solve", p.toString(), "--k");
        assertEquals(2, usage.code());
        assertEquals(1, usage.err().lines().count(), usage.err());
        assertTrue(usage.err().startsWith("taskmix: error: "), usage.err());
        // A 10 MB value is cut, and the rule still ends the line.
        Path huge = dir.resolve("huge.json");
        String name = "x".repeat(10_000_000);
        Files.writeString(huge, TINY.formatted("{\"diagonal\": [0.2, 0.2]}").replace("\"name\": \"hand\"",
                "\"name\": \"hand\", \"bogus\": \"" + name + "\""));
        CliRun r = CliRun.run("inspect", huge.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count());
        assertTrue(r.err().length() < 1000, "cut to a readable length: " + r.err().length());
        Path longName = dir.resolve("long.json");
        Files.writeString(longName, TINY.formatted("{\"diagonal\": [0.2, 0.2]}").replace("taskmix/problem-1", name));
        r = CliRun.run("inspect", longName.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().length() <= Main.MAX_MESSAGE_CHARS + 100, "length " + r.err().length());
        assertTrue(r.err().strip().endsWith("expected \"taskmix/problem-1\""), r.err());
    }
}
