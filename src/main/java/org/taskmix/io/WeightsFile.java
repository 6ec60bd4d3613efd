package org.taskmix.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.taskmix.catalog.Catalog;

/**
 * Mixture weights files. Accepted forms:
 * <ul>
 *   <li>JSON with a {@code "weights"} object mapping task name to weight; other top-level fields
 *       are ignored, so the output of {@code solve --json} is itself a weights file;</li>
 *   <li>CSV with a header {@code task,weight} and one row per task.</li>
 * </ul>
 * Weights must name every catalog task exactly once (or, with {@code missingAsZero}, at most
 * once, an unnamed task then weighing 0), be finite and non-negative, and sum to 1 within
 * {@link #SUM_TOLERANCE}.
 */
public final class WeightsFile {

    /**
     * A weights file printed with 6–8 significant digits sums to 1 only within about 1e-6 per
     * task; 1e-6 relative accepts such files and rejects weights that were never normalised.
     */
    public static final double SUM_TOLERANCE = 1e-6;

    private WeightsFile() {
    }

    /** Reads weights in catalog order; every catalog task must have a weight. */
    public static double[] read(Path file, Catalog catalog) {
        return read(file, catalog, false);
    }

    /**
     * Reads weights in catalog order.
     *
     * @param missingAsZero if true, a catalog task the file does not name gets weight 0 (the named
     *                      weights must still sum to 1); if false, such a task is an error
     */
    public static double[] read(Path file, Catalog catalog, boolean missingAsZero) {
        return read(file, catalog, i -> missingAsZero);
    }

    /**
     * Reads weights in catalog order; a catalog task {@code i} the file does not name gets weight
     * 0 if {@code mayBeMissing.test(i)}, else it is an error (e.g. tasks dropped by a filter).
     */
    public static double[] read(Path file, Catalog catalog, java.util.function.IntPredicate mayBeMissing) {
        Map<String, Double> raw = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                ? readCsv(file) : readJson(file);
        AtomicFiles.registerInput(file);
        return toVector(file, raw, catalog, mayBeMissing);
    }

    /** Checks a name-to-weight map against the catalog and returns the weights in catalog order. */
    public static double[] toVector(Object file, Map<String, Double> raw, Catalog catalog) {
        return toVector(file, raw, catalog, false);
    }

    /**
     * As {@link #toVector(Object, Map, Catalog)}; with {@code missingAsZero}, catalog tasks absent
     * from {@code raw} weigh 0 instead of being an error.
     */
    public static double[] toVector(Object file, Map<String, Double> raw, Catalog catalog, boolean missingAsZero) {
        return toVector(file, raw, catalog, i -> missingAsZero);
    }

    private static double[] toVector(Object file, Map<String, Double> raw, Catalog catalog,
                                     java.util.function.IntPredicate mayBeMissing) {
        double[] w = new double[catalog.size()];
        boolean[] seen = new boolean[catalog.size()];
        double sum = 0;
        for (Map.Entry<String, Double> e : raw.entrySet()) {
            int i = catalog.indexOf(e.getKey());
            if (i < 0) {
                throw InputException.at(file, "weights." + e.getKey(), "task \"" + e.getKey()
                        + "\" is not in the catalog (tasks: " + abbreviate(catalog.names()) + ")");
            }
            double v = e.getValue();
            if (!Double.isFinite(v)) {
                throw InputException.at(file, "weights." + e.getKey(), "value " + v + " for task \"" + e.getKey() + "\" is not finite");
            }
            if (v < 0) {
                throw InputException.at(file, "weights." + e.getKey(), "value " + v + " for task \"" + e.getKey() + "\" is negative; weights must be >= 0");
            }
            w[i] = v;
            seen[i] = true;
            sum += v;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i] && !mayBeMissing.test(i)) {
                throw InputException.at(file, "weights", "task \"" + catalog.task(i).name()
                        + "\" has no weight; give every catalog task a weight (0 to leave it out),"
                        + " or pass --missing-as-zero");
            }
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw InputException.at(file, "weights", "weights sum to " + sum + ", not 1 (tolerance " + SUM_TOLERANCE + ")");
        }
        return w;
    }

    private static Map<String, Double> readJson(Path file) {
        JsonNode root = ProblemReader.readTree(file);
        Field f = Field.root(file, root);
        if (!root.isObject() || !root.has("weights")) {
            throw f.errorAt("weights", "missing required field: a weights file is a JSON object with a \"weights\" object"
                    + " (task name -> weight), e.g. the output of solve --json");
        }
        Field wf = f.get("weights");
        if (!wf.isObject()) {
            throw wf.error("value " + Field.describe(wf.node()) + " must be an object mapping task name to weight");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Iterator<String> it = wf.node().fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            out.put(name, wf.get(name).asDouble());
        }
        return out;
    }

    /** Largest weights CSV read, in bytes: a million tasks with long names. */
    public static final long MAX_CSV_BYTES = 256L << 20;

    private static Map<String, Double> readCsv(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw InputException.at(file, null, "is a folder; expected a weights file");
            }
            long size = Files.size(file);
            if (size > MAX_CSV_BYTES) {
                throw InputException.at(file, null, "is " + size + " bytes; a weights CSV may have at most "
                        + MAX_CSV_BYTES);
            }
            byte[] bytes = Files.readAllBytes(file);
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InputException.at(file, null, "is not valid UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getClass().getSimpleName());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = records(file, text);
        if (records.isEmpty() || records.get(0).cells().size() != 2
                || !records.get(0).cells().get(0).strip().equalsIgnoreCase("task")
                || !records.get(0).cells().get(1).strip().equalsIgnoreCase("weight")) {
            throw InputException.at(file, "line 1", "expected the header \"task,weight\"");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 1; i < records.size(); i++) {
            Record r = records.get(i);
            List<String> cells = r.cells();
            if (cells.size() == 1 && cells.get(0).isBlank() && !r.quoted()) {
                continue;
            }
            if (cells.size() != 2) {
                throw InputException.at(file, "line " + r.line(), "has " + cells.size() + " cells; expected 2 (task,weight)");
            }
            // A quoted name is taken exactly (spaces included); an unquoted one is trimmed.
            String name = r.quoted() ? cells.get(0) : cells.get(0).strip();
            double v;
            try {
                v = DecimalNumbers.parse(cells.get(1).strip());
            } catch (NumberFormatException e) {
                throw InputException.at(file, "line " + r.line(), "weight of task \"" + Field.cut(name)
                        + "\" is not a decimal number (digits, optional sign, point and exponent)");
            }
            if (out.put(name, v) != null) {
                throw InputException.at(file, "line " + r.line(), "task \"" + Field.cut(name) + "\" appears twice");
            }
        }
        return out;
    }

    /**
     * One CSV record: its cells, its first line, and whether its first cell was quoted.
     *
     * @param cells  the cells, quotes removed
     * @param line   line number where it starts (1-based)
     * @param quoted whether the first cell was quoted
     */
    record Record(List<String> cells, long line, boolean quoted) {
    }

    /**
     * Splits RFC 4180 text into records: cells may be quoted with {@code "}, a doubled quote
     * inside is a literal quote, and a quoted cell may hold commas, CR and LF (task names may).
     */
    static List<Record> records(Path file, String text) {
        List<Record> out = new java.util.ArrayList<>();
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean firstQuoted = false;
        boolean cellStart = true;
        long line = 1;
        long recordLine = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cur.append(c);
                }
                continue;
            }
            if (c == '"' && cellStart) {
                quoted = true;
                cellStart = false;
                if (cells.isEmpty()) {
                    firstQuoted = true;
                }
                cur.setLength(0);
            } else if (c == '"') {
                throw InputException.at(file, "line " + line, "has a quote inside an unquoted cell; quote the whole"
                        + " cell and double the quote");
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
                cellStart = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cur.toString());
                out.add(new Record(List.copyOf(cells), recordLine, firstQuoted));
                cells.clear();
                cur.setLength(0);
                cellStart = true;
                firstQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (!(cellStart && (c == ' ' || c == '\t'))) {
                    cellStart = false;
                }
                cur.append(c);
            }
        }
        if (quoted) {
            throw InputException.at(file, "line " + recordLine, "has an unterminated quoted cell");
        }
        if (!cells.isEmpty() || cur.length() > 0) {
            cells.add(cur.toString());
            out.add(new Record(List.copyOf(cells), recordLine, firstQuoted));
        }
        return out;
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 6) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 6)) + ", ... (" + names.size() + " in all)";
    }
}
