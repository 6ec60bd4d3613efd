package org.taskmix.selection;

import java.util.Arrays;

/**
 * The feasible set of the selection program: {@code { π : lower ≤ π ≤ upper, Σ π = 1 }}, the
 * simplex with per-task bounds (fixed weights have {@code lower = upper}).
 *
 * <p>Projection is exact: the projection is {@code clamp(y − τ, lower, upper)} for the unique
 * {@code τ} where the sum is 1; {@code τ} is bracketed by bisection and then solved in closed
 * form on the identified free set, so the result sums to 1 to rounding.
 */
public final class BoundedSimplex {

    private final double[] lower;
    private final double[] upper;

    /**
     * @throws IllegalArgumentException if the bounds are malformed or the set is empty
     *         (Σ lower > 1 or Σ upper < 1), naming the violated constraint
     */
    public BoundedSimplex(double[] lower, double[] upper) {
        if (lower.length != upper.length || lower.length == 0) {
            throw new IllegalArgumentException("bounds of lengths " + lower.length + " and " + upper.length);
        }
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < lower.length; i++) {
            if (!(lower[i] >= 0 && upper[i] <= 1 && lower[i] <= upper[i])) {
                throw new IllegalArgumentException("weight bounds of task " + i + ": [" + lower[i] + ", " + upper[i]
                        + "] must satisfy 0 <= lower <= upper <= 1");
            }
            lo += lower[i];
            hi += upper[i];
        }
        if (lo > 1 + FEASIBILITY_TOLERANCE) {
            throw new IllegalArgumentException("infeasible constraints: minimum and fixed weights sum to " + lo
                    + " > 1");
        }
        if (hi < 1 - FEASIBILITY_TOLERANCE) {
            throw new IllegalArgumentException("infeasible constraints: maximum and fixed weights sum to " + hi
                    + " < 1, so the weights cannot sum to 1");
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
    }

    /**
     * Bounds may sum to 1 only up to rounding when read from a file (e.g. three fixed weights of
     * 0.3333333333); 1e-9 admits that and nothing a user would mean as infeasible.
     */
    public static final double FEASIBILITY_TOLERANCE = 1e-9;

    /** The plain probability simplex in {@code t} dimensions. */
    public static BoundedSimplex simplex(int t) {
        double[] lo = new double[t];
        double[] hi = new double[t];
        Arrays.fill(hi, 1.0);
        return new BoundedSimplex(lo, hi);
    }

    /** Dimension (number of tasks). */
    public int size() {
        return lower.length;
    }

    /** Lower bounds (a copy). */
    public double[] lower() {
        return lower.clone();
    }

    /** Upper bounds (a copy). */
    public double[] upper() {
        return upper.clone();
    }

    /** Lower bound of weight {@code i}. */
    public double lower(int i) {
        return lower[i];
    }

    /** Upper bound of weight {@code i}. */
    public double upper(int i) {
        return upper[i];
    }

    /** Euclidean projection of {@code y} onto the set, into {@code out} (may be {@code y}). */
    public void project(double[] y, double[] out) {
        int t = lower.length;
        double tauLo = Double.POSITIVE_INFINITY;
        double tauHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t; i++) {
            tauLo = Math.min(tauLo, y[i] - upper[i]);
            tauHi = Math.max(tauHi, y[i] - lower[i]);
        }
        // s(τ) = Σ clamp(y − τ) is non-increasing; s(tauLo) = Σ upper ≥ 1 and s(tauHi) = Σ lower ≤ 1.
        for (int it = 0; it < 200 && tauHi - tauLo > 0; it++) {
            double mid = 0.5 * (tauLo + tauHi);
            if (mid == tauLo || mid == tauHi) {
                break;
            }
            if (sum(y, mid) > 1) {
                tauLo = mid;
            } else {
                tauHi = mid;
            }
        }
        double tau = 0.5 * (tauLo + tauHi);
        // Closed form on the free set identified by the bracket.
        double fixedSum = 0;
        double freeY = 0;
        int free = 0;
        for (int i = 0; i < t; i++) {
            double v = y[i] - tau;
            if (v <= lower[i]) {
                fixedSum += lower[i];
            } else if (v >= upper[i]) {
                fixedSum += upper[i];
            } else {
                freeY += y[i];
                free++;
            }
        }
        if (free > 0) {
            double exact = (freeY + fixedSum - 1) / free;
            // The bracket may end a few ulps short of the exact τ (e.g. y = (1, 0) gives τ = 0):
            // accept the closed form when it is within rounding of the bracket, so weights that
            // should be exactly on a bound are not left at 1e-16 (which would switch a skill on).
            double slackTol = 1e-12 * (1 + Math.abs(tau));
            if (exact >= tauLo - slackTol && exact <= tauHi + slackTol) {
                tau = exact;
            }
        }
        for (int i = 0; i < t; i++) {
            out[i] = Math.min(upper[i], Math.max(lower[i], y[i] - tau));
        }
    }

    /** True if {@code x} lies in the set within {@code tol} (bounds and sum). */
    public boolean contains(double[] x, double tol) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] - tol && x[i] <= upper[i] + tol)) {
                return false;
            }
            s += x[i];
        }
        return Math.abs(s - 1) <= tol;
    }

    /**
     * A feasible point: {@code lower} plus the remaining mass spread in proportion to the
     * slack {@code upper − lower}.
     */
    public double[] feasiblePoint() {
        int t = lower.length;
        double lo = 0;
        double slack = 0;
        for (int i = 0; i < t; i++) {
            lo += lower[i];
            slack += upper[i] - lower[i];
        }
        double[] x = lower.clone();
        double rest = 1 - lo;
        if (slack > 0) {
            for (int i = 0; i < t; i++) {
                x[i] += rest * (upper[i] - lower[i]) / slack;
            }
        }
        return x;
    }

    /**
     * The linear minimisation oracle over the set: the vertex minimising {@code gᵀs}. Used by the
     * Frank–Wolfe gap {@code gᵀ(π − s)}, which bounds {@code f(π) − f*} for convex {@code f}.
     * Fills the cheapest coordinates up to their upper bounds after paying every lower bound.
     */
    public double[] linearMinimizer(double[] g) {
        int t = lower.length;
        double rest0 = 1;
        for (double v : lower) {
            rest0 -= v;
        }
        // Fast path, same answer as the sort below: if the cheapest coordinate that can grow takes
        // all the remaining mass, no sort is needed (always the case without maximum weights).
        int cheapest = -1;
        for (int i = 0; i < t; i++) {
            if (upper[i] > lower[i] && (cheapest < 0 || g[i] < g[cheapest])) {
                cheapest = i;
            }
        }
        if (cheapest >= 0 && upper[cheapest] - lower[cheapest] >= rest0) {
            double[] s = lower.clone();
            if (rest0 > 0) {
                s[cheapest] += rest0;
            }
            return s;
        }
        Integer[] order = new Integer[t];
        for (int i = 0; i < t; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(g[a], g[b]));
        double[] s = lower.clone();
        double rest = 1;
        for (double v : lower) {
            rest -= v;
        }
        for (int idx = 0; idx < t && rest > 0; idx++) {
            int i = order[idx];
            double add = Math.min(upper[i] - lower[i], rest);
            s[i] += add;
            rest -= add;
        }
        return s;
    }

    private double sum(double[] y, double tau) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.min(upper[i], Math.max(lower[i], y[i] - tau));
        }
        return s;
    }
}
