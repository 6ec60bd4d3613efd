package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link Main#commandLine(String...)} registers only the invoked command (start-up time,
 * docs/benchmarks.md §4): it must know exactly the commands of the full model, and a run through
 * it must print and exit exactly as through the full model.
 */
class LeanCommandLineTest {

    @Test
    void subcommandKnowsExactlyTheCommandsOfTheFullModel() {
        Map<String, CommandLine> full = new CommandLine(new TaskmixCommand()).getSubcommands();
        for (var e : full.entrySet()) {
            Object made = TaskmixCommand.subcommand(e.getKey());
            if (e.getKey().equals("help")) {
                assertNull(made, "help lists every command: it runs on the full model");
            } else {
                assertSame(e.getValue().getCommand().getClass(), made.getClass(), e.getKey());
            }
        }
        assertNull(TaskmixCommand.subcommand("inspec"));
        assertNull(TaskmixCommand.subcommand("--help"));
    }

    @Test
    void leanModelHoldsOnlyTheInvokedCommand() {
        assertEquals(List.of("solve"), List.copyOf(Main.commandLine("solve", "x.json").getSubcommands().keySet()));
        assertEquals(List.of(), List.copyOf(Main.commandLine("--version").getSubcommands().keySet()));
        assertEquals(new CommandLine(new TaskmixCommand()).getSubcommands().keySet(),
                Main.commandLine("--help").getSubcommands().keySet());
    }

    @Test
    void runsPrintAndExitAsThroughTheFullModel() {
        String tiny = "problems/tiny.json";
        List<String[]> cases = List.of(
                new String[] {"--version"},
                new String[] {"inspect", tiny},
                new String[] {"inspect", tiny, "--json"},
                new String[] {"inspect", "--help"},
                new String[] {"inspect"},
                new String[] {"inspect", tiny, "--bogus"},
                new String[] {"inspect", tiny, "extra", "solve"},
                new String[] {"inspect", "-V"},
                new String[] {"inspect", "no-such-file.json"},
                new String[] {"generate", "power-law", "--help"},
                new String[] {"solve", "--tasks", "0", tiny},
                new String[] {"predict", tiny, "--json"});
        for (String[] args : cases) {
            String[] full = run(Main.commandLine(), args);
            String[] lean = run(Main.commandLine(args), args);
            assertEquals(List.of(full), List.of(lean), String.join(" ", args));
        }
    }

    @Test
    void everyCommandsUsageIsTheSame() {
        for (String name : new CommandLine(new TaskmixCommand()).getSubcommands().keySet()) {
            String[] args = {name, "--help"};
            assertEquals(List.of(run(Main.commandLine(), args)), List.of(run(Main.commandLine(args), args)), name);
        }
    }

    /** Exit code, stdout and stderr of one run, with the run's start time masked. */
    private static String[] run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code),
                out.toString().replaceAll("\"startTime\" : \"[^\"]*\"", "\"startTime\" : \"(masked)\""), err.toString()};
    }
}
