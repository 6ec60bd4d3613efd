package org.taskmix.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper. Strict on input: unknown fields, missing creator
 * properties, null primitives and duplicate keys are errors. Non-finite numbers are written as
 * the strings "Infinity"/"NaN" (docs/formats.md: hardness of a singular matrix is "Infinity").
 */
public final class Json {

    /**
     * Object keys may be as long as string values (Jackson's default caps keys at 50,000
     * characters): task names are keys in {@code solve --json}'s "weights", and that output must
     * read back as a weights file.
     */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNameLength(com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build())
            .build();

    /**
     * A factory with the parser settings the mapper gives {@link #FACTORY} (the builder below
     * enables its parser features on that factory), for reads that need no mapper: the problem
     * file's stream ({@code ProblemStream}). Building the mapper costs more CPU time than a small
     * {@code solve} itself (docs/benchmarks.md §12). Also quick, correctly rounded number parsing.
     */
    private static final com.fasterxml.jackson.core.JsonFactory STREAM_FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNameLength(com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /**
     * The mapper, built on first use: reads and writes of the short commands need none
     * ({@link #streamFactory()}, {@link JsonTreeWriter}), and building it is costly.
     */
    private static final class Holder {
        private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                // Content after the root value (two documents concatenated, a stray "xyz") is an
                // error, not silently ignored (docs/formats.md, "Limits and input rules").
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // A setting's enum (catalog.Spelled) is written in its file spelling ("adam", not
                // "ADAM"); enums that keep Object's toString are written by name as before.
                .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                .build();
    }

    private Json() {
    }

    /**
     * A one-line description of a JSON syntax error without Jackson's internals: content after
     * the document is named as such.
     */
    public static String syntaxMessage(com.fasterxml.jackson.core.JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (m.startsWith("Trailing token")) {
            return "content after the end of the JSON document; a file holds exactly one JSON document";
        }
        return "malformed JSON: " + m;
    }

    /** The parser factory of {@link #STREAM_FACTORY}: the mapper's parser settings, no mapper. */
    static com.fasterxml.jackson.core.JsonFactory streamFactory() {
        return STREAM_FACTORY;
    }

    /** A factory whose generators write as the mapper's do (its generator features are the defaults). */
    static com.fasterxml.jackson.core.JsonFactory outputFactory() {
        return new com.fasterxml.jackson.core.JsonFactory();
    }

    /** The shared mapper (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }
}
