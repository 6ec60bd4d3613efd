package org.taskmix.cli;

import java.nio.file.Path;

import picocli.CommandLine.Parameters;

/** The positional {@code PROBLEM} of the commands that read one problem file (a picocli mixin). */
public final class ProblemFile {

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "Problem file (taskmix/problem-1 JSON).")
    Path file;

    /** The problem file named on the command line. */
    Path path() {
        return file;
    }
}
