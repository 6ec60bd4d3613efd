package org.taskmix.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.taskmix.io.AtomicFiles;
import org.taskmix.io.InputException;
import org.taskmix.io.ResourceLimits;
import org.taskmix.io.SampleFiles;
import picocli.CommandLine;

/**
 * Entry point: {@code java -jar taskmix.jar COMMAND ...}. The one definition of the exit codes
 * (docs/formats.md): {@link #EXIT_OK} 0 done; {@link #EXIT_INPUT} 2 bad input or usage;
 * {@link #EXIT_NOT_CONVERGED} 3 a solver stopped before meeting its tolerance;
 * {@link #EXIT_INTERNAL} 1 internal error.
 *
 * <p>Around every command (docs/formats.md, "Limits and input rules"): declared sizes are checked
 * against {@link ResourceLimits} before the command runs; output files are staged and renamed
 * into place only if the command returns rather than throws ({@link AtomicFiles#beginRun()}); a
 * failed write to
 * stdout is an error, not a success; every error is one line.
 */
public final class Main {

    /** Exit code for a command that did what it was asked. */
    public static final int EXIT_OK = 0;
    /** Exit code for bad input or usage. */
    public static final int EXIT_INPUT = 2;
    /** Exit code for a solver that stopped before meeting its tolerance (result still written). */
    public static final int EXIT_NOT_CONVERGED = 3;
    /** Exit code for an internal error. */
    public static final int EXIT_INTERNAL = 1;

    /**
     * Longest message printed: a value echoed from a file (a 10 MB string, a huge array) is cut
     * in the middle so the line stays readable and still ends with the rule.
     */
    public static final int MAX_MESSAGE_CHARS = 600;

    /** Commands whose {@code --m} is not capped here (see {@link #checkOptions}). */
    private static final java.util.Set<String> UNCAPPED_M = java.util.Set.of("predict", "compare", "demo");

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(args);
        // Stdout without autoflush over the raw descriptor, so a write error (full disk, closed
        // pipe) surfaces in checkError() instead of being swallowed by System.out.
        cl.setOut(new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), 1 << 16), StandardCharsets.UTF_8)));
        int code = cl.execute(args);
        System.exit(code);
    }

    /** The configured command line with every command, also used by tests via {@code execute}. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new TaskmixCommand()));
    }

    /**
     * The configured command line for running {@code args}: when they start with a command's
     * name, only that command is registered under the root (its usage, errors and results are
     * the same as in the full model, whose construction cost more CPU time than {@code inspect}
     * itself, docs/benchmarks.md §4); likewise a lone {@code --version}. Anything else (no
     * arguments, {@code --help}, {@code help}, an unknown command, an {@code @file}) gets the
     * full model, which can list and suggest every command.
     */
    public static CommandLine commandLine(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return configure(new CommandLine(new TaskmixRoot()));
        }
        Object command = args.length == 0 ? null : TaskmixCommand.subcommand(args[0]);
        if (command == null) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new TaskmixRoot());
        cl.addSubcommand(command);
        return configure(cl);
    }

    /** Sets the execution strategy and the error handlers on {@code cl} and its subcommands. */
    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionStrategy(Main::runGuarded);
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String msg = oneLine(ex.getMessage());
            if (ex.getCause() instanceof CommandLine.TypeConversionException tce
                    && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
                // A converter's message already states the value and the rule: name the option once.
                msg = o.longestName() + ": " + oneLine(tce.getMessage());
            }
            // picocli starts some messages with "Error: "; the prefix below already says so.
            if (msg.startsWith("Error: ")) {
                msg = msg.substring("Error: ".length());
            }
            err.println("taskmix: error: " + msg + " (run '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage)");
            err.flush();
            return EXIT_INPUT;
        });
        return cl;
    }

    /**
     * Runs the chosen command with the input rules applied: options checked against their caps,
     * outputs staged and committed only on exit 0 or 3, stdout checked for write errors.
     */
    private static int runGuarded(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        CommandLine cl = leaf.commandSpec().commandLine();
        boolean allowLarge = Boolean.TRUE.equals(leaf.matchedOptionValue(ResourceLimits.ALLOW_LARGE, false));
        boolean outside = Boolean.TRUE.equals(leaf.matchedOptionValue("--allow-outside-paths", false));
        ResourceLimits.setAllowLarge(allowLarge);
        SampleFiles.setAllowOutsidePaths(outside);
        AtomicFiles.beginRun();
        org.taskmix.io.Provenance.begin(parsed.originalArgs());
        boolean committed = false;
        try {
            try {
                checkOptions(leaf);
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
            }
            int code;
            try {
                code = new CommandLine.RunLast().execute(parsed);
            } catch (CommandLine.ExecutionException e) {
                if (e.getCause() instanceof OutOfMemoryError) {
                    return outOfMemory(cl);
                }
                throw e;
            } catch (OutOfMemoryError e) {
                return outOfMemory(cl);
            }
            PrintWriter out = cl.getOut();
            if (out.checkError()) {
                cl.getErr().println("taskmix: error: stdout: write failed (disk full, or the reader closed the pipe);"
                        + " the output is incomplete");
                cl.getErr().flush();
                return EXIT_INPUT;
            }
            // A command that returns (rather than throws) wrote what it meant to: its result, or
            // with exit 2 a diagnostic such as the loss curve of a diverged training run.
            try {
                AtomicFiles.commitRun();
                committed = true;
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
            }
            return code;
        } finally {
            if (!committed) {
                AtomicFiles.abortRun();
            }
            ResourceLimits.setAllowLarge(false);
            SampleFiles.setAllowOutsidePaths(false);
        }
    }

    private static int outOfMemory(CommandLine cl) {
        AtomicFiles.abortRun();
        cl.getErr().println("taskmix: error: ran out of memory (Java heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); reduce the sizes or raise the heap with"
                + " java -Xmx<size> -jar taskmix.jar");
        cl.getErr().flush();
        return EXIT_INPUT;
    }

    /** Every matched numeric option with a cap in {@link ResourceLimits#CAPS}. */
    private static void checkOptions(CommandLine.ParseResult leaf) {
        for (CommandLine.Model.OptionSpec o : leaf.matchedOptions()) {
            String name = o.longestName();
            if (o.getValue() instanceof java.nio.file.Path p && p.toAbsolutePath().normalize().getFileName() == null) {
                // The root has no name: no file can be written as it, and a folder there is no
                // place for a run's outputs.
                throw new InputException(name + ": value \"" + p + "\" is the root of the file system; choose a file"
                        + " or folder below it");
            }
            if (!ResourceLimits.CAPS.containsKey(name)) {
                continue;
            }
            if (name.equals("--m") && UNCAPPED_M.contains(leaf.commandSpec().name())) {
                // Predictions draw the test covariance from its Wishart law: their cost does not
                // grow with m (docs/theory.md §7), so any m is allowed; compare and demo check the
                // cap themselves when they train (a trained model is measured on real prompts).
                continue;
            }
            Object v = o.getValue();
            if (v instanceof org.taskmix.study.TestLength tl) {
                // A finite m costs memory and time where prompts are built; inf costs nothing.
                v = tl.value().isPresent() ? (Object) tl.value().getAsLong() : null;
            }
            if (v instanceof Number num) {
                ResourceLimits.checkOption(name, num.longValue());
            } else if (v instanceof List<?> list) {
                for (Object e : list) {
                    if (e instanceof Number num) {
                        ResourceLimits.checkOption(name, num.longValue());
                    }
                }
            } else if (v instanceof String s && s.matches("\\d{1,18}")) {
                ResourceLimits.checkOption(name, Long.parseLong(s));
            } else if (v instanceof String s && s.matches("\\d+(\\.\\d*)?[eE]\\+?\\d{1,3}")) {
                // Counts written in scientific notation (1e6) are counts too.
                double x = Double.parseDouble(s);
                ResourceLimits.checkOption(name, x >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) x);
            }
        }
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        AtomicFiles.abortRun();
        PrintWriter err = cl.getErr();
        Throwable e = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
            err.println("taskmix: error: " + oneLine(e.getMessage()));
            err.flush();
            return EXIT_INPUT;
        }
        err.println("taskmix: internal error: " + oneLine(String.valueOf(e)) + " (set TASKMIX_DEBUG=1 for the stack trace)");
        if (System.getenv("TASKMIX_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_INTERNAL;
    }

    /** One line, cut in the middle to {@link #MAX_MESSAGE_CHARS}. */
    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String t = s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        if (t.length() <= MAX_MESSAGE_CHARS) {
            return t;
        }
        int keep = MAX_MESSAGE_CHARS / 2;
        return t.substring(0, keep) + " ...(" + (t.length() - 2 * keep) + " characters cut)... "
                + t.substring(t.length() - keep);
    }
}
