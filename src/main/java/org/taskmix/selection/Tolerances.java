package org.taskmix.selection;

/**
 * The tolerances of the optimality check (our check, applied to every backend's answer).
 *
 * @param gap         the duality gap must be at most {@code gap · max(1, |objective|)}; relative
 *                    because the objective scales with {@code d} (it is {@code d} at a mixture that
 *                    covers nothing) and with the number and weights of targets
 * @param feasibility {@code |Σπ − 1|} and the worst bound violation must be at most this (absolute,
 *                    weights are in [0, 1]); also the distance within which a weight counts as
 *                    sitting on its bound in the KKT check
 * @param kkt         the KKT stationarity residual must be at most {@code kkt · max(1, ‖g‖_∞)}
 */
public record Tolerances(double gap, double feasibility, double kkt) {

    /**
     * Defaults: a relative gap of 1e-9 is three orders above what the exact solvers reach on
     * d ≤ 64 (1e-12) and tight enough that two solvers agree to 1e-8 in objective; 1e-9 in weights
     * is far below any weight a curator acts on; stationarity to 1e-6 of the gradient scale
     * allows a free weight of 1e-3 to carry a reduced gradient whose effect on the objective is
     * 1e-9, which is what the gap allows anyway.
     */
    public static final Tolerances DEFAULT = new Tolerances(1e-9, 1e-9, 1e-6);

    public Tolerances {
        check("gap", gap);
        check("feasibility", feasibility);
        check("kkt", kkt);
    }

    private static void check(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException("tolerance " + name + " = " + v + " must lie in (0, 1)");
        }
    }

    /** The absolute gap allowed at objective value {@code objective}. */
    public double gapAllowed(double objective) {
        return gap * Math.max(1, Math.abs(objective));
    }
}
