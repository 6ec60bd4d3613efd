package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command: no command is a usage error; {@code help CMD} prints that command's usage. */
class TopLevelCommandTest {

    @Test
    void noCommandPrintsUsageToStderrAndExitsTwo() {
        CliRun r = CliRun.run();
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: taskmix"), r.err());
    }

    @Test
    void helpCommandPrintsTheCommandsUsage() {
        CliRun r = CliRun.run("help", "solve");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: taskmix solve"), r.out());
    }

    /** A stray '%' in a description makes picocli print a warning beside the usage: none may. */
    @Test
    void everyCommandsUsageFormatsWithoutWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            usageOfAll(new CommandLine(new TaskmixCommand()));
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static void usageOfAll(CommandLine cl) {
        cl.usage(new PrintWriter(new StringWriter()));
        cl.getSubcommands().values().forEach(TopLevelCommandTest::usageOfAll);
    }
}
