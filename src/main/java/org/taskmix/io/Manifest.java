package org.taskmix.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task manifest: one line per task naming its sample files, so {@code estimate --manifest}
 * builds a catalog of hundreds of tasks in one command. JSON Lines ({@code .jsonl}, one object
 * per line) or CSV ({@code .csv}, a header line naming the fields); see docs/formats.md, "Sample
 * files (NPY, NPZ, CSV, Parquet) and manifests".
 *
 * <p>Fields: {@code name} (required, unique), {@code path} (required: a file, a folder, or a glob
 * such as {@code data/t1/*.npy}; relative to the manifest's folder), {@code group}, {@code size},
 * {@code n} (the task's own training prompt length), {@code array} (the array of an NPZ file),
 * {@code column} (Parquet: the embedding column, or a prefix of one column per dimension),
 * {@code taskColumn} and {@code taskValue} (Parquet: keep only rows whose task column equals the
 * value, so one table holds many tasks). Unknown fields are rejected, as in problem files.
 */
public final class Manifest {

    /** Extensions a folder entry picks up. */
    private static final List<String> SAMPLE_EXTENSIONS = List.of(".npy", ".npz", ".csv", ".parquet");

    private static final Set<String> FIELDS = Set.of("name", "group", "size", "n", "path", "array", "column",
            "taskColumn", "taskValue");

    private Manifest() {
    }

    /**
     * One task of a manifest.
     *
     * @param name      task name
     * @param group     group label or null
     * @param size      size for size-based baselines, or null (then the sample count is used)
     * @param n         the task's training prompt length, or null
     * @param files     its sample files, in name order (at least one)
     * @param array     NPZ array name or null
     * @param column    Parquet embedding column (or per-dimension prefix) or null
     * @param taskColumn Parquet column naming the task of each row, or null
     * @param taskValue value of {@code taskColumn} for this task, or null
     * @param where     {@code FILE: line L} for messages
     */
    public record Entry(String name, String group, Double size, Integer n, List<Path> files, String array,
                        String column, String taskColumn, String taskValue, String where) {
        public Entry {
            files = List.copyOf(files);
        }
    }

    /**
     * Reads {@code file} (JSON Lines unless its name ends in {@code .csv}).
     *
     * @throws InputException naming the file, line and field for every broken rule, including a
     *         path that matches no file
     */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        AtomicFiles.registerInput(file);
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        List<Map<String, String>> rows = csv ? csvRows(file, lines) : jsonRows(file, lines);
        Path base = file.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, String> row : rows) {
            String where = row.remove("#line");
            String name = row.get("name");
            if (name == null || name.isBlank()) {
                throw InputException.at(file, where + ".name", "missing; every task needs a name");
            }
            if (!names.add(name)) {
                throw InputException.at(file, where + ".name", "value \"" + name + "\" is given twice; task names must be"
                        + " unique");
            }
            String pathText = row.get("path");
            if (pathText == null || pathText.isBlank()) {
                throw InputException.at(file, where + ".path", "missing; every task needs its sample file(s)");
            }
            Double size = null;
            if (blankToNull(row.get("size")) != null) {
                size = number(file, where + ".size", row.get("size"));
                if (!(size >= 0) || size.isInfinite()) {
                    throw InputException.at(file, where + ".size", "value " + row.get("size") + " must be finite and >= 0");
                }
            }
            Integer n = null;
            if (blankToNull(row.get("n")) != null) {
                double v = number(file, where + ".n", row.get("n"));
                if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
                    throw InputException.at(file, where + ".n", "value " + row.get("n") + " must be a whole number >= 1");
                }
                n = (int) v;
            }
            String taskColumn = blankToNull(row.get("taskColumn"));
            String taskValue = blankToNull(row.get("taskValue"));
            if ((taskColumn == null) != (taskValue == null)) {
                throw InputException.at(file, where + (taskColumn == null ? ".taskColumn" : ".taskValue"),
                        "missing; taskColumn and taskValue go together (rows whose taskColumn equals taskValue)");
            }
            List<Path> files = expand(file, where + ".path", base, pathText.strip());
            out.add(new Entry(name.strip(), blankToNull(row.get("group")), size, n, files, blankToNull(row.get("array")),
                    blankToNull(row.get("column")), taskColumn, taskValue, file + ": " + where));
        }
        if (out.isEmpty()) {
            throw InputException.at(file, null, "lists no task; a manifest needs one line per task");
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static double number(Path file, String where, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw InputException.at(file, where, "value \"" + text + "\" is not a number");
        }
    }

    private static List<Map<String, String>> jsonRows(Path file, List<String> lines) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1);
            JsonNode node;
            try {
                node = Json.mapper().readTree(line);
            } catch (JsonProcessingException e) {
                throw InputException.at(file, where, "not valid JSON (" + e.getOriginalMessage() + "); a JSON Lines"
                        + " manifest has one object per line");
            }
            if (node == null || !node.isObject()) {
                throw InputException.at(file, where, "value " + line + " must be a JSON object");
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("#line", where);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!FIELDS.contains(f.getKey())) {
                    throw InputException.at(file, where + "." + f.getKey(), "unknown field; expected one of "
                            + new java.util.TreeSet<>(FIELDS));
                }
                JsonNode v = f.getValue();
                if (v.isNull()) {
                    continue;
                }
                if (!v.isValueNode()) {
                    throw InputException.at(file, where + "." + f.getKey(), "value " + v + " must be a string or number");
                }
                row.put(f.getKey(), v.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> csvRows(Path file, List<String> lines) {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = "line " + (i + 1);
            List<String> cells = splitCsv(file, where, line);
            if (header == null) {
                header = new ArrayList<>();
                for (String h : cells) {
                    String name = h.strip();
                    if (!FIELDS.contains(name)) {
                        throw InputException.at(file, where, "header names unknown field \"" + name + "\"; expected"
                                + " fields from " + new java.util.TreeSet<>(FIELDS));
                    }
                    header.add(name);
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw InputException.at(file, where, "has " + cells.size() + " fields but the header has "
                        + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("#line", where);
            for (int c = 0; c < cells.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Splits one CSV line; fields may be quoted with {@code "}, a doubled quote inside standing for one. */
    static List<String> splitCsv(Path file, String where, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw InputException.at(file, where, "has an unclosed quote");
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * The files a path names: the file itself, every sample file of a folder, or every file a
     * glob matches; sorted by name so the merge order, and so the estimate, is reproducible.
     */
    static List<Path> expand(Path manifest, String where, Path base, String text) {
        boolean glob = text.chars().anyMatch(ch -> "*?[{".indexOf(ch) >= 0);
        if (!glob) {
            Path p = base.resolve(text).normalize();
            if (Files.isDirectory(p)) {
                List<Path> files = list(manifest, where, p, Integer.MAX_VALUE, f -> SAMPLE_EXTENSIONS.stream()
                        .anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)));
                if (files.isEmpty()) {
                    throw InputException.at(manifest, where, "value \"" + text + "\": folder " + p + " holds no sample"
                            + " file (" + String.join(", ", SAMPLE_EXTENSIONS) + ")");
                }
                return files;
            }
            if (!Files.exists(p) && !p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.npz:.+")) {
                throw InputException.at(manifest, where, "value \"" + text + "\": no such file " + p);
            }
            return List.of(p);
        }
        // The folder part before the first glob character is walked; the rest is matched.
        String norm = text.replace('\\', '/');
        int firstGlob = 0;
        while ("*?[{".indexOf(norm.charAt(firstGlob)) < 0) {
            firstGlob++;
        }
        int slash = norm.lastIndexOf('/', firstGlob);
        Path root = slash < 0 ? base : base.resolve(norm.substring(0, slash)).normalize();
        String pattern = slash < 0 ? norm : norm.substring(slash + 1);
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : (int) pattern.chars().filter(ch -> ch == '/').count() + 1;
        List<Path> files = Files.isDirectory(root)
                ? list(manifest, where, root, depth, f -> m.matches(root.relativize(f)))
                : List.of();
        if (files.isEmpty()) {
            throw InputException.at(manifest, where, "value \"" + text + "\" matches no file");
        }
        return files;
    }

    private static List<Path> list(Path manifest, String where, Path dir, int depth,
                                   java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw InputException.at(manifest, where, "cannot list " + dir + ": " + e.getMessage());
        }
    }
}
