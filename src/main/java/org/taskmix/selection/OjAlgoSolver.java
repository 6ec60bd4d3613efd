package org.taskmix.selection;

import org.ojalgo.matrix.store.R064Store;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.convex.ConvexSolver;
import org.taskmix.linalg.Dots;
import org.taskmix.linalg.Doubles;

/**
 * The selection program handed to ojAlgo's {@link ConvexSolver} (57.1.0), which minimises
 * {@code ½ xᵀQx − Cᵀx} subject to {@code AE x = BE}, {@code AI x ≤ BI}. With
 * {@code f(π) = πᵀ(AᵀA + γI)π − 2(Aᵀb + γπ_prior)ᵀπ + const}, that is {@code Q = 2(AᵀA + γI)},
 * {@code C = 2(Aᵀb + γπ_prior)}; one equality {@code 1ᵀx = 1}; the bounds as inequality rows
 * ({@code −x ≤ −lower} for every task, {@code x ≤ upper} where {@code upper < 1}). The
 * {@code T × T} matrix {@code Q} is formed, so this backend is for small and medium {@code T}
 * (the measured limit is in the selection report and {@link Solvers}).
 *
 * <p>Algorithms: "active-set" builds the solver with {@code options.sparse = false}, which in
 * 57.1.0 selects the direct active-set solver (measured about 7× faster than the iterative
 * Schur-complement variant on these rank-deficient {@code Q}); "admm" sets
 * {@code options.experimental = true}, which is how 57.1.0's {@code ConvexSolver.Builder} selects
 * its {@code AlternatingDirectionSolver} (the model-level switch
 * {@code Options.convex().algorithm(ADMM)} is only read by {@code ExpressionsBasedModel}). Measured
 * on the contract problems, ojAlgo's answers have duality gaps of 1e-8 to 1e-6 (its ADMM stops at
 * a fixed internal accuracy of about 1e-8; the active-set method's tolerances are not reached
 * either), above our default 1e-9, so both built-in configurations polish the answer with
 * {@link ActiveSetSolver} warm-started there (a few steps; the result's {@code backendStatus} says
 * so). Without polish the answer is certified as it is and typically comes out INACCURATE.
 *
 * <p>The backend's weights are projected onto the feasible set (moving them by no more than the
 * backend's own feasibility error, reported in {@code backendStatus}) and then certified by
 * {@link Certifier}: the status is ours, mapped explicitly from ojAlgo's state in
 * {@link #status(Optimisation.State, boolean)}.
 *
 * <p>A configuration value: the record holds only the settings, each solve its own state.
 *
 * @param name             configuration name
 * @param algorithm        ojAlgo algorithm
 * @param tol              certificate tolerances
 * @param maxIterations    ojAlgo's {@code iterations_abort}
 * @param timeLimitSeconds ojAlgo's {@code time_abort}
 * @param polish           refine the answer with {@link ActiveSetSolver} warm-started at it
 */
public record OjAlgoSolver(String name, OjAlgoSolver.Algorithm algorithm, Tolerances tol, int maxIterations,
                           double timeLimitSeconds, boolean polish) implements SelectionSolver {

    /** ojAlgo algorithm. */
    public enum Algorithm {
        /** Direct active-set (DirectASS). */
        ACTIVE_SET,
        /** Alternating direction method of multipliers. */
        ADMM
    }

    @Override
    public String unsupported(SelectionProblem problem) {
        if (problem.isRobust()) {
            return "solver " + name + " (ojAlgo, a QP solver) does not handle robust mode (a max of quadratics);"
                    + " use --solver large-scale";
        }
        if ((long) problem.size() * problem.size() > 50_000_000L) {
            return "solver " + name + " would form a " + problem.size() + " x " + problem.size()
                    + " matrix; use --solver large-scale";
        }
        return null;
    }

    @Override
    public SelectionResult solve(SelectionProblem problem) {
        String why = unsupported(problem);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        long start = System.nanoTime();
        int t = problem.size();
        R064Store[] objective = objective(problem);
        R064Store[] constraints = constraints(problem.bounds(), t);
        Optimisation.Result res;
        String failure = null;
        try {
            res = ConvexSolver.newBuilder().objective(objective[0], objective[1])
                    .equalities(constraints[0], constraints[1]).inequalities(constraints[2], constraints[3])
                    .build(options()).solve();
        } catch (RuntimeException e) {
            // ojAlgo signals some numerical breakdowns by exceptions; that is a status, not a crash.
            res = null;
            failure = e.toString();
        }
        Optimisation.State state = res == null ? Optimisation.State.FAILED : res.getState();
        BoundedSimplex bounds = problem.bounds();
        double[] x = finiteWeights(res, t);
        boolean usable = x != null;
        if (!usable) {
            x = bounds.feasiblePoint();
        }
        double[] projected = new double[t];
        bounds.project(x, projected);
        double shift = 0;
        for (int i = 0; i < t; i++) {
            shift = Math.max(shift, Math.abs(projected[i] - x[i]));
        }
        long iterations = 0;
        String backend = "ojAlgo " + algorithm.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                + state + (failure != null ? " (" + failure + ")" : "") + (usable ? "" : ", no usable weights")
                + "; projection moved weights by " + shift;
        if (polish && usable) {
            SelectionResult p = new ActiveSetSolver(name, tol, 1_000_000, Math.max(1, timeLimitSeconds), 10_000)
                    .solve(problem, projected);
            iterations += p.iterations();
            backend += "; polished by the active-set method (" + p.iterations() + " steps)";
            double secs = (System.nanoTime() - start) * 1e-9;
            return new SelectionResult(p.status(), p.weights(), p.objective(), p.certificate(), p.targetObjectives(),
                    name, backend, iterations, secs, p.message());
        }
        double secs = (System.nanoTime() - start) * 1e-9;
        Certificate c = Certifier.certify(problem, projected, null, tol);
        Status status = usable ? status(state, c.passes(tol)) : Status.FAILED;
        String msg = status == Status.OPTIMAL ? "" : c.failures(tol);
        return new SelectionResult(status, Doubles.of(projected), c.objective(), c,
                Doubles.of(problem.targetObjectives(projected)), name,
                backend, iterations, secs, msg);
    }

    /**
     * The quadratic objective of ojAlgo's form ½xᵀQx − cᵀx: Q = 2(AᵀA + γI), c = 2(Aᵀb + γq)
     * (docs/theory.md §6); returns {Q, c}.
     */
    private static R064Store[] objective(SelectionProblem problem) {
        int t = problem.size();
        int m = problem.rows();
        double[] a = problem.matrixUnsafe();
        double[] b = problem.targetUnsafe();
        double gamma = problem.priorStrength();
        double[] q = problem.prior() == null ? new double[t] : problem.prior().weightsUnsafe();
        // One pass for all entries (same bits as the products pair by pair), kept for the polish.
        ColumnGram gram = problem.gram();
        R064Store mq = R064Store.FACTORY.make(t, t);
        R064Store mc = R064Store.FACTORY.make(t, 1);
        for (int i = 0; i < t; i++) {
            for (int j = i; j < t; j++) {
                double s = 2 * (gram != null ? gram.dot2(i, j) : Dots.dot2(a, i * m, a, j * m, m));
                if (i == j) {
                    s += 2 * gamma;
                }
                mq.set(i, j, s);
                mq.set(j, i, s);
            }
            double ab = gram != null ? gram.dot4Target(i) : Dots.dot4(a, i * m, b, 0, m);
            mc.set(i, 0, 2 * (ab + gamma * q[i]));
        }
        return new R064Store[] {mq, mc};
    }

    /**
     * The simplex with bounds as ojAlgo constraints: the equality Σx = 1 and the inequalities
     * −x ≤ −lower and, only for the tasks whose upper bound binds below 1, x ≤ upper; returns
     * {Ae, be, Ai, bi}.
     */
    private static R064Store[] constraints(BoundedSimplex bounds, int t) {
        R064Store ae = R064Store.FACTORY.make(1, t);
        ae.fillAll(1.0);
        R064Store be = R064Store.FACTORY.make(1, 1);
        be.set(0, 0, 1.0);
        int upperRows = 0;
        for (int i = 0; i < t; i++) {
            if (bounds.upper(i) < 1) {
                upperRows++;
            }
        }
        R064Store ai = R064Store.FACTORY.make(t + upperRows, t);
        R064Store bi = R064Store.FACTORY.make(t + upperRows, 1);
        int row = t;
        for (int i = 0; i < t; i++) {
            ai.set(i, i, -1.0);
            bi.set(i, 0, -bounds.lower(i));
            if (bounds.upper(i) < 1) {
                ai.set(row, i, 1.0);
                bi.set(row, 0, bounds.upper(i));
                row++;
            }
        }
        return new R064Store[] {ae, be, ai, bi};
    }

    /** ojAlgo's limits and algorithm choice from this solver's settings. */
    private Optimisation.Options options() {
        Optimisation.Options options = new Optimisation.Options();
        options.iterations_abort = maxIterations;
        options.time_abort = (long) Math.min(Long.MAX_VALUE / 2, timeLimitSeconds * 1000);
        if (algorithm == Algorithm.ACTIVE_SET) {
            options.sparse = Boolean.FALSE;
        } else {
            options.experimental = true;
        }
        return options;
    }

    /** ojAlgo's solution as weights, or null when it has none or any entry is not finite. */
    private static double[] finiteWeights(Optimisation.Result res, int t) {
        if (res == null || res.size() < t) {
            return null;
        }
        double[] x = new double[t];
        for (int i = 0; i < t; i++) {
            x[i] = res.doubleValue(i);
            if (!Double.isFinite(x[i])) {
                return null;
            }
        }
        return x;
    }

    /**
     * Our status from ojAlgo's state and our certificate. A passing certificate is a proof of
     * optimality, so it makes the result OPTIMAL whatever ojAlgo said; otherwise each state maps
     * to the status that explains it.
     */
    static Status status(Optimisation.State state, boolean certified) {
        if (certified) {
            return Status.OPTIMAL;
        }
        return switch (state) {
            // ojAlgo claims optimality but our check fails: its tolerance is looser than ours.
            case OPTIMAL, DISTINCT -> Status.INACCURATE;
            // Feasible but not (yet) optimal: typically an iteration or time limit.
            case APPROXIMATE, FEASIBLE, VALID -> Status.NOT_CONVERGED;
            case INFEASIBLE -> Status.INFEASIBLE;
            case UNBOUNDED -> Status.UNBOUNDED;
            case FAILED, INVALID, UNEXPLORED -> Status.FAILED;
        };
    }
}
