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
        Map<String, Double> raw = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                ? readCsv(file) : readJson(file);
        AtomicFiles.registerInput(file);
        return toVector(file, raw, catalog, missingAsZero);
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
            if (!seen[i] && !missingAsZero) {
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

    private static Map<String, Double> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).trim().replace(" ", "").equalsIgnoreCase("task,weight")) {
            throw InputException.at(file, "line 1", "expected the header \"task,weight\"");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = splitCsvLine(line);
            if (cells == null) {
                throw InputException.at(file, "line " + (i + 1), "has an unterminated quoted cell");
            }
            if (cells.length != 2) {
                throw InputException.at(file, "line " + (i + 1), "has " + cells.length + " cells; expected 2 (task,weight)");
            }
            String name = cells[0].trim();
            double v;
            try {
                v = Double.parseDouble(cells[1].trim());
            } catch (NumberFormatException e) {
                throw InputException.at(file, "line " + (i + 1), "value \"" + cells[1].trim() + "\" for task \"" + name + "\" is not a number");
            }
            if (out.put(name, v) != null) {
                throw InputException.at(file, "line " + (i + 1), "task \"" + name + "\" appears twice");
            }
        }
        return out;
    }

    /**
     * Splits one RFC 4180 line: cells may be quoted with {@code "}, a doubled quote inside is a
     * literal quote (the report layer quotes task names that contain commas). Null if a quote is
     * left open.
     */
    static String[] splitCsvLine(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cur.toString());
        return cells.toArray(new String[0]);
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 6) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 6)) + ", ... (" + names.size() + " in all)";
    }
}
