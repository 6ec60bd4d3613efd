package org.taskmix.theory;

import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * The paper's results as functions (docs/theory.md §5), for a single training task with
 * {@code Σ = Λ} and {@code Hard = tr Λ / λ_min(Λ)}.
 *
 * <p><b>Normalisation.</b> The paper's bounds are on the <i>un-normalised</i> error
 * {@code E‖w_k − w*‖² = E‖(I − PŜ_m)^k‖_F²}: at {@code k = 0} that error is exactly {@code d},
 * which is where the scaling law's leading {@code d} comes from. Each bound is offered both ways:
 * {@code xxx(d, …)} is the paper's un-normalised form, {@code xxxPerDimension(…)} is the same
 * divided by {@code d}, directly comparable with {@link CotError}'s per-dimension predictions.
 *
 * <p>Why the scaling law holds (and so what the tests check): at {@code m = ∞},
 * {@code I − Γ⁻¹Λ} has eigenvalues {@code (λ_i + T)/((n+1)λ_i + T) = 1/(1 + nλ_i/(λ_i + T))} with
 * {@code T = tr Λ}, and {@code nλ/(λ + T) ≥ n/(1 + Hard)} because it increases with {@code λ};
 * summing the {@code 2k}-th powers over {@code d} directions gives the bound.
 */
public final class PaperBounds {

    private PaperBounds() {
    }

    /** {@code Hard(Λ) = tr Λ / λ_min(Λ)}; {@code +∞} for a singular (or indefinite) {@code Λ}. */
    public static double hardness(SymmetricMatrix lambda) {
        double min = lambda.eigen().min();
        return min > 0 ? lambda.trace() / min : Double.POSITIVE_INFINITY;
    }

    /**
     * One-step bound, un-normalised: {@code (d/n²)(1 + Hard)² + (d/m)(1 + Hard)}; with {@code m}
     * empty ({@code m = ∞}) the second term is 0.
     */
    public static double oneStep(int d, int n, OptionalInt m, double hardness) {
        checkPositive("d", d);
        return d * oneStepPerDimension(n, m, hardness);
    }

    /** {@link #oneStep} divided by {@code d}: {@code (1 + Hard)²/n² + (1 + Hard)/m}. */
    public static double oneStepPerDimension(int n, OptionalInt m, double hardness) {
        // An int m is a long m: one formula and one set of checks (same messages, same order).
        return oneStepPerDimension(n, m.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(m.getAsInt()),
                hardness);
    }

    /** {@link #oneStepPerDimension(int, OptionalInt, double)} for a {@code long} test length (any {@code m}). */
    public static double oneStepPerDimension(int n, java.util.OptionalLong m, double hardness) {
        checkPositive("n", n);
        checkHardness(hardness);
        double h = 1 + hardness;
        double first = h * h / ((double) n * n);
        if (m.isEmpty()) {
            return first;
        }
        if (m.getAsLong() < 1) {
            throw new IllegalArgumentException("m: value " + m.getAsLong() + " must be >= 1");
        }
        return first + h / (double) m.getAsLong();
    }

    /** Test-time scaling law at {@code m = ∞}, un-normalised: {@code d · (1 + n/(1 + Hard))^(−2k)}. */
    public static double scalingLaw(int d, int n, double hardness, int k) {
        checkPositive("d", d);
        return d * scalingLawPerDimension(n, hardness, k);
    }

    /** {@link #scalingLaw} divided by {@code d}: {@code (1 + n/(1 + Hard))^(−2k)}. */
    public static double scalingLawPerDimension(int n, double hardness, int k) {
        checkPositive("n", n);
        checkPositive("k", k);
        checkHardness(hardness);
        return Math.pow(1 + n / (1 + hardness), -2.0 * k);
    }

    /**
     * The shortest training context {@code n ≥ 1} whose scaling-law bound after {@code k} steps is
     * at most {@code epsilon} (per dimension), or empty if it exceeds {@code nMax}. From
     * {@code n ≥ (1 + Hard)(ε^(−1/(2k)) − 1)}, then checked against the bound itself so rounding
     * in the inversion cannot move the answer by one.
     */
    public static OptionalInt shortestContext(double epsilon, double hardness, int k, int nMax) {
        checkEpsilon(epsilon);
        checkPositive("k", k);
        checkPositive("nMax", nMax);
        checkHardness(hardness);
        double x = (1 + hardness) * (Math.pow(epsilon, -1.0 / (2 * k)) - 1);
        return smallestWithin(x, nMax, epsilon, n -> scalingLawPerDimension(n, hardness, k));
    }

    /**
     * The fewest CoT steps {@code k ≥ 1} whose scaling-law bound with context {@code n} is at most
     * {@code epsilon} (per dimension), or empty if it exceeds {@code kMax}. From
     * {@code k ≥ ln(1/ε) / (2 ln(1 + n/(1 + Hard)))}, checked against the bound itself.
     */
    public static OptionalInt fewestSteps(double epsilon, double hardness, int n, int kMax) {
        checkEpsilon(epsilon);
        checkPositive("n", n);
        checkPositive("kMax", kMax);
        checkHardness(hardness);
        double x = Math.log(1 / epsilon) / (2 * Math.log1p(n / (1 + hardness)));
        return smallestWithin(x, kMax, epsilon, k -> scalingLawPerDimension(n, hardness, k));
    }

    /**
     * The smallest integer {@code t} in {@code [1, max]} with {@code bound(t) ≤ epsilon}, or empty:
     * 1 when {@code epsilon ≥ 1}, else started at {@code ceil(x)}, the closed-form inversion, and moved down then up against the
     * bound itself, so rounding in the inversion cannot move the answer by one. {@code bound} must
     * be non-increasing in {@code t}.
     */
    private static OptionalInt smallestWithin(double x, int max, double epsilon, IntToDoubleFunction bound) {
        if (epsilon >= 1) {
            return OptionalInt.of(1); // the per-dimension bound never exceeds 1
        }
        if (!(x <= max + 1)) {
            return OptionalInt.empty();
        }
        int t = (int) Math.max(1, Math.ceil(x));
        while (t > 1 && bound.applyAsDouble(t - 1) <= epsilon) {
            t--;
        }
        while (t <= max && bound.applyAsDouble(t) > epsilon) {
            t++;
        }
        return t <= max ? OptionalInt.of(t) : OptionalInt.empty();
    }

    static void checkPositive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": value " + v + " must be >= 1");
        }
    }

    private static void checkHardness(double h) {
        if (Double.isNaN(h) || h < 0) {
            throw new IllegalArgumentException("hardness: value " + h + " must be >= 0 (tr/lambda_min)");
        }
    }

    private static void checkEpsilon(double e) {
        if (!(e > 0 && Double.isFinite(e))) {
            throw new IllegalArgumentException("epsilon: value " + e + " must be finite and > 0");
        }
    }
}
