package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.NpyWriter;
import picocli.CommandLine;

/**
 * Every kind of bad input named in the issue, through the command line: exit code 2, exactly
 * one line on stderr naming the file, the field path, the value and the rule, no stack trace.
 */
class BadInputTest {

    /** One command-line run in this JVM: exit code, stdout and stderr. */
    record Run(int code, String out, String err) {

        static Run of(String... args) {
            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        }

        /** Asserts exit code 2 and exactly one stderr line {@code taskmix: error: message}. */
        Run inputError(String message) {
            assertEquals("taskmix: error: " + message + System.lineSeparator(), err, "stderr");
            assertEquals(Main.EXIT_INPUT, code, "exit code");
            assertFalse(err.contains("\tat "), "no stack trace");
            return this;
        }

        /** Asserts exit code 0 and an empty stderr. */
        Run ok() {
            assertEquals("", err, "stderr");
            assertEquals(0, code, "exit code");
            return this;
        }
    }

    private static final String TARGET = "\"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 1]}}";

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private int files;

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** A problem file with d = 2, the given tasks array and target. */
    private Path problem(String tasks, String target) throws IOException {
        return file("p" + (files++) + ".json", "{\"format\": \"taskmix/problem-1\", \"name\": \"x\", \"dimension\": 2,"
                + " \"tasks\": " + tasks + ", " + target + "}");
    }

    private Path problemWithTask(String covariance) throws IOException {
        return problem("[{\"name\": \"a\", \"covariance\": " + covariance + "}]", TARGET);
    }

    private void inspectFails(Path p, String message) {
        Run.of("inspect", p.toString()).inputError(p + ": " + message);
    }

    @Test
    void malformedJson() throws IOException {
        Path p = file("bad.json", "{\"format\": \"taskmix/problem-1\",\n \"name\": }");
        inspectFails(p, "line 2, column 10: malformed JSON: Unexpected character ('}' (code 125)): expected a value");
    }

    @Test
    void unknownField() throws IOException {
        Path p = problem("[{\"name\": \"a\", \"covariance\": {\"diagonal\": [1, 1]}, \"weight\": 3}]", TARGET);
        inspectFails(p, "tasks[0].weight: unknown field; allowed here: covariance, fixedWeight, group, maxWeight,"
                + " minWeight, n, name, size");
    }

    @Test
    void missingCovariance() throws IOException {
        inspectFails(problem("[{\"name\": \"a\"}]", TARGET), "tasks[0].covariance: missing required field");
    }

    @Test
    void raggedMatrix() throws IOException {
        inspectFails(problemWithTask("[[1, 0], [0]]"), "tasks[0].covariance[1]: row has 1 entries but the matrix has 2"
                + " rows; a covariance must be square (d rows of d numbers)");
    }

    @Test
    void nonSquareMatrix() throws IOException {
        inspectFails(problemWithTask("[[1, 0, 0], [0, 1, 0]]"), "tasks[0].covariance[0]: row has 3 entries but the"
                + " matrix has 2 rows; a covariance must be square (d rows of d numbers)");
    }

    @Test
    void dimensionMismatchBetweenTaskTargetAndDimension() throws IOException {
        inspectFails(problemWithTask("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]"), "tasks[0].covariance: matrix has 3 rows but"
                + " \"dimension\" is 2; a covariance must be 2x2");
        inspectFails(problem("[{\"name\": \"a\", \"covariance\": {\"diagonal\": [1, 1]}}]",
                        "\"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 1, 1]}}"),
                "target.covariance.diagonal: has 3 entries but \"dimension\" is 2");
    }

    @Test
    void asymmetricBeyondTolerance() throws IOException {
        inspectFails(problemWithTask("[[1, 0.5], [0.4, 1]]"), "tasks[0].covariance[0][1]: value 0.5 differs from"
                + " [1][0] = 0.4 by more than 1.0E-9 relative to the largest entry; a covariance must be symmetric");
    }

    @Test
    void nanAndInfiniteEntries() throws IOException {
        inspectFails(problemWithTask("[[1, NaN], [NaN, 1]]"), "tasks[0].covariance[0][1]: value NaN is not finite");
        inspectFails(problemWithTask("[[1, 0], [0, Infinity]]"), "tasks[0].covariance[1][1]: value Infinity is not finite");
        inspectFails(problemWithTask("[[1, 0], [0, 1e999]]"), "tasks[0].covariance[1][1]: value Infinity is not finite");
        inspectFails(problemWithTask("{\"diagonal\": [1, NaN]}"), "tasks[0].covariance.diagonal[1]: value NaN is not"
                + " finite");
    }

    @Test
    void notPositiveSemidefinite() throws IOException {
        inspectFails(problemWithTask("[[1, 0], [0, -1]]"), "tasks[0].covariance: smallest eigenvalue -1.0 is negative"
                + " (below -1.0E-10 x largest |eigenvalue|); a covariance must be positive semidefinite");
    }

    @Test
    void singularTarget() throws IOException {
        inspectFails(problem("[{\"name\": \"a\", \"covariance\": {\"diagonal\": [1, 1]}}]",
                        "\"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 0]}}"),
                "target.covariance: target covariance is singular (smallest eigenvalue 0.0, largest 1.0); the selection"
                        + " program needs the inverse of the target covariance, so the target must be positive definite");
    }

    @Test
    void duplicateTaskNames() throws IOException {
        inspectFails(problem("[{\"name\": \"a\", \"covariance\": {\"diagonal\": [1, 1]}},"
                        + " {\"name\": \"a\", \"covariance\": {\"diagonal\": [2, 1]}}]", TARGET),
                "tasks[1].name: \"a\" duplicates tasks[0].name; task names must be unique");
    }

    @Test
    void emptyCatalog() throws IOException {
        inspectFails(problem("[]", TARGET), "tasks: catalog is empty; at least one task is required");
    }

    @Test
    void npyOfWrongDtypeShapeOrTruncated() throws IOException {
        Path ints = Path.of(resource("int64.npy"));
        Files.copy(ints, tmp.resolve("ints.npy"));
        Path p = problemWithTask("{\"samples\": \"ints.npy\"}");
        inspectFails(p, "tasks[0].covariance.samples: value \"ints.npy\": " + tmp.resolve("ints.npy") + ": dtype '<i8'"
                + " is not supported; samples must be float16, float32 or float64 ('<f2', '<f4', '<f8', '>f2', '>f4',"
                + " '>f8'); convert with"
                + " array.astype(numpy.float32)");
        Files.copy(Path.of(resource("one_dim.npy")), tmp.resolve("vec.npy"));
        Run.of("estimate", "--task", "a=" + tmp.resolve("vec.npy"), "--target-identity", "--out",
                tmp.resolve("o.json").toString()).inputError(tmp.resolve("vec.npy") + ": shape (5,) has 1 dimension;"
                + " samples must be a 2-D array (samples, dimension)");
        byte[] ok = Files.readAllBytes(Path.of(resource("c_f4.npy")));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(ok, ok.length - 8));
        Run.of("estimate", "--task", "a=" + cut, "--target-identity", "--out", tmp.resolve("o.json").toString())
                .inputError(cut + ": file is truncated: the header promises 5 x 3 float32 values (60 bytes) but only 52"
                        + " bytes follow the header");
    }

    @Test
    void csvWithNonNumericCellOrRaggedRows() throws IOException {
        Path bad = file("bad.csv", "1,2\n3,x\n");
        Path p = problemWithTask("{\"samples\": \"bad.csv\"}");
        inspectFails(p, "tasks[0].covariance.samples: value \"bad.csv\": " + bad + ": line 2, column 2: cell of 1 characters is"
                + " not a decimal number (digits, optional sign, point and exponent, no quotes)");
        Path ragged = file("ragged.csv", "1,2\n3,4\n5\n");
        Run.of("estimate", "--task", "a=" + ragged, "--target-identity", "--out", tmp.resolve("o.json").toString())
                .inputError(ragged + ": line 3: has 1 cells but the first data row has 2; every row must have one value"
                        + " per dimension");
    }

    @Test
    void missingSampleFile() throws IOException {
        Path p = problemWithTask("{\"samples\": \"data/none.npy\"}");
        inspectFails(p, "tasks[0].covariance.samples: value \"data/none.npy\": no such file (looked for "
                + tmp.resolve("data/none.npy") + ")");
        Path none = tmp.resolve("none.npy");
        Run.of("estimate", "--task", "a=" + none, "--target-identity", "--out", tmp.resolve("o.json").toString())
                .inputError(none + ": no such file");
        Run.of("inspect", tmp.resolve("nothing.json").toString()).inputError(tmp.resolve("nothing.json") + ": no such file");
    }

    @Test
    void fewerSamplesThanTheDimension() throws IOException {
        Path few = tmp.resolve("few.npy");
        try (NpyWriter w = NpyWriter.create(few, 2, 3, true)) {
            w.row(1, 2, 3);
            w.row(4, 5, 6);
        }
        Run.of("estimate", "--task", "a=" + few, "--target-identity", "--out", tmp.resolve("o.json").toString())
                .inputError(few + ": has 2 samples but the dimension is 3; a sample covariance from fewer than 3 samples"
                        + " is singular: give at least 3 samples");
        Path csv = file("few.csv", "1,2\n3,4\n");
        Run.of("estimate", "--task", "a=" + csv, "--target-identity", "--center", "--out", tmp.resolve("o.json").toString())
                .inputError(csv + ": has 2 samples but the dimension is 2; a centred sample covariance from fewer than 3"
                        + " samples is singular: give at least 3 samples");
    }

    private static java.net.URI resource(String name) {
        try {
            return BadInputTest.class.getResource("/org/taskmix/io/" + name).toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
