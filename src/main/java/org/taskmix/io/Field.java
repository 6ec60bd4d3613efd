package org.taskmix.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON value together with its file and field path ({@code tasks[3].covariance[2][5]}), so
 * every rule it breaks is reported as one line naming the file, the path, the value and the
 * rule. Readers walk a document with these instead of binding it, because binding errors lose
 * the path of the value that failed a numeric rule.
 *
 * @param file the file this value came from
 * @param path the field path, e.g. {@code tasks[3].covariance}; empty at the root
 * @param node the raw node
 */
public record Field(Object file, String path, JsonNode node) {

    /** Requires a path (empty at the root); the node may be null (a child that is not there). */
    public Field {
        Objects.requireNonNull(path, "path");
    }

    /** The document root of {@code file}. */
    public static Field root(Object file, JsonNode node) {
        return new Field(file, "", node);
    }

    /** An error at this field. */
    public InputException error(String message) {
        return InputException.at(file, path.isEmpty() ? "(document)" : path, message);
    }

    /** An error at a child field name that may not exist. */
    public InputException errorAt(String child, String message) {
        return InputException.at(file, childPath(child), message);
    }

    private String childPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** True if this is a JSON object. */
    public boolean isObject() {
        return node.isObject();
    }

    /** True if this is a JSON array. */
    public boolean isArray() {
        return node.isArray();
    }

    /**
     * Requires an object whose field names all lie in {@code allowed} and that has every name in
     * {@code required}.
     */
    public Field requireObject(Set<String> allowed, Set<String> required) {
        if (!node.isObject()) {
            throw error("value " + describe(node) + " must be a JSON object");
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw errorAt(name, "unknown field; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        for (String r : required) {
            if (!node.has(r) || node.get(r).isNull()) {
                throw errorAt(r, "missing required field");
            }
        }
        return this;
    }

    /** True if the object has a non-null field {@code name}. */
    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** The child field {@code name} (must exist). */
    public Field get(String name) {
        if (!has(name)) {
            throw errorAt(name, "missing required field");
        }
        return new Field(file, childPath(name), node.get(name));
    }

    /** Elements of an array. */
    public List<Field> elements() {
        if (!node.isArray()) {
            throw error("value " + describe(node) + " must be a JSON array");
        }
        List<Field> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new Field(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** A string value. */
    public String asString() {
        if (!node.isTextual()) {
            throw error("value " + describe(node) + " must be a string");
        }
        return node.asText();
    }

    /** A non-blank string value. */
    public String asName() {
        String s = asString();
        if (s.isBlank()) {
            throw error("value \"\" must be a non-empty string");
        }
        return s;
    }

    /** A finite number. */
    public double asDouble() {
        if (!node.isNumber()) {
            throw error("value " + describe(node) + " must be a number");
        }
        double v = node.asDouble();
        if (!Double.isFinite(v)) {
            throw error("value " + v + " is not finite");
        }
        return v;
    }

    /** An integer. */
    public int asInt() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error("value " + describe(node) + " must be an integer");
        }
        return node.asInt();
    }

    /** A long integer. */
    public long asLong() {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("value " + describe(node) + " must be an integer");
        }
        return node.asLong();
    }

    /** A boolean. */
    public boolean asBoolean() {
        if (!node.isBoolean()) {
            throw error("value " + describe(node) + " must be true or false");
        }
        return node.asBoolean();
    }

    /** An integer at least {@code min}. */
    public int asInt(int min) {
        int v = asInt();
        if (v < min) {
            throw error("value " + v + " must be >= " + min);
        }
        return v;
    }

    /** An array of finite numbers. */
    public double[] asDoubleArray() {
        List<Field> els = elements();
        double[] out = new double[els.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = els.get(i).asDouble();
        }
        return out;
    }

    /** An array of arrays of finite numbers (shape not checked here). */
    public double[][] asRows() {
        List<Field> rows = elements();
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).asDoubleArray();
        }
        return out;
    }

    /** Longest string value echoed in a message; longer ones are cut with their length. */
    public static final int MAX_ECHO = 60;

    /** {@code s} cut to {@link #MAX_ECHO} characters for a message. */
    public static String cut(String s) {
        if (s.length() <= MAX_ECHO) {
            return s;
        }
        return s.substring(0, MAX_ECHO - 3) + "... (" + s.length() + " characters)";
    }

    /** Short rendering of a value for messages. */
    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "(missing)";
        }
        if (n.isObject()) {
            return "{...}";
        }
        if (n.isArray()) {
            return "[...] (" + n.size() + " elements)";
        }
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
