package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The short path's JSON without the mapper (docs/benchmarks.md §12): {@link JsonTreeWriter}
 * writes what the mapper writes, byte for byte, and {@link ProblemStream#tree} builds the
 * mapper's tree, node class for node class.
 */
class MapperFreeJsonTest {

    enum Colour { RED, GREEN }

    enum Spelled {
        ADAM;

        @Override
        public String toString() {
            return "adam";
        }
    }

    /** A record the tree writer does not know: the mapper writes it on the same generator. */
    record Point(double x, Double y, List<Integer> tags) {
    }

    private static Map<String, Object> sample() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("string", "a \"quoted\" \u00e9 \n line");
        doc.put("int", 42);
        doc.put("negLong", -9_000_000_000L);
        doc.put("short", (short) 7);
        doc.put("byte", (byte) -3);
        doc.put("double", 0.1 + 0.2);
        doc.put("tiny", 4.9e-324);
        doc.put("huge", 1.7976931348623157e308);
        doc.put("negZero", -0.0);
        doc.put("nan", Double.NaN);
        doc.put("inf", Double.POSITIVE_INFINITY);
        doc.put("ninf", Double.NEGATIVE_INFINITY);
        doc.put("float", 0.1f);
        doc.put("floatNaN", Float.NaN);
        doc.put("floatInf", Float.NEGATIVE_INFINITY);
        doc.put("true", true);
        doc.put("null", null);
        doc.put("doubles", new double[] {1, Double.NaN, -2.5e-10, Double.POSITIVE_INFINITY});
        doc.put("noDoubles", new double[0]);
        doc.put("ints", new int[] {1, -2, 3});
        doc.put("longs", new long[] {Long.MIN_VALUE, 0});
        doc.put("emptyMap", new LinkedHashMap<>());
        doc.put("emptyList", List.of());
        doc.put("one", List.of(1.5));
        doc.put("nested", List.of(Map.of("a", List.of(List.of(1, 2), List.of())), new ArrayList<>(Arrays.asList(null, "x"))));
        doc.put("set", new LinkedHashSet<>(List.of("b", "a")));
        doc.put("enum", Colour.GREEN);
        doc.put("spelled", Spelled.ADAM);
        doc.put("intKeys", Map.of(3, "three"));
        doc.put("record", new Point(1.0 / 3, Double.NaN, List.of(1, 2)));
        doc.put("bigDecimal", new BigDecimal("1.000000000000000000001"));
        doc.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        doc.put("strings", new String[] {"p", "q"});
        doc.put("provenance", new Provenance("0.1.0", List.of("solve", "x.json"),
                List.of(new Provenance.InputFile("/a/x.json", 12, "ab"), new Provenance.InputFile("/b", -1, null)),
                Map.of("train", 7L), "2026-11-30T14:00:00Z", 2));
        return doc;
    }

    @Test
    void theTreeWriterWritesWhatTheMapperWrites() {
        Map<String, Object> doc = sample();
        assertEquals(JsonOutput.toJsonByMapper(doc), JsonOutput.toJson(doc));
        // Each value alone, too (a root value that is not an object).
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            assertEquals(JsonOutput.toJsonByMapper(e.getValue()), JsonOutput.toJson(e.getValue()), e.getKey());
        }
        Map<String, Object> tagged = JsonOutput.document("solution", doc, Provenance.current());
        assertEquals(JsonOutput.toJsonByMapper(tagged), JsonOutput.toJson(tagged));
    }

    @Test
    void theTreeIsTheMappersTree() throws IOException {
        String[] docs = {
            "{\"a\": 1, \"b\": 3000000000, \"c\": 123456789012345678901234567890, \"d\": 1.5, \"e\": 1e3,"
                + " \"f\": NaN, \"g\": -Infinity, \"h\": [true, false, null, \"s\", {}, []], \"i\": {\"j\": [[1, 2.0]]},"
                + " \"k\": -0, \"l\": -0.0, \"m\": 0.1234567890123456789, \"n\": 2147483648, \"o\": -2147483649}",
            "[1, [2, [3]]]", "\"text\"", "17", "null", "true", "-1e-400"};
        for (String text : docs) {
            JsonNode byMapper = Json.mapper().readTree(text);
            JsonNode ours;
            try (JsonParser p = Json.streamFactory().createParser(text)) {
                p.nextToken();
                ours = ProblemStream.tree(p);
            }
            assertEquals(byMapper, ours, text);
            assertSameClasses(byMapper, ours, text);
        }
    }

    private static void assertSameClasses(JsonNode a, JsonNode b, String where) {
        assertEquals(a.getClass(), b.getClass(), where);
        assertEquals(a.size(), b.size(), where);
        if (a.isNumber()) {
            assertTrue(a.numberValue().equals(b.numberValue()), where + ": " + a + " vs " + b);
        }
        if (a.isObject()) {
            a.fieldNames().forEachRemaining(n -> assertSameClasses(a.get(n), b.get(n), where + "." + n));
        } else if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                assertSameClasses(a.get(i), b.get(i), where + "[" + i + "]");
            }
        }
    }
}
