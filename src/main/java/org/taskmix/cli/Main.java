package org.taskmix.cli;

import java.io.PrintWriter;

import org.taskmix.io.InputException;
import picocli.CommandLine;

/**
 * Entry point: {@code java -jar taskmix.jar COMMAND ...}. Exit codes (architecture.md): 0 done;
 * 2 bad input or usage; 3 a solver stopped before meeting its tolerance; 1 internal error.
 */
public final class Main {

    /** Exit code for bad input or usage. */
    public static final int EXIT_INPUT = 2;
    /** Exit code for a solver that stopped before meeting its tolerance (result still written). */
    public static final int EXIT_NOT_CONVERGED = 3;
    /** Exit code for an internal error. */
    public static final int EXIT_INTERNAL = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests via {@code execute}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TaskmixCommand());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("taskmix: error: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_INPUT;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
            err.println("taskmix: error: " + oneLine(ex.getMessage()));
            return EXIT_INPUT;
        }
        if (ex instanceof java.io.UncheckedIOException) {
            err.println("taskmix: error: " + oneLine(ex.getMessage()));
            return EXIT_INPUT;
        }
        err.println("taskmix: internal error: " + ex);
        if (System.getenv("TASKMIX_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set TASKMIX_DEBUG=1 for the stack trace)");
        }
        return EXIT_INTERNAL;
    }

    private static String oneLine(String s) {
        return s == null ? "(no message)" : s.replace('\n', ' ');
    }
}
