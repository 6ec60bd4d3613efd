package org.taskmix.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.CovarianceRules;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.validation.ProgressListener;

/**
 * Reads {@code taskmix/problem-1} files (docs/formats.md, "Problem file"). Every rule broken is
 * reported as an {@link InputException} naming the file, the field path, the value and the rule.
 */
public final class ProblemReader {

    /** The format tag a problem file must carry. */
    public static final String FORMAT = "taskmix/problem-1";

    private static final Set<String> TOP = Set.of("format", "name", "description", "dimension", "tasks",
            "target", "targets", "settings");
    private static final Set<String> TASK = Set.of("name", "group", "size", "n", "covariance", "minWeight",
            "maxWeight", "fixedWeight");
    private static final Set<String> TARGET = Set.of("name", "covariance", "weight");
    private static final Set<String> SETTINGS = Set.of("n", "m", "k", "train", "transformer");
    private static final Set<String> TRAIN = Set.of("optimizer", "steps", "batch", "learningRate", "schedule",
            "testPrompts", "seed", "gauge", "offset");

    private ProblemReader() {
    }

    /** Reads and validates a problem file. */
    public static Problem read(Path file) {
        return read(file, ProgressListener.NONE);
    }

    /**
     * Reads and validates a problem file, reporting the check of the task covariances (one
     * eigendecomposition each: about 0.25 s of CPU per task at d = 768) to {@code progress}.
     */
    public static Problem read(Path file, ProgressListener progress) {
        // Streamed: no whole-file buffer and no number nodes for full matrices (ProblemStream).
        JsonNode root = ProblemStream.read(file);
        AtomicFiles.registerInput(file);
        Path base = file.toAbsolutePath().getParent();
        ProgressListener previous = PROGRESS.get();
        PROGRESS.set(progress);
        try {
            return parse(Field.root(file, root), base, file.toString());
        } finally {
            PROGRESS.set(previous);
        }
    }

    /**
     * Progress is shown when the covariance checks cost more than this many {@code d³} units
     * (one eigendecomposition is a few {@code d³} flops at about 1 GFLOP/s): a few seconds.
     */
    private static final double PROGRESS_MIN_WORK = 5e9;

    /**
     * What reading one task entry costs besides its O(d³) check, in the same units (about the
     * time of 2·10⁴ flops: parsing the entry, reading its matrix, building the task), so a
     * catalog of 10⁶ small tasks (ten seconds or more) shows progress too.
     */
    private static final double TASK_WORK = 2e4;

    // The listener of the read in progress on this thread (parse is public and keeps its signature).
    private static final ThreadLocal<ProgressListener> PROGRESS = ThreadLocal.withInitial(() -> ProgressListener.NONE);

    /**
     * Reads a problem bundled in the jar ({@code problems/NAME.json}), e.g. the demo's default.
     * Its source reads {@code built-in:problems/NAME.json}.
     */
    public static Problem readBuiltIn(String name) {
        String resource = "problems/" + name + ".json";
        return readResource(resource, "built-in:" + resource);
    }

    /**
     * Reads a problem from the class path ({@code resource}, e.g. {@code problems/x.json}),
     * labelled {@code source} in provenance and messages.
     */
    public static Problem readResource(String resource, String source) {
        try (var in = ProblemReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InputException(source + ": no such built-in problem");
            }
            JsonNode root = Json.mapper().readTree(in.readAllBytes());
            return parse(Field.root(source, root), null, source);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a JSON file into a tree, turning I/O and syntax errors into one-line messages. */
    public static JsonNode readTree(Path file) {
        try {
            byte[] bytes = ResourceLimits.readBounded(file);
            // The fast parser is correctly rounded (same doubles as Double.parseDouble) and several
            // times quicker, which matters for catalogs of thousands of full matrices.
            JsonNode node = Json.mapper().reader().with(StreamReadFeature.USE_FAST_DOUBLE_PARSER).readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw InputException.at(file, null, "file is empty; expected a JSON document");
            }
            return node;
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /** One line for an I/O or JSON syntax error while reading {@code file}. */
    static InputException readError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return InputException.at(file, null, "no such file");
        }
        if (e instanceof JsonProcessingException jp) {
            var loc = jp.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            return InputException.at(file, null, where + Json.syntaxMessage(jp));
        }
        return InputException.at(file, null, "cannot read: " + e.getMessage());
    }

    /** Parses a problem document already read into a tree. */
    public static Problem parse(Field root, Path baseDir, String source) {
        try {
            return parseDocument(root, baseDir, source);
        } finally {
            CovarianceSpecs.releaseBuffers();
        }
    }

    private static Problem parseDocument(Field root, Path baseDir, String source) {
        root.requireObject(TOP, Set.of("format", "name", "dimension", "tasks"));
        ResourceLimits.checkProblem(root);
        String format = root.get("format").asString();
        if (!FORMAT.equals(format)) {
            throw root.get("format").error("value \"" + format + "\" is not a supported format; expected \"" + FORMAT + "\"");
        }
        String name = root.get("name").asName();
        String description = root.has("description") ? root.get("description").asString() : "";
        int d = root.get("dimension").asInt(1);

        List<Field> taskFields = root.get("tasks").elements();
        if (taskFields.isEmpty()) {
            throw root.get("tasks").error("catalog is empty; at least one task is required");
        }
        List<Task> tasks = parseTasks(taskFields, d, baseDir);
        Catalog catalog;
        try {
            catalog = new Catalog(tasks);
        } catch (IllegalArgumentException e) {
            throw InputException.at(root.file(), null, e.getMessage());
        }

        List<Target> targets = new ArrayList<>();
        if (root.has("target") == root.has("targets")) {
            throw root.errorAt("target", root.has("target")
                    ? "give either \"target\" or \"targets\", not both"
                    : "missing required field (or give \"targets\": a list of weighted targets)");
        }
        if (root.has("target")) {
            targets.add(target(root.get("target"), d, baseDir, false));
        } else {
            List<Field> tfs = root.get("targets").elements();
            if (tfs.isEmpty()) {
                throw root.get("targets").error("list is empty; at least one target is required");
            }
            Set<String> seen = new java.util.HashSet<>();
            for (Field tf : tfs) {
                Target t = target(tf, d, baseDir, true);
                if (!seen.add(t.name())) {
                    throw tf.get("name").error("value \"" + t.name() + "\" duplicates another target's name; target names must be unique");
                }
                targets.add(t);
            }
        }
        Settings settings = root.has("settings") ? settings(root.get("settings")) : Settings.DEFAULT;
        return new Problem(name, description, catalog, targets, settings, source);
    }

    /**
     * Parses and validates the tasks on all cores (each task's covariance is built and its
     * eigenvalues computed for the PSD check, O(d³) apiece, independent of the others). Results
     * are in file order and, if several tasks are bad, the error reported is the first one in
     * the file, exactly as a sequential read would report it.
     */
    private static List<Task> parseTasks(List<Field> taskFields, int d, Path baseDir) {
        int n = taskFields.size();
        Task[] parsed = new Task[n];
        RuntimeException[] errors = new RuntimeException[n];
        ProgressListener progress = (double) n * ((double) d * d * d + TASK_WORK) > PROGRESS_MIN_WORK
                ? PROGRESS.get() : ProgressListener.NONE;
        // Batches of at least 4 tasks per core keep every core busy; progress is reported between
        // batches, from this thread (ProgressListener's contract), about 50 times.
        int batch = Math.max(4 * Runtime.getRuntime().availableProcessors(), n / 50);
        progress.start("check covariances", n);
        for (int from = 0; from < n; from += batch) {
            IntStream.range(from, Math.min(n, from + batch)).parallel().forEach(i -> {
                try {
                    parsed[i] = task(taskFields.get(i), d, baseDir);
                } catch (RuntimeException e) {
                    errors[i] = e;
                }
            });
            progress.advance(Math.min(n, from + batch));
        }
        progress.finish();
        for (RuntimeException e : errors) {
            if (e != null) {
                throw e;
            }
        }
        return Arrays.asList(parsed);
    }

    private static Task task(Field f, int d, Path baseDir) {
        f.requireObject(TASK, Set.of("name", "covariance"));
        String name = f.get("name").asName();
        String group = f.has("group") ? f.get("group").asName() : null;
        Double size = null;
        if (f.has("size")) {
            size = f.get("size").asDouble();
            if (size < 0) {
                throw f.get("size").error("value " + size + " must be >= 0");
            }
        }
        Integer n = f.has("n") ? f.get("n").asInt(1) : null;
        SymmetricMatrix cov = covariance(f.get("covariance"), d, baseDir);
        String psd = CovarianceRules.psdViolation(cov);
        if (psd != null) {
            throw f.get("covariance").error(psd);
        }
        double min = f.has("minWeight") ? unit(f.get("minWeight")) : 0;
        double max = f.has("maxWeight") ? unit(f.get("maxWeight")) : 1;
        Double fixed = f.has("fixedWeight") ? unit(f.get("fixedWeight")) : null;
        WeightLimits limits;
        try {
            limits = new WeightLimits(min, max, fixed);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
        return new Task(name, group, size, n, cov, limits);
    }

    private static double unit(Field f) {
        double v = f.asDouble();
        if (v < 0 || v > 1) {
            throw f.error("value " + v + " must lie in [0, 1]");
        }
        return v;
    }

    private static Target target(Field f, int d, Path baseDir, boolean weighted) {
        f.requireObject(weighted ? TARGET : Set.of("name", "covariance"), Set.of("name", "covariance"));
        String name = f.get("name").asName();
        double weight = 1;
        if (f.has("weight")) {
            weight = f.get("weight").asDouble();
            if (weight <= 0) {
                throw f.get("weight").error("value " + weight + " must be > 0");
            }
        }
        SymmetricMatrix cov = covariance(f.get("covariance"), d, baseDir);
        String bad = CovarianceRules.targetViolation(cov);
        if (bad != null) {
            throw f.get("covariance").error(bad);
        }
        return new Target(name, cov, weight);
    }

    private static Settings settings(Field f) {
        f.requireObject(SETTINGS, Set.of());
        Settings def = Settings.DEFAULT;
        int n = f.has("n") ? f.get("n").asInt(1) : def.n();
        int m = f.has("m") ? f.get("m").asInt(1) : def.m();
        List<Integer> k = def.k();
        if (f.has("k")) {
            k = new ArrayList<>();
            for (Field e : f.get("k").elements()) {
                k.add(e.asInt(1));
            }
        }
        TrainingSettings train = f.has("train") ? train(f.get("train")) : TrainingSettings.DEFAULT;
        try {
            return new Settings(n, m, k, train);
        } catch (IllegalArgumentException e) {
            throw InputException.at(f.file(), null, e.getMessage());
        }
    }

    private static TrainingSettings train(Field f) {
        f.requireObject(TRAIN, Set.of());
        TrainingSettings def = TrainingSettings.DEFAULT;
        try {
            return new TrainingSettings(
                    f.has("optimizer") ? f.get("optimizer").asString() : def.optimizer().label(),
                    f.has("steps") ? f.get("steps").asInt() : def.steps(),
                    f.has("batch") ? f.get("batch").asInt() : def.batch(),
                    f.has("learningRate") ? f.get("learningRate").asDouble() : def.learningRate(),
                    f.has("schedule") ? f.get("schedule").asString() : def.schedule().label(),
                    f.has("testPrompts") ? f.get("testPrompts").asInt() : def.testPrompts(),
                    f.has("seed") ? f.get("seed").asLong() : def.seed(),
                    f.has("gauge") ? f.get("gauge").asString() : def.gauge().label(),
                    f.has("offset") ? f.get("offset").asString() : def.offset().label());
        } catch (IllegalArgumentException e) {
            throw e instanceof InputException ? e : InputException.at(f.file(), null, e.getMessage());
        }
    }

    /**
     * A covariance given as a full matrix or as a spec object ({@code diagonal}, {@code spectrum},
     * {@code samples}; see {@link CovarianceSpecs}).
     */
    static SymmetricMatrix covariance(Field f, int d, Path baseDir) {
        if (f.node() instanceof com.fasterxml.jackson.databind.node.POJONode pojo
                && pojo.getPojo() instanceof ProblemStream.Rows rows) {
            return CovarianceSpecs.matrix(f, rows.take(), d);
        }
        if (f.isArray()) {
            return CovarianceSpecs.matrix(f, d);
        }
        if (!f.isObject()) {
            throw f.error("value " + Field.describe(f.node())
                    + " must be a matrix (d rows of d numbers) or a spec object (diagonal, spectrum, samples)");
        }
        return CovarianceSpecs.parse(f, d, baseDir);
    }

    /**
     * An array of arrays of finite numbers (shape not checked). Walks the JSON nodes directly and
     * builds {@link Field}s only to report an error, because a 1,000-task catalog of 64 × 64
     * matrices has four million numbers and a path string per number would dominate the read.
     */
    static double[][] rows(Field f) {
        JsonNode node = f.node();
        if (!node.isArray()) {
            throw f.error("value " + Field.describe(node) + " must be a JSON array");
        }
        double[][] out = new double[node.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = node.get(i);
            if (!row.isArray()) {
                throw f.elements().get(i).error("value " + Field.describe(row) + " must be a JSON array");
            }
            double[] r = new double[row.size()];
            for (int j = 0; j < r.length; j++) {
                JsonNode v = row.get(j);
                double x = v.isNumber() ? v.asDouble() : Double.NaN;
                if (!v.isNumber() || !Double.isFinite(x)) {
                    f.elements().get(i).elements().get(j).asDouble();
                }
                r[j] = x;
            }
            out[i] = r;
        }
        return out;
    }
}
