package org.taskmix.selection;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * One solve of {@link ActiveSetSolver} on a weighted-sum problem: the current point, which weights
 * sit at which bound, the free set with its factor ({@link FreeSetFactor}), and the iteration
 * (subspace Newton steps, pricing, pivots). A fresh instance per solve, so the solver itself stays
 * immutable and thread-safe.
 */
final class ActiveSetRun {
    /** Newton refinements at a subspace optimum (the model is exact; one more step removes rounding). */
    private static final int REFINEMENTS = 1;
    /** Candidates kept from a full pricing pass for the partial pricing that follows. */
    private static final int PRICING_CANDIDATES = 64;
    /** Violations below this fraction of ‖g‖_∞ are rounding, not signal. */
    private static final double VIOLATION_FLOOR = 1e-14;

    /** The configuration: name, tolerances and limits. */
    private final ActiveSetSolver solver;

    private final SelectionProblem pr;
    private final int t;
    private final int m;
    private final double[] a;
    private final double[] lo;
    private final double[] hi;
    private final double gamma;
    private final double[] q;
    private final double rho;
    private final long start;

    private final double[] pi;
    /** 0 at lower bound, 1 at upper bound, 2 free. */
    private final byte[] state;
    /** The free set F and the Cholesky factor of its Newton matrix. */
    private final FreeSetFactor fs;
    private final double[] r;
    private final double[] g;
    private long iterations;
    private String stopNote = "";
    /**
     * The weights of the last full check while {@code r} and {@code g} still hold its residual and
     * gradient (else null), with its block values: a run ending there certifies without a pass.
     */
    private double[] checkedAt;
    private double[] checkedValues;

    ActiveSetRun(ActiveSetSolver solver, SelectionProblem pr, long start) {
        this.solver = solver;
        this.pr = pr;
        this.t = pr.size();
        this.m = pr.rows();
        this.a = pr.matrixUnsafe();
        this.lo = pr.bounds().lower();
        this.hi = pr.bounds().upper();
        this.gamma = pr.priorStrength();
        this.q = pr.prior() == null ? new double[t] : pr.prior().weightsUnsafe();
        this.start = start;
        this.pi = new double[t];
        this.state = new byte[t];
        this.r = new double[m];
        this.g = new double[t];
        // ρ on the scale of the columns' squared norms keeps H well scaled (it cancels on Σπ = 1).
        double s = pr.sumOfSquares();
        this.rho = Math.max(s / t, Double.MIN_NORMAL) + gamma;
        this.fs = new FreeSetFactor(a, m, rho, gamma, pr.gramIfFormed());
    }

    double seconds() {
        return (System.nanoTime() - start) * 1e-9;
    }

    boolean outOfBudget() {
        if (iterations >= solver.maxIterations()) {
            stopNote = "iteration limit " + solver.maxIterations() + " reached";
            return true;
        }
        if (seconds() > solver.timeLimitSeconds()) {
            stopNote = "time limit " + solver.timeLimitSeconds() + " s reached";
            return true;
        }
        return false;
    }

    /** How the main loop ended. */
    private enum Outcome { CONVERGED, STOPPED, FALLBACK }

    /** Runs the solve from the default start ({@code warm == null}) or from a warm start. */
    SelectionResult execute(double[] warm) {
        Integer[] inside = startAt(warm);
        for (int l : inside) {
            if (fs.size() + 1 > solver.maxFree()) {
                return firstOrder(start, "warm start with more than maxFree " + solver.maxFree() + " free weights");
            }
            if (!addFree(l)) {
                pivotAlongNullDirection(l, false);
            }
        }
        Outcome outcome = iterate();
        polishSum();
        if (outcome == Outcome.FALLBACK) {
            return firstOrder(start, "free set above maxFree " + solver.maxFree()
                    + " (prior pull): continued with the first-order method");
        }
        boolean converged = outcome == Outcome.CONVERGED;
        // The run is over, so r may go to the evaluation (no fresh rows-long array for it).
        Evaluation at = checkedAt != null && Arrays.equals(checkedAt, pi)
                ? new Evaluation(pr, checkedAt, r, checkedValues, g.clone()) : pr.evaluate(pi, r);
        pr.remember(at);
        return SelectionResult.of(pr, pi, null, solver.tolerances(), converged, null, solver.name(), converged ? "converged" : stopNote,
                iterations, seconds(), stopNote, at);
    }

    /**
     * Sets {@code pi} and {@code state} from the start point and returns the weights strictly
     * inside their bounds, largest first, which are still to enter F.
     */
    private Integer[] startAt(double[] warm) {
        double[] v;
        if (warm == null) {
            // Start at the vertex the linear minimisation oracle picks at the feasible point.
            double[] x0 = pr.bounds().feasiblePoint();
            pr.residual(x0, r);
            pr.gradient(x0, r, null, g);
            v = pr.bounds().linearMinimizer(g);
        } else {
            v = warm.clone();
            pr.bounds().project(v, v);
        }
        System.arraycopy(v, 0, pi, 0, t);
        Integer[] inside = new Integer[t];
        int nInside = 0;
        for (int l = 0; l < t; l++) {
            if (pi[l] <= lo[l] || hi[l] <= lo[l]) {
                pi[l] = lo[l];
                state[l] = 0;
            } else if (pi[l] >= hi[l]) {
                pi[l] = hi[l];
                state[l] = 1;
            } else {
                state[l] = 0;
                inside[nInside++] = l;
            }
        }
        // Largest weights first, so that dependent small ones are the ones pushed to a bound.
        Arrays.sort(inside, 0, nInside, (x, y) -> Double.compare(pi[y], pi[x]));
        return Arrays.copyOf(inside, nInside);
    }

    /**
     * Subspace solves alternating with pricing (partial over the last full pass's best
     * candidates, then full) until the Frank–Wolfe gap is within tolerance or a budget runs out.
     */
    private Outcome iterate() {
        int[] candidates = new int[0];
        double scale = 1;
        while (!outOfBudget()) {
            subspaceSolve();
            if (outOfBudget()) {
                break;
            }
            if (candidates.length > 0 && fs.size() > 0) {
                // Partial pricing: re-price only the best candidates of the last full pass
                // (rows × candidates work instead of rows × T).
                residualAtPi();
                priceSubset(candidates);
                int added = enter(candidates, scale);
                if (added == Integer.MAX_VALUE) {
                    return Outcome.FALLBACK;
                }
                if (added >= 0) {
                    continue;
                }
            }
            residualAtPi();
            pr.gradient(pi, r, null, g);
            double[] values = pr.blockValues(r);
            checkedAt = pi.clone();
            checkedValues = values;
            double f = pr.combine(values) + pr.priorValue(pi);
            double gap = Certifier.dot(g, pi) - Certifier.linearMinimum(pr.bounds(), g);
            if (gap <= solver.tolerances().gapAllowed(f)) {
                return Outcome.CONVERGED;
            }
            scale = 0;
            for (double x : g) {
                scale = Math.max(scale, Math.abs(x));
            }
            candidates = topViolators(scale);
            int added = enter(null, scale);
            if (added < 0) {
                // No weight can improve at the resolution of the gradient: rounding limits us.
                stopNote = "no improving weight left (gap " + gap + " limited by rounding)";
                return Outcome.CONVERGED;
            }
            if (added == Integer.MAX_VALUE) {
                return Outcome.FALLBACK;
            }
        }
        return Outcome.STOPPED;
    }

    /** {@code r} at the current weights (no longer those of the last check). */
    private void residualAtPi() {
        checkedAt = null;
        pr.residual(pi, r);
    }

    SelectionResult firstOrder(long startNanos, String note) {
        FirstOrderSolver fo = new FirstOrderSolver(solver.name(), solver.tolerances(), Math.max(0, solver.maxIterations() - iterations),
                Math.max(0, solver.timeLimitSeconds() - seconds()));
        return fo.solve(pr, pi.clone(), startNanos, note);
    }

    /** {@code g} for the listed weights and for F (rows × (|subset| + |F|) work). */
    void priceSubset(int[] subset) {
        for (int l : subset) {
            g[l] = 2 * (Dots.dot4(a, l * m, r, 0, m) + gamma * (pi[l] - q[l]));
        }
        for (int i = 0; i < fs.size(); i++) {
            int l = fs.at(i);
            g[l] = 2 * (Dots.dot4(a, l * m, r, 0, m) + gamma * (pi[l] - q[l]));
        }
    }

    /** The multiplier estimate: mean gradient over F, else the KKT midpoint. */
    double multiplier() {
        if (fs.size() > 0) {
            double s = 0;
            for (int i = 0; i < fs.size(); i++) {
                s += g[fs.at(i)];
            }
            return s / fs.size();
        }
        return Certifier.kkt(pr.bounds(), pi, g, 0)[1];
    }

    /** The {@link #PRICING_CANDIDATES} weights with the largest KKT violations, after a full pass. */
    int[] topViolators(double scale) {
        double nu = multiplier();
        double floor = VIOLATION_FLOOR * Math.max(1, scale);
        java.util.PriorityQueue<double[]> heap = new java.util.PriorityQueue<>(
                (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(y[1], x[1]));
        for (int l = 0; l < t; l++) {
            if (state[l] == 2 || hi[l] - lo[l] <= 0) {
                continue;
            }
            double viol = state[l] == 0 ? nu - g[l] : g[l] - nu;
            if (viol > floor) {
                heap.add(new double[] {viol, l});
                if (heap.size() > PRICING_CANDIDATES) {
                    heap.poll();
                }
            }
        }
        int[] out = new int[heap.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) heap.poll()[1];
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Moves weight into F from {@code subset} (null: all weights, with {@code g} fresh for
     * all): returns the index added, -1 if none improves, MAX_VALUE to fall back.
     */
    int enter(int[] subset, double scale) {
        double nu = multiplier();
        // A violation below the rounding level of the gradient cannot be acted on.
        double floor = VIOLATION_FLOOR * Math.max(1, scale);
        boolean[] tried = new boolean[t];
        int n = subset == null ? t : subset.length;
        for (int attempt = 0; attempt < n; attempt++) {
            int best = -1;
            double bestV = floor;
            int bestUp = -1;
            double bestUpV = floor;
            for (int idx = 0; idx < n; idx++) {
                int l = subset == null ? idx : subset[idx];
                if (tried[l] || state[l] == 2 || hi[l] - lo[l] <= 0) {
                    continue;
                }
                double viol = state[l] == 0 ? nu - g[l] : g[l] - nu;
                if (state[l] == 0 && viol > bestV) {
                    bestV = viol;
                    best = l;
                } else if (state[l] == 1 && viol > bestUpV) {
                    bestUpV = viol;
                    bestUp = l;
                }
            }
            int pick = bestUpV > bestV ? bestUp : best;
            if (pick < 0) {
                return -1;
            }
            tried[pick] = true;
            if (fs.size() + 2 > solver.maxFree()) {
                return Integer.MAX_VALUE;
            }
            if (fs.size() == 0) {
                if (subset != null) {
                    return -1;
                }
                // A lone free weight cannot move (Σπ = 1): enter the best partner from the other side too.
                int partner = state[pick] == 0 ? bestUp : best;
                if (partner < 0) {
                    partner = bestPartner(pick);
                }
                if (partner < 0) {
                    continue;
                }
                addFree(partner);
            }
            if (addFree(pick)) {
                return pick;
            }
            if (pivotAlongNullDirection(pick, true)) {
                return pick;
            }
        }
        return -1;
    }

    /** Any non-free weight that can move opposite to {@code pick}. */
    int bestPartner(int pick) {
        int best = -1;
        for (int l = 0; l < t; l++) {
            if (l == pick || state[l] == 2 || hi[l] - lo[l] <= 0) {
                continue;
            }
            boolean canMove = state[pick] == 0 ? pi[l] > lo[l] : pi[l] < hi[l];
            if (canMove && (best < 0 || (state[pick] == 0 ? g[l] > g[best] : g[l] < g[best]))) {
                best = l;
            }
        }
        return best;
    }

    /** Newton steps on F with ratio tests until the subspace optimum is reached. */
    void subspaceSolve() {
        int refinements = 0;
        while (fs.size() > 1 && !outOfBudget()) {
            iterations++;
            residualAtPi();
            double[] rhs = new double[fs.size()];
            double[] ones = new double[fs.size()];
            for (int i = 0; i < fs.size(); i++) {
                int l = fs.at(i);
                double gl = Dots.dot4(a, l * m, r, 0, m) + gamma * (pi[l] - q[l]);
                rhs[i] = -gl;
                ones[i] = 1;
            }
            fs.solve(rhs);
            fs.solve(ones);
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < fs.size(); i++) {
                s1 += rhs[i];
                s2 += ones[i];
            }
            double tt = -s1 / s2;
            double[] delta = new double[fs.size()];
            for (int i = 0; i < fs.size(); i++) {
                delta[i] = rhs[i] + tt * ones[i];
            }
            double alpha = 1;
            int block = -1;
            for (int i = 0; i < fs.size(); i++) {
                int l = fs.at(i);
                double d = delta[i];
                double lim = d < 0 ? (pi[l] - lo[l]) / -d : d > 0 ? (hi[l] - pi[l]) / d : Double.POSITIVE_INFINITY;
                if (lim < alpha) {
                    alpha = lim;
                    block = i;
                }
            }
            for (int i = 0; i < fs.size(); i++) {
                int l = fs.at(i);
                pi[l] = Math.min(hi[l], Math.max(lo[l], pi[l] + alpha * delta[i]));
            }
            if (block >= 0) {
                int l = fs.at(block);
                boolean toLower = delta[block] < 0;
                pi[l] = toLower ? lo[l] : hi[l];
                fs.remove(block);
                state[l] = (byte) (toLower ? 0 : 1);
                refinements = 0;
                continue;
            }
            if (refinements++ >= REFINEMENTS) {
                return;
            }
        }
    }

    /**
     * Appends {@code l} to F and its column to the Cholesky factor; false (and no change) if
     * the pivot is singular.
     */
    boolean addFree(int l) {
        return addFree(l, false);
    }

    /**
     * As {@link #addFree(int)}; with {@code force} a singular pivot is lifted to the singular
     * threshold (a ridge of relative size {@link ActiveSetSolver#SINGULAR_PIVOT} on that weight
     * only), used when rounding defeats the exact-arithmetic guarantee that the pivot is regular.
     */
    boolean addFree(int l, boolean force) {
        if (!fs.append(l, force)) {
            return false;
        }
        state[l] = 2;
        return true;
    }

    /**
     * {@code l}'s column is (numerically) an affine combination of F's: along
     * {@code δ_l = σ, δ_F = −σH⁻¹h} the objective is linear; move until a bound stops it. At a
     * bound ({@code requireDescent}) {@code σ} points inward and the move must lower the
     * objective (else false, nothing changes); strictly inside (warm start) {@code σ} is the
     * non-increasing side. The weight stopped by a bound leaves F; if that is another weight,
     * {@code l} enters F.
     */
    boolean pivotAlongNullDirection(int l, boolean requireDescent) {
        iterations++;
        int n = fs.size();
        double[] h = fs.coupling(l);
        fs.solve(h);
        residualAtPi();
        double slopeUp = Dots.dot4(a, l * m, r, 0, m) + gamma * (pi[l] - q[l]);
        for (int i = 0; i < n; i++) {
            int f = fs.at(i);
            slopeUp -= h[i] * (Dots.dot4(a, f * m, r, 0, m) + gamma * (pi[f] - q[f]));
        }
        double sign;
        if (requireDescent) {
            sign = state[l] == 0 ? 1 : -1;
            if (!(sign * slopeUp < 0)) {
                return false;
            }
        } else {
            sign = slopeUp > 0 ? -1 : 1;
        }
        double alpha = sign > 0 ? hi[l] - pi[l] : pi[l] - lo[l];
        int block = -1;
        for (int i = 0; i < n; i++) {
            int f = fs.at(i);
            double d = -sign * h[i];
            double lim = d < 0 ? (pi[f] - lo[f]) / -d : d > 0 ? (hi[f] - pi[f]) / d : Double.POSITIVE_INFINITY;
            if (lim < alpha) {
                alpha = lim;
                block = i;
            }
        }
        for (int i = 0; i < n; i++) {
            int f = fs.at(i);
            pi[f] = Math.min(hi[f], Math.max(lo[f], pi[f] - sign * alpha * h[i]));
        }
        if (block < 0) {
            pi[l] = sign > 0 ? hi[l] : lo[l];
            state[l] = (byte) (sign > 0 ? 1 : 0);
            return true;
        }
        pi[l] = Math.min(hi[l], Math.max(lo[l], pi[l] + sign * alpha));
        int f = fs.at(block);
        boolean toLower = -sign * h[block] < 0;
        pi[f] = toLower ? lo[f] : hi[f];
        fs.remove(block);
        state[f] = (byte) (toLower ? 0 : 1);
        // In exact arithmetic l is now independent of F (the removed weight had a non-zero
        // coefficient in the dependence); force the pivot in case rounding says otherwise.
        addFree(l, true);
        return true;
    }

    /** Removes the rounding drift of Σπ by moving it onto a free weight with room. */
    void polishSum() {
        double s = 0;
        for (double x : pi) {
            s += x;
        }
        double excess = s - 1;
        if (excess == 0) {
            return;
        }
        for (int i = 0; i < fs.size(); i++) {
            int f = fs.at(i);
            double nv = pi[f] - excess;
            if (nv >= lo[f] && nv <= hi[f]) {
                pi[f] = nv;
                return;
            }
        }
    }
}
