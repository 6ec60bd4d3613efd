package org.taskmix.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.NpyWriter;
import picocli.CommandLine;

/**
 * A seeded mutational fuzzer over problem files, weights files and sample files (issue 9). Each
 * case mutates a seed document (deletions, type swaps, NaN/±∞/1e308/-0.0, non-symmetric,
 * indefinite, singular, wrong dimensions, duplicate names, unicode, deep nesting, huge strings,
 * truncation, BOM, trailing content, hostile paths), runs one command through the real command
 * line in this JVM, and checks the contract: exit 0 with finite, sensible output (solve: weights
 * ≥ 0 summing to 1), or exit 2 with exactly one line {@code taskmix: error: ...}; never another
 * exit code, never a stack trace, never a file written outside the case's {@code out} folder,
 * never a temporary left behind. Same seed, same cases.
 */
final class Fuzzer {

    /** Weights of a successful solve must sum to 1 within the weights-file tolerance. */
    static final double SUM_TOLERANCE = 1e-6;

    /**
     * A case that runs longer than this is a defect (runaway resources). The slowest legitimate
     * case seen (exact objective on the 20-task, d = 50 catalog, not converged, exit 3) takes
     * about 30 s on an idle core and over 60 s on 2 cores shared with other builds.
     */
    static final long CASE_TIMEOUT_SECONDS = 180;

    /** Counts of one campaign. */
    record Counts(int cases, int clean, int exit0, int exit2, int exit3, List<String> defects) {
    }

    private final Path root;
    private final Path work;
    private final SplittableRandom rng;
    private final List<JsonNode> problems = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();

    Fuzzer(Path repoRoot, Path work, long seed) throws IOException {
        this.root = repoRoot;
        this.work = work;
        this.rng = new SplittableRandom(seed);
        try (Stream<Path> s = Files.list(repoRoot.resolve("problems"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = Json.mapper().readTree(p.toFile());
                // The 50 x 50, 20-task problem is kept but shrunk in half the cases by the mutator;
                // every seed stays small enough that a case takes milliseconds to a second.
                problems.add(n);
            }
        }
    }

    /** Mutation kinds chosen, for the report. */
    Map<String, Integer> kinds() {
        return kinds;
    }

    /** Runs {@code n} cases. */
    Counts run(int n) throws Exception {
        List<String> defects = new ArrayList<>();
        int clean = 0;
        int ok = 0;
        int bad = 0;
        int stopped = 0;
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < n; i++) {
                Path dir = Files.createDirectories(work.resolve("case" + i));
                String[] args = makeCase(dir);
                if (i < Integer.getInteger("taskmix.fuzz.from", 0)) {
                    // Replaying one case: earlier cases are generated (same random stream), not run.
                    deleteTree(dir);
                    continue;
                }
                List<String> before = listing(dir);
                AtomicFiles.clearInputs();
                Future<CliRun> f = ex.submit(() -> run(args));
                CliRun r;
                try {
                    r = f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    defects.add("case " + i + " " + String.join(" ", args) + ": timed out");
                    keep(dir);
                    f.cancel(true);
                    ex.shutdownNow();
                    ex = Executors.newSingleThreadExecutor();
                    continue;
                }
                String defect = check(r, dir, before);
                if (Boolean.getBoolean("taskmix.fuzz.print")) {
                    System.out.println("fuzz case " + i + " exit " + r.code() + ": " + short200(r.err().strip()
                            .replace(dir.toString(), "CASE")));
                }
                if (defect == null) {
                    clean++;
                    if (r.code() == 0) {
                        ok++;
                    } else if (r.code() == Main.EXIT_NOT_CONVERGED) {
                        stopped++;
                    } else {
                        bad++;
                    }
                    deleteTree(dir);
                } else {
                    defects.add("case " + i + " " + short200(String.join(" ", args)) + ": " + short200(defect));
                    keep(dir);
                }
            }
        } finally {
            ex.shutdownNow();
        }
        return new Counts(n, clean, ok, bad, stopped, defects);
    }

    private static CliRun run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Null if the case kept the contract, else what broke. */
    private String check(CliRun r, Path dir, List<String> before) throws IOException {
        if (r.err().contains("\tat ") || r.err().contains("Exception in thread")) {
            return "stack trace: " + r.err();
        }
        List<String> after = listing(dir);
        for (String f : after) {
            if (f.contains(AtomicFiles.TMP_TAG)) {
                return "temporary left behind: " + f;
            }
            if (!before.contains(f) && !f.startsWith("out")) {
                return "file written outside --out: " + f;
            }
        }
        for (String f : before) {
            if (!after.contains(f)) {
                return "input removed: " + f;
            }
        }
        if (r.code() == 2) {
            if (!r.err().startsWith("taskmix: error: ") || r.err().lines().count() != 1) {
                return "exit 2 without exactly one error line: " + r.err();
            }
            if (r.err().length() > Main.MAX_MESSAGE_CHARS + 200) {
                return "error line of " + r.err().length() + " characters";
            }
            return null;
        }
        // Exit 3 is the contract's "solver stopped before meeting its tolerance; result written":
        // its output must be as sane as exit 0's.
        if (r.code() != 0 && r.code() != Main.EXIT_NOT_CONVERGED) {
            return "exit " + r.code() + ": " + r.err();
        }
        if (!r.err().isEmpty() && !r.err().startsWith("warning")) {
            // Progress is off (--quiet); anything on stderr after success should be a warning.
            if (r.err().contains("error")) {
                return "exit 0 with an error on stderr: " + r.err();
            }
        }
        if (r.out().isBlank()) {
            return null;
        }
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(r.out());
        } catch (IOException e) {
            return "exit 0 but stdout is not one JSON document";
        }
        if (doc.has("weights") && doc.has("status")) {
            double sum = 0;
            Iterator<JsonNode> it = doc.get("weights").elements();
            while (it.hasNext()) {
                JsonNode w = it.next();
                if (!w.isNumber() || !(w.asDouble() >= 0)) {
                    return "weight " + w + " is not a number >= 0";
                }
                sum += w.asDouble();
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                return "weights sum to " + sum;
            }
            JsonNode obj = doc.get("objective");
            if (obj != null && !(obj.isNumber() && Double.isFinite(obj.asDouble()) || "Infinity".equals(obj.asText()))) {
                return "objective " + obj;
            }
        }
        String nan = findNaN(doc, "");
        // NaN is allowed only with a stated reason: a non-OPTIMAL status or a warning saying why.
        boolean reason = doc.has("status") && !"OPTIMAL".equals(doc.get("status").asText())
                || doc.has("warnings") && doc.get("warnings").size() > 0;
        return nan == null || reason ? null : "NaN in output at " + nan + " with no status or warning saying why";
    }

    private static String findNaN(JsonNode n, String path) {
        if (n.isNumber() && Double.isNaN(n.asDouble()) || n.isTextual() && n.asText().equals("NaN")) {
            return path.isEmpty() ? "(root)" : path;
        }
        if (n.isContainerNode()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                String p = findNaN(e.getValue(), path + "." + e.getKey());
                if (p != null) {
                    return p;
                }
            }
            for (int i = 0; n.isArray() && i < n.size(); i++) {
                String p = findNaN(n.get(i), path + "[" + i + "]");
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ cases

    private String[] makeCase(Path dir) throws IOException {
        JsonNode base = problems.get(rng.nextInt(problems.size())).deepCopy();
        ObjectNode problem = shrink((ObjectNode) base);
        Path p = dir.resolve("problem.json");
        Path w = dir.resolve("weights.json");
        Path s = dir.resolve("samples.csv");
        writeSamples(dir, s, problem.get("dimension").asInt());
        ObjectNode weights = uniformWeights(problem);
        // The command reads what was mutated: a mutated problem goes to inspect/solve/predict, a
        // mutated weights file to predict (as JSON, or rewritten as CSV), mutated samples to
        // estimate or to a problem whose first task names them.
        int target = rng.nextInt(10);
        String kind;
        String out = dir.resolve("out").toString();
        String[] problemCommands;
        if (target < 6) {
            kind = mutateJson(problem, dir);
            write(p, problem, dir);
            Files.writeString(w, Json.mapper().writeValueAsString(weights));
        } else if (target < 8) {
            Files.writeString(p, Json.mapper().writeValueAsString(problem));
            kind = "weights:" + mutateJson(weights, dir);
            write(w, weights, dir);
        } else {
            kind = "samples:" + mutateSamples(s, problem.get("dimension").asInt());
            if (rng.nextBoolean() && problem.get("tasks") instanceof ArrayNode tasks && tasks.size() > 0
                    && tasks.get(0) instanceof ObjectNode first) {
                first.putObject("covariance").put("samples", s.getFileName().toString());
                kind += "(in problem)";
                Files.writeString(p, Json.mapper().writeValueAsString(problem));
                Files.writeString(w, Json.mapper().writeValueAsString(weights));
                kinds.merge(kind, 1, Integer::sum);
                return rng.nextBoolean() ? new String[] {"inspect", p.toString(), "--json", "--quiet"}
                        : new String[] {"solve", p.toString(), "--json", "--quiet", "--out", out};
            }
            Files.writeString(p, Json.mapper().writeValueAsString(problem));
            Files.writeString(w, Json.mapper().writeValueAsString(weights));
            kinds.merge(kind, 1, Integer::sum);
            return new String[] {"estimate", "--task", "a=" + s, "--target-identity", "--quiet", "--json", "--out",
                dir.resolve("out").resolve("e.json").toString()};
        }
        kinds.merge(kind.replaceAll("\\(.*", ""), 1, Integer::sum);
        String[] predict = {"predict", p.toString(), "--weights", (rng.nextBoolean() ? w : csvWeights(dir, w)).toString(),
            "--m", "inf", "--json", "--quiet", "--out", out};
        if (target >= 6) {
            return predict;
        }
        return switch (rng.nextInt(5)) {
            case 0 -> new String[] {"inspect", p.toString(), "--json", "--quiet"};
            case 1, 2 -> new String[] {"solve", p.toString(), "--json", "--quiet", "--out", out};
            case 3 -> new String[] {"solve", p.toString(), "--json", "--quiet", "--objective", "exact", "--k", "2",
                    "--m", "inf", "--out", out};
            default -> predict;
        };
    }

    /** Half the time: keep at most 4 tasks and d <= 8 so cases stay fast. */
    private ObjectNode shrink(ObjectNode p) {
        int d = p.get("dimension").asInt();
        if (d <= 8 || rng.nextBoolean()) {
            return p;
        }
        // A fresh small catalog in the same style: diagonal specs of the first 6 dimensions.
        int nd = 2 + rng.nextInt(5);
        p.put("dimension", nd);
        ArrayNode tasks = p.putArray("tasks");
        int nt = 1 + rng.nextInt(4);
        for (int t = 0; t < nt; t++) {
            ObjectNode task = tasks.addObject();
            task.put("name", "t" + t);
            ArrayNode diag = task.putObject("covariance").putArray("diagonal");
            for (int i = 0; i < nd; i++) {
                diag.add(0.1 + rng.nextDouble() * 3);
            }
        }
        ObjectNode tgt = JsonNodeFactory.instance.objectNode();
        tgt.put("name", "target");
        ArrayNode diag = tgt.putObject("covariance").putArray("diagonal");
        for (int i = 0; i < nd; i++) {
            diag.add(0.5 + rng.nextDouble());
        }
        p.remove("targets");
        p.set("target", tgt);
        if (p.has("settings")) {
            ObjectNode s = (ObjectNode) p.get("settings");
            s.put("n", nd);
            s.put("m", 2 * nd);
        }
        return p;
    }

    private ObjectNode uniformWeights(ObjectNode problem) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode w = doc.putObject("weights");
        JsonNode tasks = problem.get("tasks");
        for (JsonNode t : tasks) {
            w.put(t.get("name").asText(), 1.0 / tasks.size());
        }
        return doc;
    }

    /** The weights file rewritten as CSV (quoted names), to fuzz the CSV reader through predict. */
    private Path csvWeights(Path dir, Path json) throws IOException {
        Path csv = dir.resolve("weights.csv");
        String text = Files.readString(json, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder("task,weight\n");
        try {
            JsonNode n = Json.mapper().readTree(text);
            Iterator<Map.Entry<String, JsonNode>> it = n.get("weights").fields();
            while (it.hasNext()) {
                var e = it.next();
                sb.append('"').append(e.getKey().replace("\"", "\"\"")).append("\",").append(e.getValue().asText())
                        .append('\n');
            }
        } catch (RuntimeException | IOException e) {
            sb.append(text);
        }
        Files.writeString(csv, sb.toString());
        return csv;
    }

    private void writeSamples(Path dir, Path csv, int d) throws IOException {
        int rows = d + 2 + rng.nextInt(20);
        StringBuilder sb = new StringBuilder();
        double[][] x = new double[rows][d];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < d; c++) {
                x[r][c] = rng.nextDouble() * 2 - 1;
                sb.append(c == 0 ? "" : ",").append(x[r][c]);
            }
            sb.append('\n');
        }
        Files.writeString(csv, sb.toString());
        try (NpyWriter w = NpyWriter.create(dir.resolve("samples.npy"), rows, d, false)) {
            for (double[] row : x) {
                w.row(row);
            }
        }
    }

    // ------------------------------------------------------------------ JSON mutations

    private static final String DEEP = "@@deep@@";

    private static final String[] HOSTILE = {"../../etc/passwd", "/etc/passwd", "/dev/zero", "../outside.csv",
        "link.csv", "samples.npy", "samples.csv", "", "nul\u0000.csv", "dir/", "..", "/"};

    /** Applies one to three mutations; returns their names. */
    private String mutateJson(ObjectNode doc, Path dir) throws IOException {
        StringBuilder kind = new StringBuilder();
        int count = 1 + (rng.nextInt(4) == 0 ? rng.nextInt(3) : 0);
        for (int i = 0; i < count; i++) {
            kind.append(i == 0 ? "" : "+").append(mutateOnce(doc, dir));
        }
        return kind.toString();
    }

    private String mutateOnce(ObjectNode doc, Path dir) throws IOException {
        List<JsonNode[]> slots = new ArrayList<>();
        collect(doc, slots);
        if (slots.isEmpty()) {
            doc.put("format", "taskmix/problem-1");
            return "empty-document";
        }
        JsonNode[] slot = slots.get(rng.nextInt(slots.size()));
        JsonNode parent = slot[0];
        JsonNode key = slot[1];
        JsonNode value = slot[2];
        switch (rng.nextInt(14)) {
            case 0 -> {
                remove(parent, key);
                return "delete";
            }
            case 1 -> {
                set(parent, key, swapType(value));
                return "type-swap";
            }
            case 2 -> {
                String[] specials = {"NaN", "Infinity", "-Infinity", "1e308", "-0.0", "1e-320", "-1", "0",
                    "1e300", "1e-300", "2147483648", "-2147483649", "9007199254740993", "1e154"};
                String v = specials[rng.nextInt(specials.length)];
                set(parent, key, JsonNodeFactory.instance.numberNode(Double.parseDouble(v)));
                return "number(" + v + ")";
            }
            case 3 -> {
                return matrixMutation(doc);
            }
            case 4 -> {
                JsonNode tasks = doc.get("tasks");
                if (tasks instanceof ArrayNode a && a.size() > 0) {
                    a.add(a.get(rng.nextInt(a.size())).deepCopy());
                    return "duplicate-name";
                }
                return "duplicate-name(none)";
            }
            case 5 -> {
                String[] u = {"\u00e9t\u00e9", "\u4efb\u52a1", "\ud83d\ude00", "a\u0000b", "\u202e", "line\nbreak",
                    " spaced ", "com,ma", "quo\"te", "\ufeffbom"};
                set(parent, key, JsonNodeFactory.instance.textNode(u[rng.nextInt(u.length)]));
                return "unicode";
            }
            case 6 -> {
                // A placeholder, expanded to [[[...1...]]] in the written text (Jackson itself
                // refuses to write more than 1000 levels).
                int depth = 100 + rng.nextInt(3000);
                set(parent, key, JsonNodeFactory.instance.textNode(DEEP + depth));
                return "deep-nesting";
            }
            case 7 -> {
                set(parent, key, JsonNodeFactory.instance.textNode("x".repeat(1 << (10 + rng.nextInt(11)))));
                return "huge-string";
            }
            case 8 -> {
                JsonNode tasks = doc.get("tasks");
                if (tasks instanceof ArrayNode a && a.size() > 0 && a.get(0) instanceof ObjectNode t) {
                    String path = HOSTILE[rng.nextInt(HOSTILE.length)];
                    prepareHostile(dir);
                    ObjectNode spec = t.putObject("covariance");
                    spec.put("samples", path);
                    return "hostile-path(" + path + ")";
                }
                return "hostile-path(none)";
            }
            case 9 -> {
                if (doc.has("dimension")) {
                    int[] ds = {0, -1, 1, 3, 100000, 50000, 5000, Integer.MAX_VALUE};
                    doc.put("dimension", ds[rng.nextInt(ds.length)]);
                }
                return "dimension";
            }
            case 10 -> {
                if (doc.get("settings") instanceof ObjectNode s) {
                    String[] f = {"n", "m", "k"};
                    String name = f[rng.nextInt(f.length)];
                    long[] v = {0, -5, 1, 2147483647L, 100001, 99999};
                    if (name.equals("k")) {
                        s.putArray("k").add(v[rng.nextInt(v.length)]);
                    } else {
                        s.put(name, v[rng.nextInt(v.length)]);
                    }
                    return "settings-size";
                }
                return "settings-size(none)";
            }
            case 11 -> {
                if (parent instanceof ObjectNode o) {
                    o.put("unknownField" + rng.nextInt(3), 1);
                }
                return "unknown-field";
            }
            case 12 -> {
                if (doc.get("weights") instanceof ObjectNode w && w.size() > 0) {
                    String first = w.fieldNames().next();
                    double[] v = {-0.1, 2, 0, 1e-320, 0.5};
                    w.put(first, v[rng.nextInt(v.length)]);
                    return "weight-value";
                }
                if (doc.get("target") instanceof ObjectNode t) {
                    ObjectNode copy = t.deepCopy();
                    ArrayNode targets = doc.putArray("targets");
                    copy.put("weight", rng.nextBoolean() ? 3 : 1e300);
                    targets.add(copy);
                    ObjectNode second = t.deepCopy();
                    second.put("name", "second");
                    second.put("weight", 1);
                    targets.add(second);
                    doc.remove("target");
                    return "multi-target";
                }
                return "weight-value(none)";
            }
            default -> {
                set(parent, key, JsonNodeFactory.instance.nullNode());
                return "null";
            }
        }
    }

    private String matrixMutation(ObjectNode doc) {
        JsonNode tasks = doc.get("tasks");
        int d = doc.path("dimension").asInt(2);
        if (!(tasks instanceof ArrayNode a) || a.size() == 0 || d < 1 || d > 64) {
            return "matrix(none)";
        }
        if (!(a.get(rng.nextInt(a.size())) instanceof ObjectNode task)) {
            return "matrix(none)";
        }
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i][i] = 0.5 + rng.nextDouble();
        }
        String what;
        switch (rng.nextInt(6)) {
            case 0 -> {
                m[0][d - 1] += 0.3;
                what = "non-symmetric";
            }
            case 1 -> {
                m[0][0] = -1;
                what = "indefinite";
            }
            case 2 -> {
                m[d - 1][d - 1] = 0;
                what = "singular";
            }
            case 3 -> {
                m = new double[d + 1][d + 1];
                what = "wrong-dimension";
            }
            case 4 -> {
                for (int i = 0; i < d; i++) {
                    m[i][i] *= 1e154;
                }
                what = "scaled-1e154";
            }
            default -> {
                m = new double[d][Math.max(1, d - 1)];
                what = "ragged";
            }
        }
        ArrayNode rows = task.putArray("covariance");
        for (double[] r : m) {
            ArrayNode row = rows.addArray();
            for (double v : r) {
                row.add(v);
            }
        }
        return "matrix(" + what + ")";
    }

    private void prepareHostile(Path dir) throws IOException {
        Path outside = dir.getParent().resolve("outside.csv");
        if (!Files.exists(outside)) {
            Files.writeString(outside, "1,0\n0,1\n1,1\n");
        }
        Path link = dir.resolve("link.csv");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, outside);
        }
    }

    private JsonNode swapType(JsonNode v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] options = {f.textNode("1"), f.numberNode(1), f.arrayNode(), f.objectNode(), f.booleanNode(true),
            f.textNode(""), f.numberNode(1.5)};
        JsonNode o = options[rng.nextInt(options.length)];
        return o.getNodeType() == v.getNodeType() ? f.nullNode() : o;
    }

    /** Every (parent, key or index, value) in the document. */
    private static void collect(JsonNode n, List<JsonNode[]> out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                var e = it.next();
                out.add(new JsonNode[] {o, f.textNode(e.getKey()), e.getValue()});
                collect(e.getValue(), out);
            }
        } else if (n instanceof ArrayNode a) {
            // Long arrays: a sample of their elements keeps slot lists small for big matrices.
            for (int i = 0; i < a.size(); i += Math.max(1, a.size() / 8)) {
                out.add(new JsonNode[] {a, f.numberNode(i), a.get(i)});
                collect(a.get(i), out);
            }
        }
    }

    private static void set(JsonNode parent, JsonNode key, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.set(key.asText(), value);
        } else if (parent instanceof ArrayNode a) {
            a.set(key.asInt(), value);
        }
    }

    private static void remove(JsonNode parent, JsonNode key) {
        if (parent instanceof ObjectNode o) {
            o.remove(key.asText());
        } else if (parent instanceof ArrayNode a) {
            a.remove(key.asInt());
        }
    }

    /** Writes a document, then maybe damages its bytes: truncation, BOM, trailing content. */
    private void write(Path file, JsonNode doc, Path dir) throws IOException {
        String text = Json.mapper().writeValueAsString(doc);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + DEEP + "(\\d+)\"").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int depth = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, "[".repeat(depth) + "1" + "]".repeat(depth));
        }
        m.appendTail(sb);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        switch (rng.nextInt(10)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, rng.nextInt(bytes.length + 1));
            case 1 -> bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes);
            case 2 -> bytes = concat(bytes, rng.nextBoolean() ? bytes : " xyz".getBytes(StandardCharsets.UTF_8));
            case 3 -> bytes = concat(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE});
            default -> {
            }
        }
        Files.write(file, bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ sample mutations

    private String mutateSamples(Path csv, int d) throws IOException {
        String text = Files.readString(csv);
        String[] lines = text.split("\n");
        int r = rng.nextInt(lines.length);
        switch (rng.nextInt(12)) {
            case 0 -> lines[r] = lines[r] + ",1";
            case 1 -> lines[r] = "\"1\"" + lines[r].substring(lines[r].indexOf(',') < 0 ? lines[r].length() : lines[r].indexOf(','));
            case 2 -> lines[r] = lines[r].replaceFirst("^[^,]*", new String[] {"0x1p3", "1d", "2f", "NaN", "Infinity",
                "1e999", "root:x:0:0", "", " ", "1_0"}[rng.nextInt(10)]);
            case 3 -> {
                Files.write(csv, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
                return "bom";
            }
            case 4 -> {
                Files.write(csv, concat(text.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, '\n'}));
                return "bad-utf8";
            }
            case 5 -> {
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = lines[i].replaceAll("([0-9.eE-]+)", "$1e-200");
                }
                Files.writeString(csv, String.join("\n", lines));
                return "tiny-1e-200";
            }
            case 6 -> {
                Files.writeString(csv, text.substring(0, rng.nextInt(text.length() + 1)));
                return "truncate";
            }
            case 7 -> {
                Files.writeString(csv, "1".repeat(1 << 16) + ",".repeat(rng.nextInt(3)));
                return "no-newline";
            }
            case 8 -> {
                Files.writeString(csv, "a,b\n" + text);
                return "header";
            }
            case 9 -> {
                Files.writeString(csv, String.join("\r\n", lines));
                return "crlf";
            }
            case 10 -> {
                Files.writeString(csv, "");
                return "empty";
            }
            default -> lines[r] = lines[r].replaceFirst("^[^,]*", "1e300");
        }
        Files.writeString(csv, String.join("\n", lines) + "\n");
        return "cell";
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Copies a failing case to target/fuzz-defects/ so it can be replayed. */
    private void keep(Path dir) {
        Path dest = root.resolve("target").resolve("fuzz-defects").resolve(dir.getFileName());
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Path q = dest.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(q);
                } else if (!Files.isSymbolicLink(p)) {
                    Files.createDirectories(q.getParent());
                    Files.copy(p, q, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            // Keeping a copy is a convenience; the defect is reported either way.
        }
    }

    private static String short200(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
