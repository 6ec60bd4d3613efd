package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.JsonOutput;

/**
 * Printing and writing of JSON documents for commands: every document goes through
 * {@link JsonOutput} (format tag, provenance, one rule for non-finite numbers).
 */
final class Output {

    private Output() {
    }

    /** Prints {@code doc} as the tagged document {@code taskmix/<kind>-1}, followed by a newline. */
    static void json(PrintWriter out, String kind, Map<String, Object> doc) {
        out.println(JsonOutput.toJson(kind, doc));
        out.flush();
    }

    /** Writes {@code doc} as the tagged document {@code taskmix/<kind>-1} to {@code file} (atomically). */
    static void write(Path file, String kind, Map<String, Object> doc) {
        AtomicFiles.writeString(file, JsonOutput.toJson(kind, doc) + "\n");
    }

    /**
     * The {@code "training"} object of a document: the training settings a run used (in their
     * file spellings) and its Monte Carlo sample count.
     */
    static Map<String, Object> training(TrainingSettings train, int monteCarloSamples) {
        return fields("optimizer", train.optimizer().label(), "steps", train.steps(), "batch", train.batch(),
                "learningRate", train.learningRate(), "schedule", train.schedule().label(),
                "testPrompts", train.testPrompts(), "monteCarloSamples", monteCarloSamples);
    }

    /**
     * An object with these fields in this order ({@code key, value, key, value, ...}): unlike
     * {@code Map.of}, whose iteration order changes between runs, so documents stay byte-identical.
     */
    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /**
     * The components of {@code value} as an object, in declaration order, each under its own name
     * or under the JSON name {@code renames} gives it ({@code component, jsonName, ...}): a record
     * written field by field without a hand-written line per field, where the JSON contract
     * (docs/formats.md) names a field differently from the record.
     *
     * @throws IllegalArgumentException if a rename names no component
     */
    static Map<String, Object> record(Record value, String... renames) {
        Map<String, String> names = new java.util.HashMap<>();
        for (int i = 0; i < renames.length; i += 2) {
            names.put(renames[i], renames[i + 1]);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (java.lang.reflect.RecordComponent c : value.getClass().getRecordComponents()) {
            try {
                m.put(names.getOrDefault(c.getName(), c.getName()), c.getAccessor().invoke(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + value.getClass().getName(), e);
            }
            names.remove(c.getName());
        }
        if (!names.isEmpty()) {
            throw new IllegalArgumentException("no such component in " + value.getClass().getSimpleName() + ": "
                    + names.keySet());
        }
        return m;
    }

    /** {@code value} as indented JSON (no tag: for documents that are not outputs of their own). */
    static String toJson(Object value) {
        return JsonOutput.toJson(value);
    }
}
