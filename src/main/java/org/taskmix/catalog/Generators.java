package org.taskmix.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.linalg.RandomOrthogonal;

/**
 * Seeded generators of synthetic covariances and whole problems. Every random choice comes from
 * a seed, and each covariance is returned as a {@link CovarianceSpec} (a spectrum plus the seed of
 * its random basis) so a problem file stores a few numbers and reproduces the matrix bit for bit.
 */
public final class Generators {

    /** The paper's spectral decay of an easy task (docs/theory.md §11). */
    public static final double EASY_ALPHA = 0.2;
    /** The paper's spectral decay of a hard task. */
    public static final double HARD_ALPHA = 0.8;
    /** The paper's size B of a short task, read as the number of active skills. */
    public static final int PAPER_SHORT_SKILLS = 20;
    /** The paper's size B of a long task, read as the number of active skills. */
    public static final int PAPER_LONG_SKILLS = 100;
    /**
     * Default strength of the inactive directions, relative to the strongest skill (λ₁ = 1).
     * Small enough that the B active skills dominate the spectrum (the weakest active skill of a
     * hard short task, 20^-0.8 ≈ 0.09, is 9 times larger), large enough that every task covariance
     * stays nonsingular, so hardness is finite and the exact objective's Γ is well defined.
     */
    public static final double DEFAULT_FLOOR = 0.01;

    private Generators() {
    }

    /** {@code λ_i = i^(−α)}, {@code i = 1 … count}: the power-law spectrum, largest first. */
    public static double[] powerLawSpectrum(int count, double alpha) {
        if (count < 1) {
            throw new IllegalArgumentException("spectrum length " + count + " must be >= 1");
        }
        checkAlpha("alpha", alpha);
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = Math.pow(i + 1, -alpha);
        }
        return s;
    }

    /** A Haar-random {@code d × d} rotation (orthogonal matrix) from {@code seed}. */
    public static DMatrixRMaj randomRotation(int d, long seed) {
        return RandomOrthogonal.haar(d, seed);
    }

    /** {@code Q diag(i^(−α)) Qᵀ} with a Haar-random {@code Q} from {@code seed}: full rank. */
    public static CovarianceSpec.RandomBasis powerLaw(int d, double alpha, long seed) {
        return new CovarianceSpec.RandomBasis(powerLawSpectrum(d, alpha), seed);
    }

    /**
     * Low rank plus floor: strengths {@code strengths[0..B)} on {@code B} random orthonormal
     * directions (the first {@code B} columns of a Haar-random {@code Q}), {@code floor} on the
     * remaining {@code d − B}.
     */
    public static CovarianceSpec.RandomBasis lowRankPlusFloor(int d, double[] strengths, double floor, long seed) {
        if (strengths.length < 1 || strengths.length > d) {
            throw new IllegalArgumentException("active skills " + strengths.length + " must lie in [1, " + d + "]");
        }
        checkFloor(floor);
        double[] s = new double[d];
        Arrays.fill(s, floor);
        System.arraycopy(strengths, 0, s, 0, strengths.length);
        return new CovarianceSpec.RandomBasis(s, seed);
    }

    /**
     * Specs per work unit of {@link #buildAll(List, int)}: at d = 16 one build costs ~10 µs, so a
     * chunk of 256 is a few milliseconds of work, far above the hand-off cost, and a million
     * tasks still give thousands of chunks to balance over busy cores.
     */
    private static final int BUILD_CHUNK = 256;

    /**
     * Builds every spec's matrix, in parallel on all cores (a random basis costs a d×d Haar
     * rotation and a d³ product each, so a million tasks are worth sharing).
     */
    static List<SymmetricMatrix> buildAll(List<CovarianceSpec> specs) {
        return buildAll(specs, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Builds every spec's matrix on at most {@code threads} threads (the caller included). Each
     * task's basis comes from its own seed ({@link #childSeed(long, long)}, derived from the
     * index alone, never from a shared stream), and result {@code i} is stored at index
     * {@code i} by whichever thread builds it, so the list is bit-identical for any thread count.
     * Plain threads pulling chunks from a counter rather than a parallel stream: a busy core
     * then only slows its own chunk instead of holding a pre-split half of the range.
     */
    static List<SymmetricMatrix> buildAll(List<CovarianceSpec> specs, int threads) {
        int n = specs.size();
        SymmetricMatrix[] out = new SymmetricMatrix[n];
        int chunks = (n + BUILD_CHUNK - 1) / BUILD_CHUNK;
        int use = Math.max(1, Math.min(threads, chunks));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int to = (int) Math.min(n, (long) (c + 1) * BUILD_CHUNK);
                    for (int i = c * BUILD_CHUNK; i < to; i++) {
                        out[i] = specs.get(i).build();
                    }
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                next.set(chunks); // the others stop at their next chunk
            }
        };
        Thread[] helpers = new Thread[use - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Thread(worker, "taskmix-generate-" + (h + 1));
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
        worker.run();
        // Wait for every helper (no thread outlives the call); join also publishes their writes.
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        return Arrays.asList(out);
    }

    /**
     * The {@code index}-th seed derived from {@code seed} (SplitMix64 finaliser), so one master
     * seed gives independent, reproducible seeds for every task.
     */
    public static long childSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Options of the paper's task-selection set-up (docs/theory.md §11).
     *
     * @param dimension         feature dimension {@code d}
     * @param tasksPerType      tasks of each of the four types
     * @param seed              master seed
     * @param floor             strength of inactive directions
     * @param shortSkills       active skills {@code B} of a short task
     * @param longSkills        active skills {@code B} of a long task
     * @param shortPromptLength own training prompt length of short tasks, or null (problem's n)
     * @param longPromptLength  own training prompt length of long tasks, or null
     * @param targetAlpha       decay of the downstream target, {@code i^(−α)} on all d directions
     * @param settings          problem settings
     */
    public record PaperTaskSelection(int dimension, int tasksPerType, long seed, double floor, int shortSkills,
                                     int longSkills, Integer shortPromptLength, Integer longPromptLength,
                                     double targetAlpha, Settings settings) {

        public PaperTaskSelection {
            if (dimension < 2) {
                throw new IllegalArgumentException("dimension " + dimension + " must be >= 2");
            }
            if (tasksPerType < 1) {
                throw new IllegalArgumentException("tasks per type " + tasksPerType + " must be >= 1");
            }
            checkFloor(floor);
            checkSkills("short", shortSkills, dimension);
            checkSkills("long", longSkills, dimension);
            if (shortSkills > longSkills) {
                throw new IllegalArgumentException("short-task skills " + shortSkills + " exceed long-task skills "
                        + longSkills + "; a short task has fewer active skills");
            }
            checkPromptLength("short", shortPromptLength);
            checkPromptLength("long", longPromptLength);
            checkAlpha("target alpha", targetAlpha);
            if (settings == null) {
                settings = Settings.DEFAULT;
            }
        }

        /**
         * The defaults for dimension {@code d}: floor {@link #DEFAULT_FLOOR}, skills
         * {@link #paperSkills(int, int)} of the paper's 20 and 100, no own prompt lengths, a
         * hard target ({@code α = 0.8}), default settings.
         */
        public static PaperTaskSelection defaults(int d, int tasksPerType, long seed) {
            return new PaperTaskSelection(d, tasksPerType, seed, DEFAULT_FLOOR, paperSkills(PAPER_SHORT_SKILLS, d),
                    paperSkills(PAPER_LONG_SKILLS, d), null, null, HARD_ALPHA, Settings.DEFAULT);
        }

        /**
         * The paper's {@code B} at dimension {@code d}. Reading B as active skills needs
         * {@code d ≥ 100}; there, B is used as is. Below 100 it is scaled by {@code d/100}
         * (rounded, at least 1), which keeps the fractions of active directions the paper's
         * set-up has at its smallest admissible {@code d = 100}: 20% for short, 100% for long.
         */
        public static int paperSkills(int paperB, int d) {
            if (d >= 100) {
                return Math.min(paperB, d);
            }
            return (int) Math.max(1, Math.min(d, Math.round(paperB * d / 100.0)));
        }
    }

    /** The four task types: name prefix, group, α, and whether long. */
    private record TaskType(String prefix, String group, double alpha, boolean isLong) {
    }

    private static final List<TaskType> TYPES = List.of(
            new TaskType("easy-short", "Easy-Short", EASY_ALPHA, false),
            new TaskType("easy-long", "Easy-Long", EASY_ALPHA, true),
            new TaskType("hard-short", "Hard-Short", HARD_ALPHA, false),
            new TaskType("hard-long", "Hard-Long", HARD_ALPHA, true));

    /**
     * The paper's task-selection catalog: {@code 4 × tasksPerType} tasks of the types Easy/Hard
     * ({@code α} = 0.2 / 0.8) × Short/Long ({@code B} active skills), each
     * {@code λ_i = i^(−α)} on {@code B} random orthonormal directions and {@code floor} on the
     * rest, and a hard downstream target {@code i^(−α_target)} on all {@code d} directions of its
     * own random basis. Task {@code j} (0-based, in catalog order) uses
     * {@code childSeed(seed, j + 1)}; the target {@code childSeed(seed, 0)}.
     */
    public static SpecifiedProblem paperTaskSelection(PaperTaskSelection o) {
        int d = o.dimension();
        List<Task> tasks = new ArrayList<>();
        List<CovarianceSpec> specs = new ArrayList<>();
        int index = 0;
        for (TaskType type : TYPES) {
            int b = type.isLong() ? o.longSkills() : o.shortSkills();
            Integer n = type.isLong() ? o.longPromptLength() : o.shortPromptLength();
            for (int t = 1; t <= o.tasksPerType(); t++) {
                index++;
                CovarianceSpec spec = lowRankPlusFloor(d, powerLawSpectrum(b, type.alpha()), o.floor(),
                        childSeed(o.seed(), index));
                specs.add(spec);
                tasks.add(new Task(type.prefix() + "-" + t, type.group(), null, n, SymmetricMatrix.identity(1),
                        WeightLimits.NONE));
            }
        }
        List<SymmetricMatrix> built = buildAll(specs);
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            tasks.set(i, new Task(t.name(), t.group(), t.size(), t.promptLength(), built.get(i), t.limits()));
        }
        CovarianceSpec targetSpec = powerLaw(d, o.targetAlpha(), childSeed(o.seed(), 0));
        Target target = Target.of("hard-downstream", targetSpec.build());
        String promptNote = o.shortPromptLength() == null && o.longPromptLength() == null
                ? "B is read as skills only: tasks carry no own prompt length n_l, so every task trains with"
                  + " settings.n. (The surrogate objective has no prompt length in it; giving short tasks a"
                  + " smaller n_l as well would mix the two readings of B, and any ordering of the weights could"
                  + " no longer be attributed to either.)"
                : "In addition, short tasks train with n_l = " + o.shortPromptLength() + " and long tasks with n_l = "
                  + o.longPromptLength() + " (per-task prompt length, docs/theory.md §3); the surrogate ignores n_l, the"
                  + " exact objective uses it.";
        String description = String.format(Locale.ROOT,
                "The paper's task-selection set-up (arXiv 2510.03605; docs/theory.md §11), generated by taskmix"
                        + " (generate paper-task-selection, seed %d). Four task types, %d tasks each: Easy/Hard ="
                        + " spectral decay alpha %s/%s; Short/Long = B active skills. Our reading of B (the paper"
                        + " does not publish its generator): B = number of active skills, lambda_i = i^-alpha on B"
                        + " random orthonormal directions of R^%d (Haar-random basis per task), a floor of %s on"
                        + " the other d - B directions. The paper's B = 20/100 needs d >= 100; at d = %d we use"
                        + " B = %d (short) and %d (long)%s. %s Target: a hard downstream task, lambda_i ="
                        + " i^-%s on all %d directions of its own random basis. Task j (1-based, catalog order)"
                        + " uses seed childSeed(%d, j), the target childSeed(%d, 0); each covariance is stored as"
                        + " its spectrum and basis seed.",
                o.seed(), o.tasksPerType(), num(EASY_ALPHA), num(HARD_ALPHA), d, num(o.floor()), d, o.shortSkills(),
                o.longSkills(), d < 100 ? ", the paper's values scaled by d/100, which keeps the paper's active"
                        + " fractions at d = 100 (20% and 100%)" : "",
                promptNote, num(o.targetAlpha()), d, o.seed(), o.seed());
        Problem problem = new Problem("paper-task-selection", description, new Catalog(tasks), List.of(target),
                o.settings(), "generated");
        return new SpecifiedProblem(problem, specs, List.of(targetSpec));
    }

    /**
     * Options of a power-law catalog.
     *
     * @param tasks       number of tasks {@code T}
     * @param dimension   feature dimension {@code d}
     * @param alphaMin    smallest decay
     * @param alphaMax    largest decay
     * @param seed        master seed
     * @param rank        active directions per task ({@code d} for full rank)
     * @param floor       strength of inactive directions (unused when {@code rank = d})
     * @param targetAlpha decay of the target on all d directions, or null for {@code Σ = I}
     * @param settings    problem settings
     */
    public record PowerLawCatalog(int tasks, int dimension, double alphaMin, double alphaMax, long seed, int rank,
                                  double floor, Double targetAlpha, Settings settings) {

        public PowerLawCatalog {
            if (tasks < 1) {
                throw new IllegalArgumentException("tasks " + tasks + " must be >= 1");
            }
            if (dimension < 1) {
                throw new IllegalArgumentException("dimension " + dimension + " must be >= 1");
            }
            checkAlpha("alpha min", alphaMin);
            checkAlpha("alpha max", alphaMax);
            if (alphaMin > alphaMax) {
                throw new IllegalArgumentException("alpha min " + alphaMin + " exceeds alpha max " + alphaMax);
            }
            checkSkills("per-task", rank, dimension);
            checkFloor(floor);
            if (targetAlpha != null) {
                checkAlpha("target alpha", targetAlpha);
            }
            if (settings == null) {
                settings = Settings.DEFAULT;
            }
        }
    }

    /**
     * {@code T} tasks with decays evenly spaced in {@code [α_min, α_max]} (task {@code j} has
     * {@code α_min + (α_max − α_min)·j/(T − 1)}), each {@code i^(−α)} on {@code rank} random
     * orthonormal directions plus {@code floor} elsewhere; the target is {@code Σ = I} or a power
     * law on its own random basis. Seeds as in {@link #paperTaskSelection(PaperTaskSelection)}.
     */
    public static SpecifiedProblem powerLawCatalog(PowerLawCatalog o) {
        int d = o.dimension();
        int width = String.valueOf(o.tasks()).length();
        List<Task> tasks = new ArrayList<>();
        List<CovarianceSpec> specs = new ArrayList<>();
        for (int j = 0; j < o.tasks(); j++) {
            double alpha = o.tasks() == 1 ? o.alphaMin()
                    : o.alphaMin() + (o.alphaMax() - o.alphaMin()) * j / (o.tasks() - 1);
            CovarianceSpec spec = lowRankPlusFloor(d, powerLawSpectrum(o.rank(), alpha), o.floor(),
                    childSeed(o.seed(), j + 1));
            specs.add(spec);
        }
        List<SymmetricMatrix> built = buildAll(specs);
        for (int j = 0; j < o.tasks(); j++) {
            // Same text as String.format("t%0<width>d", j + 1) (j + 1 > 0), without a format parse per task.
            String digits = Integer.toString(j + 1);
            String name = "t" + "0".repeat(width - digits.length()) + digits;
            tasks.add(new Task(name, null, null, null, built.get(j), WeightLimits.NONE));
        }
        CovarianceSpec targetSpec;
        String targetText;
        if (o.targetAlpha() == null) {
            double[] ones = new double[d];
            Arrays.fill(ones, 1.0);
            targetSpec = new CovarianceSpec.Diagonal(ones);
            targetText = "Sigma = I";
        } else {
            targetSpec = powerLaw(d, o.targetAlpha(), childSeed(o.seed(), 0));
            targetText = "lambda_i = i^-" + num(o.targetAlpha()) + " on all " + d
                    + " directions of its own random basis (seed childSeed(" + o.seed() + ", 0))";
        }
        String description = String.format(Locale.ROOT,
                "Power-law catalog generated by taskmix (generate power-law, seed %d): %d tasks in R^%d, task j"
                        + " (1-based) has lambda_i = i^-alpha_j with alpha_j evenly spaced in [%s, %s], on %s"
                        + " of a Haar-random basis (seed childSeed(%d, j))%s. Target: %s.",
                o.seed(), o.tasks(), d, num(o.alphaMin()), num(o.alphaMax()),
                o.rank() == d ? "all directions" : o.rank() + " random directions", o.seed(),
                o.rank() == d ? "" : ", floor " + num(o.floor()) + " on the other " + (d - o.rank()), targetText);
        Problem problem = new Problem("power-law", description, new Catalog(tasks),
                List.of(Target.of("target", targetSpec.build())), o.settings(), "generated");
        return new SpecifiedProblem(problem, specs, List.of(targetSpec));
    }

    private static void checkAlpha(String what, double alpha) {
        if (!(alpha >= 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException(what + " " + alpha + " must be finite and >= 0");
        }
    }

    private static void checkFloor(double floor) {
        if (!(floor >= 0 && Double.isFinite(floor))) {
            throw new IllegalArgumentException("floor " + floor + " must be finite and >= 0");
        }
    }

    private static void checkSkills(String kind, int skills, int d) {
        if (skills < 1 || skills > d) {
            throw new IllegalArgumentException(kind + " active skills " + skills + " must lie in [1, dimension = " + d + "]");
        }
    }

    private static void checkPromptLength(String kind, Integer n) {
        if (n != null && n < 1) {
            throw new IllegalArgumentException(kind + "-task prompt length " + n + " must be >= 1");
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
