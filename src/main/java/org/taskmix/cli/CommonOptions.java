package org.taskmix.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that computes: {@code --json} and {@code --quiet}. */
public final class CommonOptions {

    @Option(names = "--json", description = "Print one JSON document on stdout and nothing else there.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    /** True if JSON output was asked for. */
    public boolean json() {
        return json;
    }

    /** True if progress should be shown (not quiet). */
    public boolean progress() {
        return !quiet;
    }
}
