package org.taskmix.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Limits on declared sizes, checked before anything is allocated (docs/formats.md, "Limits and
 * input rules"). Two kinds:
 * <ul>
 *   <li><b>memory</b>: a request whose dense matrices would not fit in {@link #MEMORY_SHARE} of the
 *       Java heap is refused with the estimate and the heap (raise it with {@code java -Xmx});</li>
 *   <li><b>size caps</b> on counts that drive running time (CoT steps, context length, samples,
 *       training steps, tasks, dimension), {@link #CAPS}; {@code --allow-large} lifts them (memory
 *       is still checked).</li>
 * </ul>
 * The command line sets {@link #setAllowLarge} for the duration of one command.
 */
public final class ResourceLimits {

    /** The flag that lifts the size caps. */
    public static final String ALLOW_LARGE = "--allow-large";

    /**
     * Share of the heap the dense matrices of one request may take: the rest is for the JSON tree,
     * eigen-decomposition workspaces (about two more d x d arrays per thread) and the JVM.
     */
    public static final double MEMORY_SHARE = 0.6;

    /**
     * Largest dimension: EJML stores a d x d matrix in one Java array, so d^2 must stay below
     * 2^31 - 1 (d <= 46340); past a few thousand an O(d^3) eigen-decomposition per task takes
     * minutes anyway, so the cap is 4096 unless {@code --allow-large}.
     */
    public static final int ARRAY_DIMENSION = 46_340;

    /** Longest text line read from a data file (CSV/weights), in characters. */
    public static final int MAX_LINE_CHARS = 16 << 20;

    /**
     * Caps on declared counts (command-line options, and problem-file fields of the same meaning).
     * Each is far above what the paper's set-ups use and low enough that the request finishes in
     * hours, not years; {@code --allow-large} lifts them.
     */
    public static final Map<String, Long> CAPS = Map.ofEntries(
            Map.entry("--k", 10_000L), Map.entry("--exact-k", 10_000L), Map.entry("--k-max", 10_000L),
            Map.entry("--budget", 10_000L),
            Map.entry("--m", 100_000L), Map.entry("--budget-m", 100_000L), Map.entry("--n", 100_000L),
            Map.entry("--short-n", 100_000L), Map.entry("--long-n", 100_000L),
            Map.entry("--samples", 1_000_000L), Map.entry("--test-prompts", 1_000_000L),
            Map.entry("--steps", 10_000_000L), Map.entry("--batch", 100_000L),
            Map.entry("--threads", 1_024L),
            Map.entry("--dimension", 4_096L), Map.entry("--rank", 4_096L), Map.entry("--short-skills", 4_096L),
            Map.entry("--long-skills", 4_096L),
            Map.entry("--tasks", 100_000L), Map.entry("--tasks-per-type", 25_000L),
            Map.entry("--count", 1_000_000_000L));

    private static volatile boolean allowLarge;

    private ResourceLimits() {
    }

    /** Lifts (true) or restores (false) the size caps; memory is always checked. */
    public static void setAllowLarge(boolean allow) {
        allowLarge = allow;
    }

    /** True if the size caps are lifted. */
    public static boolean allowLarge() {
        return allowLarge;
    }

    /** Bytes the dense matrices of one request may take. */
    public static long memoryBudget() {
        return (long) (Runtime.getRuntime().maxMemory() * MEMORY_SHARE);
    }

    /**
     * Checks a command-line count against its cap.
     *
     * @throws InputException {@code OPTION: value V exceeds the limit C; pass --allow-large ...}
     */
    public static void checkOption(String option, long value) {
        Long cap = CAPS.get(option);
        if (cap == null || allowLarge || value <= cap) {
            return;
        }
        throw new InputException(option + ": value " + value + " exceeds the limit " + cap
                + " (a size this large would run for days or exhaust memory); pass " + ALLOW_LARGE + " to lift it");
    }

    /** Checks a problem-file count against the cap of the option of the same meaning. */
    public static void checkField(Object file, String path, long value, String option) {
        Long cap = CAPS.get(option);
        if (cap == null || allowLarge || value <= cap) {
            return;
        }
        throw InputException.at(file, path, "value " + value + " exceeds the limit " + cap + "; pass "
                + ALLOW_LARGE + " to lift it");
    }

    /**
     * Checks that {@code matrices} dense d x d double matrices fit in the memory budget.
     *
     * @param what what they are for, e.g. "12 task covariances"
     */
    public static void checkMatrices(Object file, String path, long d, long matrices, String what) {
        if (d > ARRAY_DIMENSION) {
            throw InputException.at(file, path, "value " + d + " exceeds " + ARRAY_DIMENSION
                    + ", the largest dimension whose d x d matrix fits in one Java array");
        }
        if (!allowLarge && d > CAPS.get("--dimension")) {
            throw InputException.at(file, path, "value " + d + " exceeds the limit " + CAPS.get("--dimension")
                    + " (O(d^3) work per task); pass " + ALLOW_LARGE + " to lift it");
        }
        double bytes = (double) d * d * Double.BYTES * Math.max(1, matrices);
        long budget = memoryBudget();
        if (bytes > budget) {
            throw InputException.at(file, path, "value " + d + " needs about " + gib(bytes) + " for " + what
                    + " but the limit is " + gib(budget) + " (" + Math.round(MEMORY_SHARE * 100)
                    + "% of the Java heap); raise the heap with java -Xmx<size> -jar taskmix.jar, or reduce the size");
        }
    }

    /**
     * Checks a problem document's declared sizes before its matrices are built: the dimension
     * against the array limit and the memory budget for every task and target, and the
     * settings' counts against their caps.
     */
    public static void checkProblem(Field root) {
        JsonNode n = root.node();
        if (!n.isObject()) {
            return;
        }
        JsonNode dim = n.get("dimension");
        JsonNode tasks = n.get("tasks");
        JsonNode targets = n.get("targets");
        if (dim != null && dim.isIntegralNumber() && dim.canConvertToLong() && dim.asLong() > 0) {
            // Tasks kept in a compact catalog's sidecar hold no matrix in memory (read on use).
            long count = (tasks != null && tasks.isArray() ? tasks.size() - inSidecar(tasks) : 1)
                    + (targets != null && targets.isArray() ? targets.size() : 1);
            // Each task keeps its covariance and its eigen-decomposition (values and vectors),
            // and the solver forms a few d x d products of its own.
            checkMatrices(root.file(), "dimension", dim.asLong(), 2 * count + 4,
                    count + " covariances and their eigen-decompositions");
        }
        if (tasks != null && tasks.isArray()) {
            checkField(root.file(), "tasks", tasks.size(), "--tasks");
        }
        JsonNode settings = n.get("settings");
        if (settings != null && settings.isObject()) {
            checkSetting(root, settings, "n", "--n");
            checkSetting(root, settings, "m", "--m");
            JsonNode k = settings.get("k");
            if (k != null && k.isArray()) {
                for (int i = 0; i < k.size(); i++) {
                    if (k.get(i).isIntegralNumber() && k.get(i).canConvertToLong()) {
                        checkField(root.file(), "settings.k[" + i + "]", k.get(i).asLong(), "--k");
                    }
                }
            }
            JsonNode train = settings.get("train");
            if (train != null && train.isObject()) {
                checkSetting(root, train, "steps", "--steps", "settings.train.");
                checkSetting(root, train, "batch", "--batch", "settings.train.");
                checkSetting(root, train, "testPrompts", "--test-prompts", "settings.train.");
            }
        }
    }

    /** Tasks whose covariance is a sidecar reference ({@code {"sidecar": …}}). */
    private static long inSidecar(JsonNode tasks) {
        long n = 0;
        for (JsonNode t : tasks) {
            JsonNode c = t.get("covariance");
            if (c != null && c.isObject() && c.has("sidecar")) {
                n++;
            }
        }
        return n;
    }

    private static void checkSetting(Field root, JsonNode obj, String name, String option) {
        checkSetting(root, obj, name, option, "settings.");
    }

    private static void checkSetting(Field root, JsonNode obj, String name, String option, String prefix) {
        JsonNode v = obj.get(name);
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            checkField(root.file(), prefix + name, v.asLong(), option);
        }
    }

    /**
     * Checks that the folder of {@code target} has {@code bytes} of usable space (with a margin)
     * before a large file is written.
     */
    public static void checkDisk(String option, Path target, long bytes) {
        Path dir = target.toAbsolutePath().normalize().getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return;
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (bytes > free) {
                throw new InputException(option + ": the output needs about " + gib(bytes) + " but only "
                        + gib(free) + " is free in " + dir + "; free space or write elsewhere");
            }
        } catch (IOException e) {
            // Unknown free space: the write itself reports a full disk.
        }
    }

    /**
     * Largest JSON document read: its tree takes several times its size in memory, so an eighth
     * of the memory budget.
     */
    public static long maxJsonBytes() {
        return memoryBudget() / 8;
    }

    /**
     * Reads a whole (JSON) file, refusing one larger than {@link #maxJsonBytes()} without reading
     * past the limit; a device such as /dev/zero or a file with no end cannot exhaust memory.
     *
     * @throws IOException as {@link Files#newInputStream} (NoSuchFileException for a missing file)
     */
    public static byte[] readBounded(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw InputException.at(file, null, "is a folder; expected a JSON file");
        }
        long max = maxJsonBytes();
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
            if (bytes.length > max) {
                throw InputException.at(file, null, "is larger than " + gib(max) + ", the largest JSON document read"
                        + " with this Java heap; raise it with java -Xmx<size> -jar taskmix.jar");
            }
            return bytes;
        }
    }

    /** Bytes in GiB (or MiB when small) for messages. */
    static String gib(double bytes) {
        if (bytes < (1L << 30)) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
