package org.taskmix.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.taskmix.linalg.Doubles;

/**
 * The one JSON writer of every output document (docs/formats.md, "JSON outputs"):
 * <ul>
 *   <li>{@code "format": "taskmix/<kind>-1"} first, then the document's own fields, then its
 *       {@code provenance} block ({@link Provenance});</li>
 *   <li>one rule for non-finite numbers: NaN (a value that does not exist, e.g. no measurement)
 *       is {@code null}; ±∞ (e.g. the hardness of a singular matrix) is the string
 *       {@code "Infinity"} / {@code "-Infinity"}.</li>
 * </ul>
 */
public final class JsonOutput {

    /** Version suffix of every output format tag. */
    public static final String FORMAT_VERSION = "-1";

    /**
     * The mapper, built on first use only: documents made of maps, lists, strings, numbers and
     * {@link Provenance} never need it ({@link JsonTreeWriter}), and building it costs more CPU
     * time than a small {@code solve} (docs/benchmarks.md §12).
     */
    private static final class Mapper {
        static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(nonFinite());
    }

    private static final JsonTreeWriter WRITER = new JsonTreeWriter(Json.outputFactory(),
            (g, v) -> Mapper.MAPPER.writeValue(g, v));

    private JsonOutput() {
    }

    /** The format tag of {@code kind}: {@code taskmix/<kind>-1}. */
    public static String format(String kind) {
        return "taskmix/" + kind + FORMAT_VERSION;
    }

    /**
     * {@code body} as a tagged document: {@code format} first, the body's fields (a body field
     * named {@code format} or {@code provenance} is replaced), {@code provenance} last.
     */
    public static Map<String, Object> document(String kind, Map<String, Object> body, Provenance provenance) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", format(kind));
        doc.putAll(body);
        doc.put("format", format(kind));
        doc.remove("provenance");
        doc.put("provenance", provenance);
        return doc;
    }

    /** {@link #document} of the current run ({@link Provenance#current()}) as indented JSON. */
    public static String toJson(String kind, Map<String, Object> body) {
        return toJson(document(kind, body, Provenance.current()));
    }

    /** Any value as indented JSON under the non-finite rule. */
    public static String toJson(Object value) {
        return WRITER.toJson(value);
    }

    /** Like {@link #toJson(Object)}, always through the mapper (the reference for the tree writer's tests). */
    static String toJsonByMapper(Object value) {
        try {
            return Mapper.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SimpleModule nonFinite() {
        SimpleModule m = new SimpleModule("taskmix-non-finite");
        JsonSerializer<Double> boxed = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                write(v, g);
            }
        };
        m.addSerializer(Double.class, boxed);
        m.addSerializer(double.class, boxed);
        m.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] v, JsonGenerator g, SerializerProvider p) throws IOException {
                write(v, g);
            }
        });
        // a record's immutable vector reads in the document exactly as the array it replaced
        m.addSerializer(Doubles.class, new JsonSerializer<>() {
            @Override
            public void serialize(Doubles v, JsonGenerator g, SerializerProvider p) throws IOException {
                write(v.toArray(), g);
            }
        });
        m.addSerializer(Float.class, new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (Float.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    write(v.doubleValue(), g);
                }
            }
        });
        return m;
    }

    /** An array of doubles under the non-finite rule. */
    static void write(double[] v, JsonGenerator g) throws IOException {
        g.writeStartArray(v, v.length);
        for (double x : v) {
            write(x, g);
        }
        g.writeEndArray();
    }

    /** One double under the non-finite rule. */
    static void write(double v, JsonGenerator g) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNull();
        } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(v);
        }
    }
}
