package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.Dots;
import org.taskmix.linalg.Syrk;

/**
 * {@code ‖X^k‖_F² / d} for every {@code k = 1 … K} with about half the products of the step-by-step
 * powers (docs/theory.md §8.2): the {@code m = ∞} curve at d ≥ 1024.
 *
 * <p>Baby steps {@code X^a}, {@code a = 1 … h}, and giant steps {@code X^b}, {@code b = h, 2h, …};
 * since powers of {@code X} commute, {@code ‖X^{a+b}‖_F² = ‖X^aX^b‖_F² = ⟨G_a, H_b⟩} with the
 * Gram matrices {@code G_a = (X^a)ᵀX^a} and {@code H_b = X^b(X^b)ᵀ}, which the symmetric kernel
 * forms at half the cost of a product, and a Frobenius inner product costs {@code d²}. For
 * {@code K = 16}, {@code h = 4}: 5 products and 7 Gram matrices (8.5 products' worth) instead of 15
 * products. Powers are {@link ScaledMatrix}es, so the range is that of the step-by-step curve; the
 * baby steps are computed exactly as there (same bits for {@code k ≤ h}).
 *
 * <p>Rounding: an inner product of two positive semidefinite matrices carries an error of about
 * {@code d·ε·‖G_a‖_F‖H_b‖_F}, i.e. relative {@code d·ε} for a contracting {@code X}, the order of
 * the rounding of the products it replaces. A sum not clear of that bound (64 times it;
 * cancellation, or a strongly non-normal {@code X}) is recomputed from the product
 * {@code X^a·X^b}.
 */
final class PowerNorms {

    private PowerNorms() {
    }

    /** Element {@code k − 1}: {@code ‖X^k‖_F²/d}, {@code k = 1 … kMax}. */
    static double[] of(ScaledMatrix x, int kMax, int d) {
        int h = babySteps(kMax);
        double[] out = new double[kMax];
        ScaledMatrix[] baby = new ScaledMatrix[h + 1];
        baby[1] = x; // read only: the later baby steps are new products, the giant step a copy
        DMatrixRMaj work = new DMatrixRMaj(x.m.numRows, x.m.numCols);
        for (int a = 1; a <= h; a++) {
            if (a > 1) {
                baby[a] = baby[a - 1].times(x);
            }
            out[a - 1] = baby[a].squaredFrobeniusOver(d);
        }
        if (h == kMax) {
            return out;
        }
        int threads = Products.threads();
        Gram[] g = new Gram[h + 1];
        for (int a = 1; a <= h; a++) {
            g[a] = Gram.of(Syrk.transposeTimesSelf(baby[a].m, threads), 2 * baby[a].exponent);
        }
        ScaledMatrix giant = baby[h].copy();
        for (int b = h; b < kMax; b += h) {
            if (b > h) {
                giant.multiplyInPlace(baby[h], work);
                out[b - 1] = giant.squaredFrobeniusOver(d);
            }
            Gram hb = Gram.of(Syrk.timesTranspose(giant.m, threads), 2 * giant.exponent);
            for (int a = 1; a <= h && b + a <= kMax; a++) {
                if (a == h && b + h < kMax) {
                    continue; // the next giant step, computed directly
                }
                out[b + a - 1] = inner(g[a], hb, baby[a], giant, d);
            }
        }
        return out;
    }

    /**
     * {@link #of} for a symmetric {@code X} (a single-task mixture on {@code Σ = c·I}, where
     * {@code P = Λ M̄⁻¹} is a function of {@code Λ}): {@code ‖X^k‖_F² = tr(Z^k)} with the positive
     * semidefinite {@code Z = X² = XᵀX}, and {@code tr(Z^{a+b}) = ⟨Z^a, Z^b⟩}. Powers of {@code Z}
     * whose exponent doubles one already formed come from the symmetric kernel (half a product);
     * for {@code K = 16}: {@code Z}, {@code Z²}, {@code Z⁴}, {@code Z⁸} by it and {@code Z³},
     * {@code Z¹²} as products, 4 products' worth instead of {@link #of}'s 8.5. Null if an inner
     * product is not clear of its rounding bound (the caller then takes {@link #of}); for positive
     * semidefinite commuting powers {@code ⟨Z^a, Z^b⟩ ≥ ‖Z^a‖_F‖Z^b‖_F/d}, so that happens only
     * when the powers vanish.
     */
    static double[] ofSymmetric(ScaledMatrix x, int kMax, int d) {
        int threads = Products.threads();
        int h = Math.max(1, (int) Math.ceil(Math.sqrt(kMax)));
        java.util.Map<Integer, ScaledMatrix> powers = new java.util.HashMap<>();
        java.util.Map<ScaledMatrix, Double> norms = new java.util.IdentityHashMap<>();
        powers.put(1, ScaledMatrix.wrap(Syrk.transposeTimesSelf(x.m, threads), 2 * x.exponent));
        double[] out = new double[kMax];
        for (int a = 1; a <= Math.min(h, kMax); a++) {
            out[a - 1] = power(powers, a, a - 1, threads).traceOver(d);
        }
        for (int b = 2 * h; b - h < kMax; b += h) {
            ScaledMatrix giant = power(powers, b - h, h, threads);
            if (b - h > h) {
                out[b - h - 1] = giant.traceOver(d);
            }
            for (int a = 1; a <= h && b - h + a <= kMax; a++) {
                if (a == h && b < kMax) {
                    continue; // the next giant step, whose trace is taken directly
                }
                ScaledMatrix za = powers.get(a);
                double f = ScaledMatrix.checked(frobeniusInner(za.m, giant.m));
                if (!clearOfRounding(f, norms.computeIfAbsent(za, z -> CotError.frob2(z.m)),
                        norms.computeIfAbsent(giant, z -> CotError.frob2(z.m)), d)) {
                    return null;
                }
                out[b - h + a - 1] = ScaledMatrix.scaledOver(f, za.exponent + giant.exponent, d);
            }
        }
        return out;
    }

    /**
     * {@code Z^e} from the powers already formed (at least {@code Z^1 … Z^{e−1}} or
     * {@code Z^{e−step}} and {@code Z^{step}}): the symmetric kernel on {@code Z^{e/2}} when that
     * is known, else {@code Z^{e−step}·Z^{step}}, symmetrised.
     */
    private static ScaledMatrix power(java.util.Map<Integer, ScaledMatrix> powers, int e, int step, int threads) {
        ScaledMatrix known = powers.get(e);
        if (known != null) {
            return known;
        }
        ScaledMatrix half = e % 2 == 0 ? powers.get(e / 2) : null;
        ScaledMatrix z;
        if (half != null) {
            z = ScaledMatrix.wrap(Syrk.transposeTimesSelf(half.m, threads), 2 * half.exponent);
        } else {
            z = powers.get(e - step).times(powers.get(step));
            org.taskmix.linalg.SymmetricMatrix.symmetriseInPlace(z.m.data, z.m.numRows);
        }
        powers.put(e, z);
        return z;
    }

    /**
     * Baby steps {@code h} minimising the work in products' worth, {@code (h − 1) + (g − 1) + (h + g)/2}
     * with {@code g = ⌈K/h⌉ − 1} giant steps; {@code K} itself (the step-by-step powers,
     * {@code K − 1} products) where nothing is saved.
     */
    static int babySteps(int kMax) {
        int best = kMax;
        double bestCost = kMax - 1;
        for (int h = 1; h < kMax; h++) {
            int giants = (kMax + h - 1) / h - 1;
            double cost = (h - 1) + (giants - 1) + 0.5 * (h + giants);
            if (cost < bestCost) {
                best = h;
                bestCost = cost;
            }
        }
        return best;
    }

    /** A Gram matrix {@code M·2^exponent} (symmetric, full storage). */
    /** A Gram matrix with its scale and its {@code ‖·‖_F²}, taken once for all its inner products. */
    private record Gram(DMatrixRMaj m, long exponent, double frob2) {
        static Gram of(DMatrixRMaj m, long exponent) {
            return new Gram(m, exponent, CotError.frob2(m));
        }
    }

    /** {@code ⟨G_a, H_b⟩ / d = ‖X^aX^b‖_F²/d}, recomputed from the product if cancellation ate it. */
    private static double inner(Gram g, Gram h, ScaledMatrix xa, ScaledMatrix xb, int d) {
        double f = ScaledMatrix.checked(frobeniusInner(g.m(), h.m()));
        // A value not clear of its rounding (cancellation, a strongly non-normal X) is recomputed
        // from the product.
        if (!clearOfRounding(f, g.frob2(), h.frob2(), d)) {
            return xa.times(xb).squaredFrobeniusOver(d);
        }
        return ScaledMatrix.scaledOver(f, g.exponent() + h.exponent(), d);
    }

    /**
     * True if the inner product {@code f = ⟨g, h⟩} of two positive semidefinite matrices exceeds
     * {@link #CANCELLATION_FACTOR} times its rounding bound {@code d·ε·‖g‖_F‖h‖_F}, given
     * {@code ‖g‖_F²} and {@code ‖h‖_F²} (each a serial pass over 134 MB at d = 4096, so taken once
     * per matrix, not once per pair).
     */
    private static boolean clearOfRounding(double f, double gFrob2, double hFrob2, int d) {
        return f > CANCELLATION_FACTOR * d * Math.ulp(1.0) * Math.sqrt(gFrob2 * hFrob2);
    }

    /**
     * An inner product is trusted when it exceeds 64 times its rounding bound
     * {@code d·ε·‖G‖_F‖H‖_F}: then at most 1/64 of it can be rounding, and in practice (errors
     * add up like a random walk, about {@code √d·ε}) far less.
     */
    static final double CANCELLATION_FACTOR = 64;

    /**
     * {@code Σ_ij a_ij b_ij} of two symmetric matrices from their upper triangles: the diagonal
     * plus twice the strict upper part, row by row in index order (each row's part by
     * {@link Dots#dot4}). The rows' parts are computed on all cores and then added in row order,
     * so the sum is the one a single pass gives, bit for bit.
     */
    static double frobeniusInner(DMatrixRMaj a, DMatrixRMaj b) {
        int n = a.numRows;
        double[] rows = new double[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            int row = i * n;
            rows[i] = Dots.dot4(a.data, row + i + 1, b.data, row + i + 1, n - i - 1);
        });
        double diagonal = 0;
        double upper = 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            diagonal += a.data[row + i] * b.data[row + i];
            upper += rows[i];
        }
        return diagonal + 2 * upper;
    }
}
