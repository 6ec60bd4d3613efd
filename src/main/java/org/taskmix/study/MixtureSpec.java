package org.taskmix.study;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.taskmix.selection.Baselines;

/**
 * A mixture as a user names it: the one vocabulary of {@code compare --mixtures},
 * {@code validate --mixture}, {@code predict --mixture} and {@code demo} (docs/theory.md §12).
 *
 * <ul>
 *   <li>{@code surrogate}: the optimum of the surrogate selection program (docs/theory.md §6);
 *       the old name {@code optimal} still works, with a deprecation line;</li>
 *   <li>{@code exact:K@M}: the minimiser of the exact CoT objective {@code J_K} at test length
 *       {@code M} (a number or {@code inf}), started from the surrogate optimum; the old bare
 *       {@code exact} means {@code exact:K@inf} with K the largest k of the settings;</li>
 *   <li>a baseline name from {@link Baselines#ALL} ({@code uniform}, {@code hardness}, ...);</li>
 *   <li>{@code task:NAME}: all weight on one task;</li>
 *   <li>a weights file: any text ending in {@code .csv} or {@code .json} or containing a path
 *       separator (docs/formats.md, "Weights files").</li>
 * </ul>
 */
public sealed interface MixtureSpec {

    /** The canonical text of this spec; it is also the mixture's name in every output. */
    String label();

    /** A line for stderr if the spec was written with a retired name, else empty. */
    default Optional<String> deprecation() {
        return Optional.empty();
    }

    /**
     * The surrogate optimum.
     *
     * @param oldName true if written as {@code optimal}
     */
    record Surrogate(boolean oldName) implements MixtureSpec {
        @Override
        public String label() {
            return "surrogate";
        }

        @Override
        public Optional<String> deprecation() {
            return oldName ? Optional.of("taskmix: warning: mixture name \"optimal\" is deprecated: it is the"
                    + " surrogate-objective optimum, now named \"surrogate\"") : Optional.empty();
        }
    }

    /**
     * The exact-objective minimiser.
     *
     * @param k CoT budget, or empty for the largest k of the problem's settings (old bare {@code exact})
     * @param m test length
     */
    record Exact(java.util.OptionalInt k, TestLength m) implements MixtureSpec {
        public Exact {
            if (k.isPresent() && k.getAsInt() < 1) {
                throw new IllegalArgumentException("K: value " + k.getAsInt() + " must be >= 1");
            }
        }

        @Override
        public String label() {
            return k.isPresent() ? "exact:" + k.getAsInt() + "@" + m : "exact";
        }

        /** The spec with the budget filled in. */
        public Exact withK(int kk) {
            return new Exact(java.util.OptionalInt.of(kk), m);
        }

        @Override
        public Optional<String> deprecation() {
            return k.isEmpty() ? Optional.of("taskmix: warning: mixture name \"exact\" is deprecated: name the budget"
                    + " and test length, e.g. exact:8@inf (what \"exact\" means) or exact:8@100") : Optional.empty();
        }
    }

    /** A baseline of {@link Baselines#ALL}. */
    record Baseline(String name) implements MixtureSpec {
        @Override
        public String label() {
            return name;
        }
    }

    /** All weight on one task. */
    record SingleTask(String task) implements MixtureSpec {
        @Override
        public String label() {
            return "task:" + task;
        }
    }

    /** Weights read from a file. */
    record WeightsFile(Path path) implements MixtureSpec {
        @Override
        public String label() {
            return path.toString();
        }
    }

    /** The surrogate optimum. */
    MixtureSpec SURROGATE = new Surrogate(false);

    /**
     * Parses one spec.
     *
     * @throws IllegalArgumentException {@code value "TEXT" ...: rule} (the caller prefixes the option)
     */
    static MixtureSpec parse(String text) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("surrogate") || lower.equals("optimal")) {
            return new Surrogate(lower.equals("optimal"));
        }
        if (lower.equals("exact")) {
            return new Exact(java.util.OptionalInt.empty(), TestLength.INFINITE);
        }
        if (lower.startsWith("exact:")) {
            return exact(text, s.substring("exact:".length()));
        }
        if (s.startsWith("task:")) {
            // Before the path rule: a task name may contain "/" or end in ".json".
            String task = s.substring("task:".length());
            if (task.isEmpty()) {
                throw new IllegalArgumentException("value \"" + text + "\": task:NAME needs a task name");
            }
            return new SingleTask(task);
        }
        if (lower.endsWith(".csv") || lower.endsWith(".json") || s.contains("/") || s.contains(java.io.File.separator)) {
            return new WeightsFile(Path.of(s));
        }
        if (Baselines.named(lower).isPresent()) {
            return new Baseline(lower);
        }
        throw new IllegalArgumentException("value \"" + text + "\" is not a known mixture; known: " + known());
    }

    private static Exact exact(String text, String rest) {
        int at = rest.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("value \"" + text + "\" must read exact:K@M (e.g. exact:8@100, exact:8@inf)");
        }
        int k;
        try {
            k = Integer.parseInt(rest.substring(0, at).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value \"" + text + "\": K must be a whole number >= 1 (exact:K@M)");
        }
        if (k < 1) {
            throw new IllegalArgumentException("value \"" + text + "\": K must be >= 1 (exact:K@M)");
        }
        TestLength m;
        try {
            m = TestLength.parse(rest.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value \"" + text + "\": M " + e.getMessage());
        }
        return new Exact(java.util.OptionalInt.of(k), m);
    }

    /** Every form, for help texts and error messages. */
    static String known() {
        return "surrogate, exact:K@M (e.g. exact:8@100, exact:8@inf), " + String.join(", ", Baselines.names())
                + ", task:NAME, or a weights file (.csv/.json)";
    }
}
