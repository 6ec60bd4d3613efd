package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The compute-versus-context trade-off at a target per-dimension error {@code ε} (docs/theory.md §5):
 * for each CoT length {@code k} the shortest training context {@code n} that reaches {@code ε},
 * and for each {@code n} the fewest steps {@code k}.
 *
 * @param epsilon         target error, per dimension ({@code E‖w_k − w*‖²/d})
 * @param basis           {@code "scaling-law bound"} or {@code "exact m=infinity curve"}
 * @param kMax            largest {@code k} searched
 * @param nMax            largest {@code n} searched
 * @param contextForSteps one row per {@code k = 1..kMax}
 * @param stepsForContext one row per {@code n = 1..nMax}
 */
public record TradeOff(double epsilon, String basis, int kMax, int nMax, List<ContextForSteps> contextForSteps,
                       List<StepsForContext> stepsForContext) {

    /** Basis name of {@link #fromBound}. */
    public static final String BOUND = "scaling-law bound";
    /** Basis name of {@link #exact}. */
    public static final String EXACT = "exact m=infinity curve";

    public TradeOff {
        contextForSteps = List.copyOf(contextForSteps);
        stepsForContext = List.copyOf(stepsForContext);
    }

    /**
     * @param k          CoT length
     * @param shortestN  the shortest context reaching {@code ε} after {@code k} steps, or empty
     *                   if none up to {@code nMax} does
     */
    public record ContextForSteps(int k, OptionalInt shortestN) {
    }

    /**
     * @param n        training context length
     * @param fewestK  the fewest steps reaching {@code ε} with context {@code n}, or empty if none
     *                 up to {@code kMax} does
     */
    public record StepsForContext(int n, OptionalInt fewestK) {
    }

    /** From the paper's scaling-law bound for a task of hardness {@code hardness} with {@code Σ = Λ}. */
    public static TradeOff fromBound(double epsilon, double hardness, int kMax, int nMax) {
        List<ContextForSteps> byK = new ArrayList<>();
        for (int k = 1; k <= kMax; k++) {
            byK.add(new ContextForSteps(k, PaperBounds.shortestContext(epsilon, hardness, k, nMax)));
        }
        List<StepsForContext> byN = new ArrayList<>();
        for (int n = 1; n <= nMax; n++) {
            byN.add(new StepsForContext(n, PaperBounds.fewestSteps(epsilon, hardness, n, kMax)));
        }
        return new TradeOff(epsilon, BOUND, kMax, nMax, byK, byN);
    }

    /**
     * From the exact {@code m = ∞} curves of a single training task {@code lambda} (trained with
     * context {@code n}, preconditioner {@code Γ⁻¹}) tested on {@code sigma}; pass
     * {@code sigma = lambda} for the paper's setting. Costs {@code nMax · kMax} matrix products.
     * When {@code Σ ≠ Λ} the error need not fall with {@code n} (overthinking grows with
     * {@code n}); the shortest {@code n} is then the smallest that reaches {@code ε}.
     */
    public static TradeOff exact(SymmetricMatrix lambda, SymmetricMatrix sigma, double epsilon, int kMax, int nMax) {
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon: value " + epsilon + " must be finite and > 0");
        }
        PaperBounds.checkPositive("kMax", kMax);
        PaperBounds.checkPositive("nMax", nMax);
        double[][] err = new double[nMax + 1][];
        for (int n = 1; n <= nMax; n++) {
            DMatrixRMaj p = Preconditioner.ofSingle(lambda, n);
            err[n] = CotError.infiniteM(p, sigma, kMax);
        }
        List<ContextForSteps> byK = new ArrayList<>();
        for (int k = 1; k <= kMax; k++) {
            int kk = k;
            byK.add(new ContextForSteps(k, first(nMax, n -> err[n][kk - 1] <= epsilon)));
        }
        List<StepsForContext> byN = new ArrayList<>();
        for (int n = 1; n <= nMax; n++) {
            int nn = n;
            byN.add(new StepsForContext(n, first(kMax, k -> err[nn][k - 1] <= epsilon)));
        }
        return new TradeOff(epsilon, EXACT, kMax, nMax, byK, byN);
    }

    /** The smallest {@code t} in {@code [1, max]} that {@code meets} the target, or empty: both tables' scan. */
    private static OptionalInt first(int max, java.util.function.IntPredicate meets) {
        for (int t = 1; t <= max; t++) {
            if (meets.test(t)) {
                return OptionalInt.of(t);
            }
        }
        return OptionalInt.empty();
    }
}
