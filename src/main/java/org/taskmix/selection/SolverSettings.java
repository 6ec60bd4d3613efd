package org.taskmix.selection;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.taskmix.catalog.Spelled;

/**
 * A named solver configuration (the content of a {@code solvers/*.json} file).
 *
 * @param name             configuration name
 * @param description      what it is for
 * @param backend          ojAlgo's solvers or taskmix's own
 * @param algorithm        ojalgo: "active-set" or "admm"; taskmix: "active-set" (large-scale, with
 *                         exact dual decompositions for robust mode) or "first-order"
 * @param tolerances       certificate tolerances
 * @param maxIterations    iteration limit
 * @param timeLimitSeconds wall-clock limit
 * @param maxFree          taskmix active-set: largest free set factorised densely
 * @param polish           ojalgo: refine the answer with the active-set method warm-started there
 */
public record SolverSettings(String name, String description, Backend backend, String algorithm,
                             Tolerances tolerances, long maxIterations, double timeLimitSeconds, int maxFree,
                             boolean polish) {

    /** Who solves ({@code "backend"} in a solver file: "ojalgo" or "taskmix"). */
    public enum Backend implements Spelled {
        /** ojAlgo's ConvexSolver, polished by our active-set method. */
        OJALGO,
        /** Our own solvers. */
        TASKMIX;

        @Override
        public String toString() {
            return label();
        }
    }

    /** Backends. */
    public static final Backend OJALGO = Backend.OJALGO;
    /** Our own solvers. */
    public static final Backend TASKMIX = Backend.TASKMIX;

    /**
     * Settings with the backend spelled as in a solver file (any case).
     *
     * @throws IllegalArgumentException {@code backend: value "V" must be "ojalgo" or "taskmix"}
     */
    public SolverSettings(String name, String description, String backend, String algorithm, Tolerances tolerances,
                          long maxIterations, double timeLimitSeconds, int maxFree, boolean polish) {
        this(name, description, Spelled.parse(Backend.class, "backend", backend), algorithm, tolerances, maxIterations,
                timeLimitSeconds, maxFree, polish);
    }

    public SolverSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(tolerances, "tolerances");
        description = description == null ? "" : description;
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (backend == OJALGO && !algorithm.equals("active-set") && !algorithm.equals("admm")) {
            throw new IllegalArgumentException("algorithm: value \"" + algorithm
                    + "\" must be \"active-set\" or \"admm\" for backend ojalgo");
        }
        if (backend == TASKMIX && !algorithm.equals("active-set") && !algorithm.equals("first-order")) {
            throw new IllegalArgumentException("algorithm: value \"" + algorithm
                    + "\" must be \"active-set\" or \"first-order\" for backend taskmix");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations: value " + maxIterations + " must be >= 1");
        }
        if (!(timeLimitSeconds > 0)) {
            throw new IllegalArgumentException("timeLimitSeconds: value " + timeLimitSeconds + " must be > 0");
        }
        if (maxFree < 2) {
            throw new IllegalArgumentException("maxFree: value " + maxFree + " must be >= 2");
        }
    }

    /** The solver this configuration describes. */
    public SelectionSolver create() {
        if (backend == OJALGO) {
            return new OjAlgoSolver(name, algorithm.equals("admm") ? OjAlgoSolver.Algorithm.ADMM
                    : OjAlgoSolver.Algorithm.ACTIVE_SET, tolerances, (int) Math.min(Integer.MAX_VALUE, maxIterations),
                    timeLimitSeconds, polish);
        }
        if (algorithm.equals("first-order")) {
            return new FirstOrderSolver(name, tolerances, maxIterations, timeLimitSeconds);
        }
        return new ActiveSetSolver(name, tolerances, maxIterations, timeLimitSeconds, maxFree);
    }

    /** ojAlgo's direct active-set method on the T × T QP, polished. */
    public static final SolverSettings OJALGO_ACTIVE_SET = new SolverSettings("ojalgo-active-set",
            "ojAlgo 57.1.0 ConvexSolver, direct active-set method, on the T x T quadratic program; its answer"
                    + " (gaps 1e-8 to 1e-6) is polished by taskmix's active-set method warm-started there;"
                    + " for small catalogs (see the automatic choice in Solvers)",
            OJALGO, "active-set", Tolerances.DEFAULT, 100_000, 600, 10_000, true);

    /** ojAlgo's ADMM, polished by our active-set method. */
    public static final SolverSettings OJALGO_ADMM = new SolverSettings("ojalgo-admm",
            "ojAlgo 57.1.0 ConvexSolver, ADMM (AlternatingDirectionSolver); its fixed internal accuracy is about"
                    + " 1e-8, so the answer is polished by taskmix's active-set method warm-started there",
            OJALGO, "admm", Tolerances.DEFAULT, 100_000, 600, 10_000, true);

    /** taskmix's own active-set method on the reduced matrix. */
    public static final SolverSettings LARGE_SCALE = new SolverSettings("large-scale",
            "taskmix's primal active-set method on the reduced p x T matrix (never forms T x T); exact,"
                    + " for any catalog size; robust mode is solved exactly through its dual (bisection for two targets,"
                    + " hull master plus dual Newton for more)",
            TASKMIX, "active-set", Tolerances.DEFAULT, 1_000_000, 600, 10_000, false);

    /** taskmix's accelerated projected gradient (for comparison; robust mode smooths the max). */
    public static final SolverSettings FIRST_ORDER = new SolverSettings("first-order",
            "taskmix's accelerated projected gradient (FISTA, restart, exact projection); slow to reach a"
                    + " 1e-9 gap on rank-deficient problems, kept for comparison (in robust mode it smooths the max over"
                    + " targets and stalls near a 1e-7 relative gap)",
            TASKMIX, "first-order", Tolerances.DEFAULT, 200_000, 600, 10_000, false);

    /** Built-in configurations by name (the same as the files in {@code solvers/}). */
    public static Map<String, SolverSettings> builtIn() {
        Map<String, SolverSettings> m = new LinkedHashMap<>();
        for (SolverSettings s : new SolverSettings[] {OJALGO_ACTIVE_SET, OJALGO_ADMM, LARGE_SCALE, FIRST_ORDER}) {
            m.put(s.name(), s);
        }
        return m;
    }
}
