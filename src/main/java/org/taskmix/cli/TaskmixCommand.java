package org.taskmix.cli;

import picocli.CommandLine.Command;

/** The top-level {@code taskmix} command; every action is a subcommand. */
@Command(name = "taskmix", mixinStandardHelpOptions = true, version = "taskmix 0.1.0",
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
        })
public final class TaskmixCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
