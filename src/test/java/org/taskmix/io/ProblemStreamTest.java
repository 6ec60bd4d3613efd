package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Problem;

/** The streaming reader gives the tree reader's problem, bit for bit, and its messages. */
class ProblemStreamTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private static String problem(String cov0, String targetCov) {
        return "{\"format\": \"taskmix/problem-1\", \"name\": \"s\", \"dimension\": 2,\n"
                + " \"tasks\": [{\"name\": \"a\", \"covariance\": " + cov0 + "},\n"
                + "  {\"name\": \"b\", \"covariance\": {\"diagonal\": [1, 2]}}],\n"
                + " \"target\": {\"name\": \"t\", \"covariance\": " + targetCov + "}}\n";
    }

    private Problem viaTree(Path file) {
        return ProblemReader.parse(Field.root(file, ProblemReader.readTree(file)), tmp, file.toString());
    }

    @Test
    void fullMatricesAreTheTreeReadersBitForBit() throws IOException {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, problem("[[2, 0.1234567890123456789], [0.1234567890123456789, 1e-1]]",
                "[[1.5, -0.25], [-0.25, 3]]"));
        Problem streamed = ProblemReader.read(f);
        Problem tree = viaTree(f);
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(tree.catalog().tasks().get(t).covariance().get(i, j),
                            streamed.catalog().tasks().get(t).covariance().get(i, j), 0.0);
                    assertEquals(tree.target().covariance().get(i, j), streamed.target().covariance().get(i, j), 0.0);
                }
            }
        }
    }

    @Test
    void aBadEntryMidMatrixGetsTheTreeReadersMessage() throws IOException {
        for (String bad : new String[] {"[[2, 0], [0, \"x\"]]", "[[2, 0], [0, NaN]]", "[[2, 0], 5]", "[[2, 0], [0, [1]]]",
                "[[2, 0], [0]]", "[[2, 0, 1], [0, 1]]", "[]"}) {
            Path f = tmp.resolve("bad.json");
            Files.writeString(f, problem(bad, "[[1, 0], [0, 1]]"));
            InputException tree = assertThrows(InputException.class, () -> viaTree(f));
            InputException streamed = assertThrows(InputException.class, () -> ProblemReader.read(f));
            assertEquals(tree.getMessage(), streamed.getMessage(), bad);
        }
    }

    @Test
    void syntaxErrorsAndTrailingContentAreOneLine() throws IOException {
        Path f = tmp.resolve("t.json");
        Files.writeString(f, problem("[[1, 0], [0, 1]]", "[[1, 0], [0, 1]]") + "{}\n");
        assertEquals(f + ": line 5, column 1: content after the end of the JSON document; a file holds exactly one"
                + " JSON document", assertThrows(InputException.class, () -> ProblemReader.read(f)).getMessage());
        Files.writeString(f, "{\"format\": \"taskmix/problem-1\", \"tasks\": [[1, 2");
        String tree = assertThrows(InputException.class, () -> viaTree(f)).getMessage();
        assertEquals(tree, assertThrows(InputException.class, () -> ProblemReader.read(f)).getMessage());
        Files.writeString(f, "  \n");
        assertEquals(f + ": file is empty; expected a JSON document",
                assertThrows(InputException.class, () -> ProblemReader.read(f)).getMessage());
    }
}
