package org.taskmix.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * One command-line run inside the test JVM, as a user would see it: exit code, stdout, stderr.
 *
 * @param code exit code
 * @param out  everything printed on stdout
 * @param err  everything printed on stderr
 */
record CliRun(int code, String out, String err) {

    /** Runs {@code taskmix ARGS} through {@link Main#commandLine()}. */
    static CliRun run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Stdout without the run's start time (the one line of a JSON document that differs between runs). */
    String outWithoutStartTime() {
        return out.replaceAll("\"startTime\" : \"[^\"]*\"", "\"startTime\" : \"(masked)\"");
    }

    /** Stdout parsed as one JSON document. */
    com.fasterxml.jackson.databind.JsonNode json() throws java.io.IOException {
        return org.taskmix.io.Json.mapper().readTree(out);
    }
}
