package org.taskmix.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.taskmix.io.AtomicFiles;

/**
 * A CSV table (RFC 4180 quoting, {@code \n} line ends, UTF-8) written atomically.
 *
 * <p>Numbers keep full precision so the file can be read back exactly: a {@code double} is
 * written with {@link Double#toString(double)} (locale-independent, shortest round-trip form;
 * infinities as {@code Infinity}, matching the JSON outputs), integers as they are. Text cells are
 * quoted when they contain a comma, a quote, a line break or leading/trailing blanks, with quotes
 * doubled. {@code null} is an empty cell.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column names. */
    public CsvTable(String... header) {
        this(Arrays.asList(header));
    }

    /** A table with these column names. */
    public CsvTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("CSV header: empty; need at least one column");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String h : header) {
            Objects.requireNonNull(h, "CSV header cell");
            if (!seen.add(h)) {
                // A reader picks one of two equal names (pandas the first, csv.DictReader the last).
                throw new IllegalArgumentException("CSV header: column \"" + h + "\" appears twice; names must be unique");
            }
        }
        this.header = List.copyOf(header);
    }

    /** Appends a row; cells are formatted with {@link #cell(Object)}. */
    public CsvTable row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** Appends a row; cells are formatted with {@link #cell(Object)}. */
    public CsvTable row(List<?> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("CSV row " + (rows.size() + 1) + ": " + cells.size()
                    + " cells for " + header.size() + " columns " + header);
        }
        List<String> r = new ArrayList<>(cells.size());
        for (Object c : cells) {
            r.add(cell(c));
        }
        rows.add(r);
        return this;
    }

    /** Column names. */
    public List<String> header() {
        return header;
    }

    /** Number of data rows (the header not counted). */
    public int size() {
        return rows.size();
    }

    /** Writes the table to {@code file} atomically (temporary file, then rename). */
    public void write(Path file) {
        AtomicFiles.writeString(file, toString());
    }

    /** The CSV text: header line, then one line per row, each ending in {@code \n}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendLine(sb, header.stream().map(CsvTable::escape).toList());
        for (List<String> r : rows) {
            appendLine(sb, r);
        }
        return sb.toString();
    }

    /** Formats one value as a CSV cell (escaped). */
    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.toString(f);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return escape(v.toString());
    }

    /** Quotes a text cell when needed (RFC 4180), doubling any quotes inside. */
    public static String escape(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0))
                        || Character.isWhitespace(s.charAt(s.length() - 1))));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static void appendLine(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cells.get(i));
        }
        sb.append('\n');
    }

    /** Prefix of a mixture column whose name equals a task column (docs/formats.md, "Weights files"). */
    public static final String MIXTURE_PREFIX = "mixture:";

    /**
     * The header of a table with fixed per-task columns followed by one column per mixture: a
     * mixture named like a fixed column (the baselines {@code hardness} and {@code relevance} next
     * to the task features of the same name) becomes {@code mixture:NAME}; every other mixture
     * keeps its plain name, so existing readers keep finding it.
     */
    public static List<String> withMixtures(List<String> fixed, List<String> mixtures) {
        List<String> out = new java.util.ArrayList<>(fixed);
        for (String m : mixtures) {
            out.add(fixed.contains(m) ? MIXTURE_PREFIX + m : m);
        }
        return out;
    }
}
