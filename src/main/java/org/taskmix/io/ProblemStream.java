package org.taskmix.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

/**
 * Streaming read of a problem file (docs/formats.md, "Problem file", "Limits and input rules"):
 * the file is parsed token by token, never held whole, and every full-matrix covariance (the
 * {@code covariance} of a task, of {@code target} or of an entry of {@code targets}, given as
 * rows of numbers) goes straight into a {@code double[][]} instead of a tree of number nodes
 * (a tree costs about 40 bytes per entry, the JSON text about 20, the rows 8). Everything else is
 * small and read as a tree, which {@link ProblemReader#parse} validates as before.
 *
 * <p>A matrix with anything but finite numbers in rows (a string, a NaN, an object, a ragged
 * nesting) switches, at that value, to an ordinary tree for the rest of the matrix, so the
 * reader's rules and messages apply to it unchanged.
 */
final class ProblemStream {

    /**
     * A covariance read as rows of finite numbers (shape not yet checked), held in a
     * {@link POJONode} until the reader takes it: taking releases it, so a catalog's rows and its
     * built matrices are not both held to the end of the read.
     */
    static final class Rows {
        private double[][] rows;

        Rows(double[][] rows) {
            this.rows = rows;
        }

        /** The rows, once; later calls fail (the tree is parsed once). */
        synchronized double[][] take() {
            double[][] r = rows;
            if (r == null) {
                throw new IllegalStateException("the rows of this covariance were already taken");
            }
            rows = null;
            return r;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProblemStream() {
    }

    /**
     * Reads {@code file} into a tree whose full-matrix covariances are {@link Rows}, turning
     * I/O and syntax errors into one-line messages.
     */
    static JsonNode read(Path file) {
        if (Files.isDirectory(file)) {
            throw InputException.at(file, null, "is a folder; expected a JSON file");
        }
        // Json.streamFactory(): the mapper's parser settings (strict duplicates, NaN tokens, limits)
        // and the fast number parser, which is correctly rounded (the same doubles as
        // Double.parseDouble) and several times quicker, which matters for catalogs of thousands
        // of full matrices. No mapper is built: the tree is made here (tree()), as the mapper's
        // tree reader makes it. Trailing content is checked below once, after the root.
        try (InputStream in = Files.newInputStream(file); JsonParser p = Json.streamFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw InputException.at(file, null, "file is empty; expected a JSON document");
            }
            JsonNode root = t == JsonToken.START_OBJECT ? top(p, file.toAbsolutePath().getParent()) : tree(p);
            if (p.nextToken() != null) {
                var loc = p.currentTokenLocation();
                throw InputException.at(file, null, "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": "
                        + "content after the end of the JSON document; a file holds exactly one JSON document");
            }
            return root;
        } catch (IOException e) {
            throw ProblemReader.readError(file, e);
        }
    }

    /**
     * The value at the current token as a tree, node for node as the mapper's tree reader
     * ({@code JsonNodeDeserializer}, default settings) builds it: integers as int, long or big
     * integer nodes by size, other numbers (and NaN/Infinity tokens) as double nodes. The parser
     * rejects duplicate keys and bounds the nesting depth (StreamReadConstraints).
     */
    static JsonNode tree(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    p.nextToken();
                    o.set(name, tree(p));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(tree(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(p, "unexpected token " + p.currentToken());
        }
    }

    /** The top-level object; {@code p} is at its START_OBJECT; sidecars are found in {@code base}. */
    private static ObjectNode top(JsonParser p, Path base) throws IOException {
        ObjectNode o = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ((name.equals("tasks") || name.equals("targets")) && t == JsonToken.START_ARRAY) {
                ArrayNode a = NODES.arrayNode();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    JsonNode item = t == JsonToken.START_OBJECT ? withCovariance(p) : tree(p);
                    prefetchSidecar(item, base);
                    a.add(item);
                }
                o.set(name, a);
            } else if (name.equals("target") && t == JsonToken.START_OBJECT) {
                o.set(name, withCovariance(p));
            } else {
                o.set(name, tree(p));
            }
        }
        return o;
    }

    /**
     * If {@code item}'s covariance refers to a sidecar by a plain file name (the only kind the
     * reader accepts), starts opening it ({@link CovarianceSidecar#prefetch}): its checksum then
     * runs beside the parsing of the rest of the file (at d = 4096 a full-matrix target is 50 MB of
     * JSON). The reader's checks of the reference and their messages are unchanged.
     */
    private static void prefetchSidecar(JsonNode item, Path base) {
        JsonNode car = item.path("covariance").path("sidecar");
        if (base == null || !car.isTextual()) {
            return;
        }
        String name = car.asText();
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return;
        }
        CovarianceSidecar.prefetch(base.resolve(name));
    }

    /** A task or target object; {@code p} is at its START_OBJECT. */
    private static ObjectNode withCovariance(JsonParser p) throws IOException {
        ObjectNode o = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            o.set(name, name.equals("covariance") && t == JsonToken.START_ARRAY ? matrix(p) : tree(p));
        }
        return o;
    }

    /** Rows of finite numbers as {@link Rows}, else the tree of the array; {@code p} is at its START_ARRAY. */
    private static JsonNode matrix(JsonParser p) throws IOException {
        List<double[]> rows = new ArrayList<>();
        double[] buf = new double[64];
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                return slowRest(p, rows, null, 0);
            }
            int n = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                double v = t.isNumeric() ? p.getDoubleValue() : Double.NaN;
                if (!Double.isFinite(v)) {
                    return slowRest(p, rows, buf, n);
                }
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, 2 * n);
                }
                buf[n++] = v;
            }
            rows.add(Arrays.copyOf(buf, n));
        }
        return new POJONode(new Rows(rows.toArray(double[][]::new)));
    }

    /**
     * The tree of a matrix whose fast read stopped at the current token: the complete rows read
     * so far, then (if {@code current != null}) the first {@code n} values of the row being read,
     * then the current value and everything after it as ordinary nodes.
     */
    private static ArrayNode slowRest(JsonParser p, List<double[]> rows, double[] current, int n) throws IOException {
        ArrayNode outer = NODES.arrayNode();
        for (double[] r : rows) {
            ArrayNode a = outer.addArray();
            for (double v : r) {
                a.add(v);
            }
        }
        if (current != null) {
            ArrayNode a = outer.addArray();
            for (int i = 0; i < n; i++) {
                a.add(current[i]);
            }
            a.add(tree(p));
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(tree(p));
            }
        } else {
            outer.add(tree(p));
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            outer.add(tree(p));
        }
        return outer;
    }
}
