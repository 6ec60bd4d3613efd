package org.taskmix.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.taskmix.io.Json;

/** Printing helpers for commands. */
final class Output {

    private Output() {
    }

    /** Prints {@code value} as one JSON document followed by a newline. */
    static void json(PrintWriter out, Object value) {
        out.println(toJson(value));
        out.flush();
    }

    /** {@code value} as indented JSON. */
    static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
