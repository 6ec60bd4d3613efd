package org.taskmix.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every source file of the product stays small enough to read in one sitting: at most
 * {@link #MAX_LINES} lines (a house rule; a file that outgrows it is split along its real parts,
 * as Prediction/CurveChecks and ActiveSetSolver/ActiveSetRun were). Method length is checked by
 * {@code src/bench/tools/long_methods.py}, which needs a parser this test does not have.
 */
class ClassSizeTest {

    /** The house limit on one source file, in lines. */
    static final int MAX_LINES = 500;

    private static final Path MAIN = Path.of("src/main/java/org/taskmix");

    @Test
    void noSourceFileIsOverTheLimit() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(MAIN)) {
            files = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no sources under " + MAIN.toAbsolutePath());
        List<String> over = files.stream()
                .map(p -> p + " (" + lines(p) + " lines)")
                .filter(s -> Long.parseLong(s.replaceAll(".*\\((\\d+) lines\\)$", "$1")) > MAX_LINES)
                .collect(Collectors.toList());
        assertEquals(List.of(), over, "source files over " + MAX_LINES + " lines");
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new IllegalStateException(p.toString(), e);
        }
    }
}
