package org.taskmix.catalog;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * Relevance of a training task to a target: the cosine, in the Frobenius inner product, between
 * {@code Σ⁻¹Λ} and the identity,
 *
 * <pre>  relevance(Λ; Σ) = tr(Σ⁻¹Λ) / (√d · ‖Σ⁻¹Λ‖_F)  ∈ (0, 1].</pre>
 *
 * <p>Why this definition: in the selection program (docs/theory.md §6) task ℓ is the column
 * {@code vec(Σ⁻¹Λ_ℓ)} and the target is {@code vec(I)}; the best the task alone can do, scaled
 * freely, is {@code min_c ‖I − cΣ⁻¹Λ‖_F² = d·(1 − relevance²)}. So relevance is 1 exactly when
 * {@code Λ ∝ Σ}, it is scale invariant, and it is the quantity the optimiser sees.
 */
public final class Relevance {

    private Relevance() {
    }

    /**
     * Relevance of {@code lambda} to the target whose inverse covariance is {@code sigmaInverse}.
     * Returns 0 for a zero matrix.
     */
    public static double of(SymmetricMatrix lambda, SymmetricMatrix sigmaInverse) {
        return of(lambda, sigmaInverse, isDiagonal(sigmaInverse));
    }

    /**
     * {@link #of(SymmetricMatrix, SymmetricMatrix)} with {@link #isDiagonal} of
     * {@code sigmaInverse} already known (a catalog asks it once per target, not once per task).
     */
    public static double of(SymmetricMatrix lambda, SymmetricMatrix sigmaInverse, boolean sigmaInverseDiagonal) {
        int d = lambda.dim();
        if (sigmaInverse.dim() != d) {
            throw new IllegalArgumentException("dimension mismatch: task is " + d + "x" + d + ", target inverse is "
                    + sigmaInverse.dim() + "x" + sigmaInverse.dim());
        }
        if (sigmaInverseDiagonal) {
            return diagonalCase(lambda, sigmaInverse);
        }
        double[][] s = sigmaInverse.toArray();
        double[][] l = lambda.toArray();
        double[] row = new double[d];
        double trace = 0;
        double frob2 = 0;
        // Row i of Σ⁻¹Λ as a combination of rows of Λ: contiguous inner loops, O(d³) in all.
        for (int i = 0; i < d; i++) {
            java.util.Arrays.fill(row, 0);
            double[] si = s[i];
            for (int k = 0; k < d; k++) {
                double c = si[k];
                double[] lk = l[k];
                for (int j = 0; j < d; j++) {
                    row[j] += c * lk[j];
                }
            }
            trace += row[i];
            for (int j = 0; j < d; j++) {
                frob2 += row[j] * row[j];
            }
        }
        if (frob2 == 0) {
            return 0;
        }
        return trace / (Math.sqrt(d) * Math.sqrt(frob2));
    }

    /** True if every off-diagonal entry of {@code m} is exactly 0. */
    public static boolean isDiagonal(SymmetricMatrix m) {
        int d = m.dim();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j && m.get(i, j) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The same sums for a diagonal {@code Σ⁻¹} (e.g. {@code Σ = I}) in {@code O(d²)}: row {@code i}
     * of {@code Σ⁻¹Λ} is {@code s_ii} times row {@code i} of {@code Λ}. Bit-identical to the general
     * loop, whose other terms are exact zeros, and d times cheaper (the general loop is
     * {@code d³} per task: 10 s of a 100-task, d = 768 solve). Row block by row block
     * ({@link SymmetricMatrix#forEachRowBlock}), the same sums in the same order as entry by entry,
     * without a call per entry or, for a task in a sidecar, a fresh copy of it per call.
     */
    private static double diagonalCase(SymmetricMatrix lambda, SymmetricMatrix sigmaInverse) {
        int d = lambda.dim();
        double[] c = new double[d];
        for (int i = 0; i < d; i++) {
            c[i] = sigmaInverse.get(i, i);
        }
        double[] sums = new double[2]; // trace, frob2
        lambda.forEachRowBlock((block, from, to) -> {
            double trace = sums[0];
            double frob2 = sums[1];
            for (int i = from; i < to; i++) {
                int row = (i - from) * d;
                for (int j = 0; j < d; j++) {
                    double v = c[i] * block[row + j];
                    if (i == j) {
                        trace += v;
                    }
                    frob2 += v * v;
                }
            }
            sums[0] = trace;
            sums[1] = frob2;
        });
        double trace = sums[0];
        double frob2 = sums[1];
        if (frob2 == 0) {
            return 0;
        }
        return trace / (Math.sqrt(d) * Math.sqrt(frob2));
    }

    /**
     * {@code Σ⁻¹} of a positive definite target: of a diagonal one entry by entry ({@code O(d²)} to
     * see that it is diagonal; the eigendecomposition route rebuilds {@code Q diag(1/λ) Qᵀ} in
     * {@code d³}, minutes at d = 4096, for the same entries), else via its eigendecomposition.
     */
    public static SymmetricMatrix inverse(SymmetricMatrix sigma) {
        if (isDiagonal(sigma)) {
            double[] inv = new double[sigma.dim()];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = 1.0 / sigma.get(i, i);
            }
            return SymmetricMatrix.diagonal(inv);
        }
        return sigma.eigen().apply(v -> 1.0 / v);
    }
}
