package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict number grammar, the bounded line reader and staged output runs. */
class InputRulesTest {

    @TempDir
    Path dir;

    @AfterEach
    void tidy() {
        AtomicFiles.abortRun();
        AtomicFiles.clearInputs();
    }

    @Test
    void decimalGrammar() {
        for (String ok : List.of("0", "-1", "+2.5", "1.", ".5", "1e3", "1E-3", "-0.0", "6.02e+23", "1.0E-5")) {
            assertTrue(DecimalNumbers.isDecimal(ok), ok);
        }
        for (String bad : List.of("", ".", "-", "e3", "1e", "1e+", "0x1p3", "1d", "2f", "NaN", "Infinity", " 1", "1 ",
                "1_0", "\"1\"", "1.2.3", "--1", "\uFEFF1", "١")) {
            assertFalse(DecimalNumbers.isDecimal(bad), bad);
        }
        assertEquals(0.125, DecimalNumbers.parse("1.25e-1"));
        assertThrows(NumberFormatException.class, () -> DecimalNumbers.parse("0x1p3"));
    }

    @Test
    void boundedLinesStripBomSplitTerminatorsAndRefuseLongLines() throws IOException {
        Path p = dir.resolve("a.txt");
        Files.write(p, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\r', '\n', 'b', '\r', 'c', '\n', 'd'});
        try (BoundedLines r = BoundedLines.open(p)) {
            assertEquals("a", r.readLine());
            assertEquals("b", r.readLine());
            assertEquals("c", r.readLine());
            assertEquals("d", r.readLine());
            assertEquals(4, r.lineNo());
            assertNull(r.readLine());
        }
        Files.writeString(p, "ok\n" + "9".repeat(100));
        try (BoundedLines r = BoundedLines.open(p, 50)) {
            assertEquals("ok", r.readLine());
            InputException e = assertThrows(InputException.class, r::readLine);
            assertEquals(p + ": line 2: is longer than 50 bytes; data files have one short record per line", e.getMessage());
        }
    }

    @Test
    void stagedRunPublishesNothingUntilCommitAndNothingAfterAbort() throws IOException {
        Path out = dir.resolve("report");
        Path existing = Files.createDirectories(dir.resolve("existing"));
        AtomicFiles.beginRun();
        AtomicFiles.writeString(out.resolve("a.json"), "{}");
        AtomicFiles.writeString(out.resolve("sub").resolve("b.csv"), "x");
        AtomicFiles.writeString(existing.resolve("c.txt"), "c");
        assertFalse(Files.exists(out), "a new folder appears only at commit");
        assertFalse(Files.exists(existing.resolve("c.txt")));
        AtomicFiles.commitRun();
        assertEquals("{}", Files.readString(out.resolve("a.json")));
        assertEquals("x", Files.readString(out.resolve("sub").resolve("b.csv")));
        assertEquals("c", Files.readString(existing.resolve("c.txt")));
        assertEquals(List.of("existing", "report"), names(dir));

        AtomicFiles.beginRun();
        AtomicFiles.writeString(dir.resolve("other").resolve("x.json"), "{}");
        AtomicFiles.writeString(existing.resolve("d.txt"), "d");
        AtomicFiles.abortRun();
        assertEquals(List.of("existing", "report"), names(dir), "abort leaves nothing, not even temporaries");
        assertEquals(List.of("c.txt"), names(existing));
    }

    @Test
    void commitRechecksInputsRegisteredAfterTheWrite() throws IOException {
        Path f = dir.resolve("f.json");
        AtomicFiles.beginRun();
        AtomicFiles.writeString(f, "{}");
        Files.writeString(f, "input");
        AtomicFiles.registerInput(f);
        InputException e = assertThrows(InputException.class, AtomicFiles::commitRun);
        assertEquals(f + ": refusing to write over an input file; choose another output path", e.getMessage());
        assertEquals("input", Files.readString(f));
        assertEquals(List.of("f.json"), names(dir));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
