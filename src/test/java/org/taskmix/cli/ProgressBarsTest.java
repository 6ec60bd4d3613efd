package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.taskmix.validation.ProgressListener;

class ProgressBarsTest {

    @Test
    void offATerminalProgressIsAFewPlainLinesWithoutCarriageReturns() {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        ProgressBars p = new ProgressBars(new PrintWriter(sw), false, () -> now[0]);
        p.start("train", 100);
        for (int i = 1; i <= 100; i++) {
            now[0] += 100; // 10 s in all, one step every 0.1 s
            p.advance(i);
        }
        p.finish();
        String out = sw.toString();
        assertFalse(out.contains("\r"), out);
        // One line at 5 s, one at 10 s, one at the end of the phase.
        assertEquals(3, out.lines().count(), out);
        assertEquals("taskmix: train 50/100 (50%), 5 s", out.lines().findFirst().orElseThrow());
        assertEquals("taskmix: train 100/100 (100%), 10 s", out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void quietMeansNoListenerAtAll() {
        assertSame(ProgressListener.NONE, ProgressBars.on(new PrintWriter(new StringWriter()), false));
    }

    @Test
    void testsDoNotRunOnATerminal() {
        // Surefire forks the JVM with pipes: the detection must say "not a terminal" there.
        assertFalse(ProgressBars.isTerminal());
    }
}
