package org.taskmix.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code taskmix} command without its subcommands: name, version, description and
 * the no-command behaviour. {@link TaskmixCommand} adds every subcommand (the full model, for
 * help, completion and tests); {@link Main} runs a single command on this root with only that
 * command registered, because building picocli's model of all commands and their options
 * cost more than most short commands themselves (docs/benchmarks.md §4).
 */
@Command(name = "taskmix", mixinStandardHelpOptions = true, version = "taskmix " + org.taskmix.io.Provenance.VERSION,
        description = "Decides how to mix training tasks for test-time scaling (arXiv 2510.03605).")
class TaskmixRoot implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * {@code taskmix} without a command is a usage error: the usage goes to stderr and the exit
     * code is 2, so a script that forgot its command does not pass as having run.
     */
    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return Main.EXIT_INPUT;
    }
}
