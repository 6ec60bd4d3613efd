package org.taskmix.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code taskmix} command with every subcommand (its name, version and no-command
 * behaviour come from {@link TaskmixRoot}). {@link #subcommand} makes one subcommand by name, so
 * a run of one command need not build the model of all of them; a test checks that it knows
 * exactly the commands listed here.
 */
@Command(name = "taskmix",
        subcommands = {
                DemoCommand.class,
                InspectCommand.class,
                PredictCommand.class,
                GenerateCommand.class,
                EstimateCommand.class,
                SolveCommand.class,
                CompareCommand.class,
                ValidateCommand.class,
                ReproduceCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class TaskmixCommand extends TaskmixRoot {

    /**
     * A new instance of the command named {@code name} (one of the subcommands above, but not
     * {@code help}, which lists all commands and so needs the full model), or null if there is
     * no such command. Only the named command's class is loaded.
     */
    static Object subcommand(String name) {
        return switch (name) {
            case "demo" -> new DemoCommand();
            case "inspect" -> new InspectCommand();
            case "predict" -> new PredictCommand();
            case "generate" -> new GenerateCommand();
            case "estimate" -> new EstimateCommand();
            case "solve" -> new SolveCommand();
            case "compare" -> new CompareCommand();
            case "validate" -> new ValidateCommand();
            case "reproduce" -> new ReproduceCommand();
            default -> null;
        };
    }
}
