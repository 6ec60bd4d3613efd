package org.taskmix.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options shared by every command that computes: {@code --json}, {@code --quiet}, and the two
 * opt-ins of the input rules (docs/formats.md, "Limits and input rules"), which {@link Main}
 * applies for the duration of the command.
 */
public final class CommonOptions {

    @Option(names = "--json", description = "Print one JSON document on stdout and nothing else there.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--allow-large", description = "Lift the caps on declared sizes (CoT steps, context length,"
            + " samples, tasks, dimension); memory is still checked against the Java heap.")
    boolean allowLarge;

    @Option(names = "--allow-outside-paths", description = "Let \"samples\" paths in a problem file reach files"
            + " outside the problem file's folder (absolute paths, .., symlinks leading out).")
    boolean allowOutsidePaths;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** True if JSON output was asked for. */
    public boolean json() {
        return json;
    }

    /**
     * Prints the command's result on {@code stdout}: {@code doc} as the tagged JSON document
     * {@code taskmix/<kind>-1} with {@code --json}, else the text {@code text} makes (built only then).
     */
    void print(PrintWriter stdout, String kind, Map<String, Object> doc, Supplier<String> text) {
        if (json) {
            Output.json(stdout, kind, doc);
        } else {
            stdout.print(text.get());
            stdout.flush();
        }
    }

    /** The command's standard output: picocli's writer, which tests replace to capture it. */
    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** The command's standard error: picocli's writer, which tests replace to capture it. */
    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** True if progress should be shown (not quiet). */
    public boolean progress() {
        return !quiet;
    }
}
