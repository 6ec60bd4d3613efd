package org.taskmix.cli;

/** A command-line run in this JVM, for tests outside the cli package. */
public record CliResult(int code, String out, String err) {

    /** Runs {@code args} and captures exit code, stdout and stderr. */
    public static CliResult of(String... args) {
        BadInputTest.Run r = BadInputTest.Run.of(args);
        return new CliResult(r.code(), r.out(), r.err());
    }
}
