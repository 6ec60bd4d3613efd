package org.taskmix.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code taskmix} command; every action is a subcommand. */
@Command(name = "taskmix", mixinStandardHelpOptions = true, version = "taskmix " + org.taskmix.io.Provenance.VERSION,
        description = "Decides how to mix training tasks for test-time scaling (arXiv 2510.03605).",
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
public final class TaskmixCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * {@code taskmix} without a command is a usage error: the usage goes to stderr and the exit
     * code is 2, so a script that forgot its command does not pass as having run.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return Main.EXIT_INPUT;
    }
}
