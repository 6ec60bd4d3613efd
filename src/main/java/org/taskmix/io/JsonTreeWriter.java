package org.taskmix.io;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import org.taskmix.linalg.Doubles;

/**
 * Writes the documents of {@link JsonOutput} straight to a Jackson {@link JsonGenerator} (Jackson
 * core, no databind), byte for byte as the configured {@code ObjectMapper} would: the same
 * factory settings, the same {@link DefaultPrettyPrinter}, the same number methods, the non-finite
 * rule of docs/formats.md ("JSON outputs"). Setting up the mapper and its serializers (reflection
 * over every type written) cost more CPU time than a small {@code solve} itself
 * (docs/benchmarks.md §12), and documents are almost entirely maps, lists, strings and numbers.
 *
 * <p>Values of any other type (records other than {@link Provenance}, {@code Optional}, beans)
 * are handed to the mapper, on the same generator, so the bytes never depend on which path wrote
 * them ({@code JsonTreeWriterTest} compares both on every kind of value).
 */
final class JsonTreeWriter {

    /** Writes a value the tree writer does not know (the mapper, on the same generator). */
    interface Fallback {
        /** Writes {@code value} at the generator's current position. */
        void write(JsonGenerator g, Object value) throws IOException;
    }

    private final JsonFactory factory;
    private final Fallback fallback;

    /**
     * @param factory  a factory configured like the mapper's (generator features at their defaults)
     * @param fallback writes values of other types
     */
    JsonTreeWriter(JsonFactory factory, Fallback fallback) {
        this.factory = factory;
        this.fallback = fallback;
    }

    /** {@code value} as indented JSON (the mapper's {@code writeValueAsString} with indentation). */
    String toJson(Object value) {
        StringWriter out = new StringWriter(1 << 12);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double x) {
            JsonOutput.write(x, g);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Long x) {
            g.writeNumber(x.longValue());
        } else if (v instanceof Float f) {
            // The mapper's Float rule (JsonOutput): finite values as floats, others as the doubles' rule.
            if (Float.isFinite(f)) {
                g.writeNumber(f.floatValue());
            } else {
                JsonOutput.write(f.doubleValue(), g);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m && stringKeys(m)) {
            g.writeStartObject(m);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray(c, c.size());
            for (Object e : c) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            JsonOutput.write(a, g);
        } else if (v instanceof Doubles a) {
            JsonOutput.write(a.toArray(), g);
        } else if (v instanceof int[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof long[] a) {
            g.writeArray(a, 0, a.length);
        } else if (v instanceof Provenance p) {
            provenance(g, p);
        } else if (v instanceof Enum<?> e) {
            // The mapper writes enums by toString (SerializationFeature.WRITE_ENUMS_USING_TO_STRING).
            g.writeString(e.toString());
        } else {
            fallback.write(g, v);
        }
    }

    /** The mapper writes a null key as an error and other keys by their own rules: it keeps those maps. */
    private static boolean stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A record is written by its components in declaration order, as the mapper writes records. */
    private void provenance(JsonGenerator g, Provenance p) throws IOException {
        g.writeStartObject(p);
        g.writeFieldName("taskmixVersion");
        write(g, p.taskmixVersion());
        g.writeFieldName("commandLine");
        write(g, p.commandLine());
        g.writeFieldName("inputs");
        g.writeStartArray(p.inputs(), p.inputs().size());
        for (Provenance.InputFile f : p.inputs()) {
            g.writeStartObject(f);
            g.writeFieldName("path");
            write(g, f.path());
            g.writeFieldName("bytes");
            g.writeNumber(f.bytes());
            g.writeFieldName("sha256");
            write(g, f.sha256());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("seeds");
        write(g, p.seeds());
        g.writeFieldName("startTime");
        write(g, p.startTime());
        g.writeFieldName("machineCores");
        g.writeNumber(p.machineCores());
        g.writeEndObject();
    }
}
