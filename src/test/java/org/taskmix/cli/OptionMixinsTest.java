package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The options declared once in a mixin ({@link OutputDir}, {@link TrainSeed}, {@link ProblemFile},
 * {@link TrainingOptions}) keep each command's own help line, and the setting enums keep their
 * spellings on the command line.
 */
class OptionMixinsTest {

    /** The mixins' fallback lines: shown only if a command lacks its line in OptionHelp.properties. */
    private static final List<String> FALLBACKS = List.of("Also write this command's files into DIR.");

    @Test
    void everyCommandHasItsOwnOutAndSeedLine() {
        List<String> usages = new ArrayList<>();
        collect(new CommandLine(new TaskmixCommand()), usages);
        for (String usage : usages) {
            for (String fallback : FALLBACKS) {
                assertFalse(usage.contains(fallback), usage);
            }
        }
        assertTrue(usage("solve").contains("Also write solution.json and weights.csv into DIR."));
        assertTrue(usage("inspect").contains("Also write inspect.json into this folder."));
        assertTrue(usage("demo").contains("Report folder (default: taskmix-demo)."));
        assertTrue(usage("validate").contains("Seed of training and test prompts (default: settings.train.seed)."));
        assertTrue(usage("compare").contains("Seed of the Monte Carlo prediction and of training"));
    }

    @Test
    void settingSpellingsAreCaseInsensitiveAndWrongOnesAreUsageErrors() {
        String p = "problems/tiny.json";
        CliRun upper = CliRun.run("validate", p, "--mixture", "uniform", "--optimizer", "SGD", "--schedule", "Constant",
                "--gauge", "FIXED", "--steps", "20", "--batch", "8", "--test-prompts", "20", "--samples", "20", "--k-max",
                "2", "--quiet", "--json");
        assertEquals(0, upper.code(), upper.err());
        assertTrue(upper.out().contains("\"optimizer\" : \"sgd\""), upper.out());
        assertTrue(upper.out().contains("\"schedule\" : \"constant\""), upper.out());
        CliRun wrong = CliRun.run("validate", p, "--mixture", "uniform", "--gauge", "loose", "--quiet");
        assertEquals(Main.EXIT_INPUT, wrong.code());
        assertEquals("taskmix: error: --gauge: value \"loose\" must be \"free\" or \"fixed\""
                + " (run 'taskmix validate --help' for usage)\n", wrong.err());
        // Refused when the command line is read, not after the estimation has run.
        CliRun sidecar = CliRun.run("estimate", "--task", "a=missing.npy", "--target-identity", "--sidecar", "sometimes",
                "--out", "unused.json");
        assertEquals(Main.EXIT_INPUT, sidecar.code());
        assertEquals("taskmix: error: --sidecar: value \"sometimes\" must be one of \"auto\", \"always\", \"never\""
                + " (run 'taskmix estimate --help' for usage)\n", sidecar.err());
    }

    private static String usage(String command) {
        StringWriter w = new StringWriter();
        new CommandLine(new TaskmixCommand()).getSubcommands().get(command).usage(new PrintWriter(w));
        return w.toString().replaceAll("\\s+", " "); // one line: descriptions wrap at spaces
    }

    private static void collect(CommandLine cl, List<String> out) {
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w));
        out.add(w.toString());
        cl.getSubcommands().values().forEach(c -> collect(c, out));
    }
}
