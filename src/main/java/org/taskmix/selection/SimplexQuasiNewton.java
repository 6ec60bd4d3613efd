package org.taskmix.selection;

import java.util.Arrays;

import org.taskmix.linalg.Doubles;

/**
 * A projected quasi-Newton method for a smooth (possibly non-convex) function over the bounded
 * simplex {@code lo ≤ x ≤ hi, Σx = 1}, with an analytic gradient (docs/theory.md §7.6).
 *
 * <p>Each iteration minimises the quadratic model {@code gᵀ(y − x) + ½(y − x)ᵀB(y − x)} exactly
 * over the set ({@link SimplexQp}, a primal active-set method): the face it ends on is the active
 * face (weights at a bound are fixed, the others free), and on that face the step is the
 * quasi-Newton step {@code B_FF p = −g_F + ν1}. An Armijo backtracking search along the segment
 * {@code x + s(y − x)}, {@code s = 1, ½, ¼, …} (feasible for every {@code s}: the set is convex)
 * takes the step. {@code B} is the BFGS matrix with Powell's damping
 * ({@code r = θy + (1 − θ)Bs} when {@code sᵀy < 0.2 sᵀBs}), which keeps it positive definite on a
 * non-convex function; it starts as {@code (yᵀy/sᵀy) I} after a first projected-gradient step.
 * Why this method: the objectives it serves (the exact chain-of-thought error) have long curved
 * valleys; first-order steps need hundreds of iterations there, a finite-difference Hessian costs
 * {@code T} gradients per iteration, and BFGS learns the valley's curvature from one gradient per
 * iteration and takes unit steps near a minimiser (superlinear convergence on the final face).
 *
 * <p>Fallbacks: if the quasi-Newton direction fails the line search, {@code B} is relearnt by
 * forward differences of the gradient and the step retried (with {@link Options#differenceStart()}),
 * otherwise {@code B} is reset to the scaled identity and a spectral projected-gradient step (Barzilai–Borwein length) is tried, then
 * the Frank–Wolfe direction; only if all fail does the run stop ({@link Status#LINE_SEARCH_STALLED}).
 * Catalogs larger than {@link Options#denseMaxTasks()} use the spectral projected gradient only
 * (the dense {@code T × T} matrix would cost more than it saves).
 *
 * <p>Certificate: the Frank–Wolfe gap {@code gᵀ(x − s)}, {@code s} the vertex minimising
 * {@code gᵀs}, zero exactly at first-order stationary (KKT) points; the run stops when it is at
 * most {@code absoluteTolerance + relativeTolerance·|f|}. Every accepted value is strictly below the
 * previous one, so the result is never worse than the start.
 */
public final class SimplexQuasiNewton {

    /** Armijo sufficient-decrease constant, the customary 1e-4. */
    static final double ARMIJO = 1e-4;

    /** Halvings before a line search gives up: 2^-60 is below double resolution of any step. */
    static final int MAX_HALVINGS = 60;

    /**
     * The line search gives up when the decrease the slope promises, {@code step·|gᵀd|}, falls
     * below {@code 1e-20·|f|}. Not 1e-16 (the resolution of {@code f}): near a minimiser {@code f}
     * is flat, the last useful steps win only a few ulps of {@code f} while still halving the
     * Frank–Wolfe gap (measured on the paper problem: a 1e-15 cut stalled at gap 1.8e-6·J, no cut
     * converged to 1.6e-7·J); but a slope itself at rounding level (1e-17·|f|) promises nothing,
     * and 60 halvings on it were 60 wasted evaluations.
     */
    static final double RESOLUTION = 1e-20;

    /** Powell's damping threshold: the customary 0.2. */
    static final double DAMPING = 0.2;

    /**
     * Forward-difference step of the optional Hessian start: weights are O(1e-3..1) and an analytic
     * gradient is accurate to ~1e-14 relative, so the error h·|f'''| + 1e-14·|g|/h is near its minimum.
     */
    static final double HESSIAN_STEP = 1e-6;

    /** Curvature floor of the difference start relative to the largest eigenvalue: keeps B positive definite. */
    static final double CURVATURE_FLOOR = 1e-8;

    /** Safeguards on the Barzilai–Borwein step length. */
    static final double STEP_MIN = 1e-12;
    static final double STEP_MAX = 1e12;

    private SimplexQuasiNewton() {
    }

    /** A function and its gradient; {@code +∞} (or NaN) where undefined, and then the gradient is not used. */
    @FunctionalInterface
    public interface Objective {
        /** Value at {@code x}; the gradient into {@code grad}. */
        double valueAndGradient(double[] x, double[] grad);
    }

    /** Why the run stopped. */
    public enum Status {
        /** The Frank–Wolfe gap met the tolerance. */
        CONVERGED,
        /** Iteration limit. */
        MAX_ITERATIONS,
        /** No direction gave a decrease: what is left is below the resolution of {@code f}. */
        LINE_SEARCH_STALLED,
        /** {@code f} is not finite at the start. */
        NOT_FINITE
    }

    /**
     * Settings.
     *
     * @param maxIterations     iteration limit
     * @param relativeTolerance stop when the Frank–Wolfe gap ≤ {@code absoluteTolerance + relativeTolerance·|f|}
     * @param absoluteTolerance see above
     * @param denseMaxTasks     quasi-Newton up to this many weights, spectral projected gradient beyond
     */
    public record Options(int maxIterations, double relativeTolerance, double absoluteTolerance, int denseMaxTasks,
                          boolean differenceStart) {

        /** Options with a scaled-identity start ({@code differenceStart} false). */
        public Options(int maxIterations, double relativeTolerance, double absoluteTolerance, int denseMaxTasks) {
            this(maxIterations, relativeTolerance, absoluteTolerance, denseMaxTasks, false);
        }

        public Options {
            if (maxIterations < 0 || denseMaxTasks < 0) {
                throw new IllegalArgumentException("maxIterations and denseMaxTasks must be >= 0");
            }
            if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0");
            }
        }
    }

    /**
     * Result.
     *
     * @param x                 the best point (the last accepted one)
     * @param value             {@code f(x)}
     * @param gradient          {@code ∇f(x)}
     * @param status            why it stopped
     * @param iterations        accepted steps
     * @param evaluations       value-and-gradient evaluations, the start's included
     * @param quasiNewtonSteps  accepted steps along the quasi-Newton direction
     * @param fallbackSteps     accepted steps along a fallback direction (projected gradient, Frank–Wolfe)
     * @param frankWolfeGap     the certificate at {@code x}
     * @param startValue        {@code f(start)}
     */
    public record Result(Doubles x, double value, Doubles gradient, Status status, int iterations, int evaluations,
                         int quasiNewtonSteps, int fallbackSteps, double frankWolfeGap, double startValue) {
    }

    /** The state of a run. */
    private static final class Run {
        final Objective f;
        final BoundedSimplex set;
        final int t;
        double[] x;
        double[] g;
        double fx;
        double[][] b;
        double alpha;
        int evaluations;
        final double[] trial;
        final double[] gTrial;
        double fTrial;

        /** {@code B₀} = the forward-difference Hessian made positive definite ({@code T} evaluations). */
        void differenceStart() {
            double[][] h = new double[t][t];
            double[] xp = x.clone();
            double[] gp = new double[t];
            for (int i = 0; i < t; i++) {
                // Forward step into the set's interior direction is not needed: J is defined for
                // any positive weights; the sum constraint is irrelevant to a Hessian of f itself.
                xp[i] = x[i] + HESSIAN_STEP;
                double v = f.valueAndGradient(xp, gp);
                evaluations++;
                xp[i] = x[i];
                if (!Double.isFinite(v)) {
                    return;
                }
                for (int j = 0; j < t; j++) {
                    h[i][j] = (gp[j] - g[j]) / HESSIAN_STEP;
                }
            }
            double[][] fresh = absoluteEigenvalues(h);
            if (fresh != null) {
                b = fresh;
            }
        }

        Run(Objective f, BoundedSimplex set, double[] x0) {
            this.f = f;
            this.set = set;
            this.t = x0.length;
            this.x = x0.clone();
            this.g = new double[t];
            this.trial = new double[t];
            this.gTrial = new double[t];
            this.fx = f.valueAndGradient(x, g);
            this.evaluations = 1;
            double gMax = 0;
            for (double v : g) {
                gMax = Math.max(gMax, Math.abs(v));
            }
            this.alpha = clampStep(1.0 / Math.max(gMax, Double.MIN_NORMAL));
        }

        /** Armijo backtracking along {@code dir} from step 1; true if a step was accepted into trial/gTrial. */
        boolean search(double[] dir) {
            double slope = 0;
            for (int i = 0; i < t; i++) {
                slope += g[i] * dir[i];
            }
            if (!(slope < 0)) {
                return false;
            }
            double step = 1;
            for (int h = 0; h <= MAX_HALVINGS; h++, step *= 0.5) {
                if (-slope * step <= RESOLUTION * Math.abs(fx)) {
                    // The slope promises nothing f can show (see RESOLUTION).
                    return false;
                }
                for (int i = 0; i < t; i++) {
                    trial[i] = x[i] + step * dir[i];
                }
                fTrial = f.valueAndGradient(trial, gTrial);
                evaluations++;
                // Strict decrease as well: near a stationary point the Armijo term falls below the
                // resolution of f, and accepting an equal value would loop without progress.
                if (fTrial <= fx + ARMIJO * step * slope && fTrial < fx) {
                    return true;
                }
            }
            return false;
        }

        double[] quasiNewtonDirection() {
            double[] y = SimplexQp.minimise(b, g, x, set);
            double[] dir = new double[t];
            for (int i = 0; i < t; i++) {
                dir[i] = y[i] - x[i];
            }
            return dir;
        }

        double[] spectralDirection() {
            double[] y = new double[t];
            for (int i = 0; i < t; i++) {
                y[i] = x[i] - alpha * g[i];
            }
            set.project(y, y);
            for (int i = 0; i < t; i++) {
                y[i] -= x[i];
            }
            return y;
        }

        double[] frankWolfeDirection() {
            double[] s = set.linearMinimizer(g);
            for (int i = 0; i < t; i++) {
                s[i] -= x[i];
            }
            return s;
        }

        /** Moves to the accepted trial point and updates the curvature information. */
        void accept(boolean dense) {
            double[] s = new double[t];
            double[] yv = new double[t];
            double ss = 0;
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < t; i++) {
                s[i] = trial[i] - x[i];
                yv[i] = gTrial[i] - g[i];
                ss += s[i] * s[i];
                sy += s[i] * yv[i];
                yy += yv[i] * yv[i];
            }
            alpha = sy > 0 ? clampStep(ss / sy) : STEP_MAX;
            if (dense) {
                if (b == null && sy > 0) {
                    b = scaledIdentity(t, yy / sy);
                }
                if (b != null) {
                    dampedBfgs(b, s, yv);
                }
            }
            System.arraycopy(trial, 0, x, 0, t);
            System.arraycopy(gTrial, 0, g, 0, t);
            fx = fTrial;
        }
    }

    /**
     * Minimises {@code f} over {@code set} from the feasible point {@code start}.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static Result minimise(Objective f, double[] start, BoundedSimplex set, Options options) {
        if (start.length != set.size()) {
            throw new IllegalArgumentException("start has " + start.length + " weights and the set " + set.size());
        }
        Run run = new Run(f, set, start);
        double startValue = run.fx;
        if (!Double.isFinite(run.fx)) {
            double[] nan = new double[start.length];
            Arrays.fill(nan, Double.NaN);
            return new Result(Doubles.of(start), Double.POSITIVE_INFINITY, Doubles.of(nan), Status.NOT_FINITE, 0, 1, 0, 0, Double.NaN,
                    Double.POSITIVE_INFINITY);
        }
        boolean dense = start.length <= options.denseMaxTasks();
        if (dense && options.differenceStart()) {
            run.differenceStart();
        }
        int iterations = 0;
        int qnSteps = 0;
        int fallbacks = 0;
        Status status;
        double gap = frankWolfeGap(set, run.x, run.g);
        while (true) {
            if (gap <= options.absoluteTolerance() + options.relativeTolerance() * Math.abs(run.fx)) {
                status = Status.CONVERGED;
                break;
            }
            if (iterations >= options.maxIterations()) {
                status = Status.MAX_ITERATIONS;
                break;
            }
            boolean accepted = false;
            if (dense && run.b != null) {
                accepted = run.search(run.quasiNewtonDirection());
                if (!accepted && options.differenceStart()) {
                    // The model misled the search: relearn the curvature where we are (T
                    // evaluations) and retry; near a minimiser this Newton step still wins about
                    // half the gap when a first-order step is below the resolution of f.
                    run.differenceStart();
                    accepted = run.b != null && run.search(run.quasiNewtonDirection());
                }
                if (accepted) {
                    qnSteps++;
                } else if (run.b != null) {
                    // Forget the learned curvature, keep its scale.
                    run.b = scaledIdentity(run.t, averageDiagonal(run.b));
                }
            }
            if (!accepted) {
                accepted = run.search(run.spectralDirection()) || run.search(run.frankWolfeDirection());
                if (accepted) {
                    fallbacks++;
                }
            }
            if (!accepted) {
                status = Status.LINE_SEARCH_STALLED;
                break;
            }
            run.accept(dense);
            iterations++;
            gap = frankWolfeGap(set, run.x, run.g);
        }
        return new Result(Doubles.of(run.x), run.fx, Doubles.of(run.g), status, iterations, run.evaluations, qnSteps, fallbacks, gap,
                startValue);
    }

    /**
     * Powell-damped BFGS update of {@code b} in place: {@code B ← B − Bs sᵀB/sᵀBs + r rᵀ/sᵀr}
     * with {@code r = y} if {@code sᵀy ≥ 0.2 sᵀBs}, else {@code θy + (1 − θ)Bs},
     * {@code θ = 0.8 sᵀBs/(sᵀBs − sᵀy)}; then {@code sᵀr ≥ 0.2 sᵀBs > 0} and {@code B} stays
     * positive definite. Skipped when {@code s} is numerically zero.
     */
    static void dampedBfgs(double[][] b, double[] s, double[] y) {
        int t = s.length;
        double[] bs = new double[t];
        double sBs = 0;
        double sy = 0;
        for (int i = 0; i < t; i++) {
            double v = 0;
            for (int j = 0; j < t; j++) {
                v += b[i][j] * s[j];
            }
            bs[i] = v;
            sBs += s[i] * v;
            sy += s[i] * y[i];
        }
        if (!(sBs > 0) || !Double.isFinite(sBs) || !Double.isFinite(sy)) {
            return;
        }
        double theta = sy >= DAMPING * sBs ? 1 : (1 - DAMPING) * sBs / (sBs - sy);
        double[] r = new double[t];
        double sr = 0;
        for (int i = 0; i < t; i++) {
            r[i] = theta * y[i] + (1 - theta) * bs[i];
            sr += s[i] * r[i];
        }
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                b[i][j] += r[i] * r[j] / sr - bs[i] * bs[j] / sBs;
            }
        }
    }

    /** {@code gᵀ(x − s)} with {@code s} the vertex minimising {@code gᵀs}; clipped at 0 (rounding). */
    public static double frankWolfeGap(BoundedSimplex set, double[] x, double[] g) {
        double[] s = set.linearMinimizer(g);
        double gap = 0;
        for (int i = 0; i < x.length; i++) {
            gap += g[i] * (x[i] - s[i]);
        }
        return Math.max(0, gap);
    }

    /** {@code ‖x − proj(x − g)‖₂}. */
    public static double projectedGradientNorm(BoundedSimplex set, double[] x, double[] g) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] - g[i];
        }
        set.project(y, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * {@code h} symmetrised, its eigenvalues replaced by their absolute values floored at
     * {@link #CURVATURE_FLOOR} of the largest: a positive definite model whose minimiser moves away
     * from saddles instead of towards them; null if the decomposition fails.
     */
    static double[][] absoluteEigenvalues(double[][] h) {
        int t = h.length;
        org.ejml.data.DMatrixRMaj hm = new org.ejml.data.DMatrixRMaj(t, t);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                hm.set(i, j, 0.5 * (h[i][j] + h[j][i]));
            }
        }
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(t, true, true);
        if (!eig.decompose(hm)) {
            return null;
        }
        double[] lam = new double[t];
        double lMax = 0;
        for (int i = 0; i < t; i++) {
            lam[i] = Math.abs(eig.getEigenvalue(i).getReal());
            lMax = Math.max(lMax, lam[i]);
        }
        if (!(lMax > 0) || !Double.isFinite(lMax)) {
            return null;
        }
        double floor = lMax * CURVATURE_FLOOR;
        double[][] b = new double[t][t];
        for (int c = 0; c < t; c++) {
            org.ejml.data.DMatrixRMaj v = eig.getEigenVector(c);
            double l = Math.max(lam[c], floor);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    b[i][j] += l * v.get(i) * v.get(j);
                }
            }
        }
        return b;
    }

    private static double[][] scaledIdentity(int t, double c) {
        double[][] b = new double[t][t];
        double v = c > 0 && Double.isFinite(c) ? c : 1;
        for (int i = 0; i < t; i++) {
            b[i][i] = v;
        }
        return b;
    }

    private static double averageDiagonal(double[][] b) {
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += b[i][i];
        }
        return s / b.length;
    }

    private static double clampStep(double a) {
        return Math.max(STEP_MIN, Math.min(STEP_MAX, a));
    }
}
