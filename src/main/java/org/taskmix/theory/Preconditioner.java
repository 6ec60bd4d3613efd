package org.taskmix.theory;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.linalg.TriangularSolve;

/**
 * The population-optimal LSA preconditioner (docs/theory.md §3).
 *
 * <p>For one task with prompt length {@code n}: {@code Γ = (1 + 1/n)Λ + (tr Λ/n) I} and the
 * optimum is {@code V_31 = −Γ⁻¹}. For a mixture {@code π} (one task per prompt):
 * {@code P(π) = Λ̄ M̄⁻¹} with {@code Λ̄ = Σ π_ℓ Λ_ℓ} and {@code M̄ = Σ π_ℓ Γ_ℓ Λ_ℓ}.
 */
public final class Preconditioner {

    private Preconditioner() {
    }

    /** {@code Γ = (1 + 1/n)Λ + (tr Λ/n) I}. */
    public static SymmetricMatrix gamma(SymmetricMatrix lambda, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: value " + n + " must be >= 1");
        }
        return lambda.scale(1.0 + 1.0 / n).combine(1.0, SymmetricMatrix.identity(lambda.dim()), lambda.trace() / n);
    }

    /**
     * {@code Γ_ℓΛ_ℓ} by task covariance (the object, not its entries) and prompt length, kept
     * while the covariance is in use: {@code compare} predicts several mixtures of one catalog and
     * each needs the {@code d³} product of every task it weighs (at d = 768 these products were
     * half of its CPU time). Keyed by identity: the entries of a covariance kept in a sidecar
     * would be read from disk again to hash or compare them. Bounded to a third of the heap
     * ({@link #CACHE_SHARE}); beyond that products are recomputed, not cached.
     */
    private static final SecondMoments SECOND_MOMENTS = new SecondMoments();

    /**
     * The cache may fill {@code 1/CACHE_SHARE} of the heap. A third: at d = 4096 one product is
     * 134 MB, so 20 tasks need 2.7 GB, and one that does not fit costs every later mixture a
     * recomputation (about two seconds each on two cores; an eighth of a 16 GB heap held 14 of
     * 20). A prediction at that size holds about 3 GB more (one at a time, {@code Study}).
     */
    static final int CACHE_SHARE = 3;

    /** A weak, identity-keyed cache: an entry goes when its covariance is no longer reachable. */
    private static final class SecondMoments {
        private final Map<Integer, List<Key>> buckets = new HashMap<>();
        private final ReferenceQueue<SymmetricMatrix> cleared = new ReferenceQueue<>();
        private int size;

        /** The weak key, with the products per prompt length. */
        private static final class Key extends WeakReference<SymmetricMatrix> {
            final int hash;
            final Map<Integer, SymmetricMatrix> byN = new HashMap<>();

            Key(SymmetricMatrix lambda, ReferenceQueue<SymmetricMatrix> queue) {
                super(lambda, queue);
                this.hash = System.identityHashCode(lambda);
            }
        }

        synchronized SymmetricMatrix get(SymmetricMatrix lambda, int n) {
            expunge();
            Key k = find(lambda);
            return k == null ? null : k.byN.get(n);
        }

        synchronized void put(SymmetricMatrix lambda, int n, SymmetricMatrix m) {
            expunge();
            long bytes = 8L * lambda.dim() * lambda.dim();
            if ((size + 1) * bytes >= Runtime.getRuntime().maxMemory() / CACHE_SHARE) {
                return;
            }
            Key k = find(lambda);
            if (k == null) {
                k = new Key(lambda, cleared);
                buckets.computeIfAbsent(k.hash, h -> new ArrayList<>()).add(k);
            }
            if (k.byN.put(n, m) == null) {
                size++;
            }
        }

        private Key find(SymmetricMatrix lambda) {
            for (Key k : buckets.getOrDefault(System.identityHashCode(lambda), List.of())) {
                if (k.get() == lambda) {
                    return k;
                }
            }
            return null;
        }

        private void expunge() {
            for (Reference<? extends SymmetricMatrix> r; (r = cleared.poll()) != null; ) {
                Key k = (Key) r;
                List<Key> bucket = buckets.get(k.hash);
                if (bucket != null && bucket.remove(k)) {
                    size -= k.byN.size();
                    if (bucket.isEmpty()) {
                        buckets.remove(k.hash);
                    }
                }
            }
        }
    }

    /** {@code Γ_ℓ Λ_ℓ = E[Ŝ²]} for one task (cached, see {@link #SECOND_MOMENTS}). */
    static SymmetricMatrix cachedSecondMoment(SymmetricMatrix lambda, int n) {
        SymmetricMatrix m = SECOND_MOMENTS.get(lambda, n);
        if (m == null) {
            m = secondMoment(lambda, n);
            SECOND_MOMENTS.put(lambda, n, m);
        }
        return m;
    }

    /** {@code Γ_ℓ Λ_ℓ = E[Ŝ²]} for one task; symmetric because Γ is a polynomial in Λ. */
    public static SymmetricMatrix secondMoment(SymmetricMatrix lambda, int n) {
        if (lambda.dim() >= Products.LARGE_DIM) {
            return largeSecondMoment(lambda, n);
        }
        DMatrixRMaj g = gamma(lambda, n).toEjml();
        DMatrixRMaj out = new DMatrixRMaj(lambda.dim(), lambda.dim());
        // Tasks already run one per core (see of), so the product stays on this thread.
        Products.multHere(g, lambda.toEjml(), out);
        return SymmetricMatrix.of(symmetrise(out));
    }

    /**
     * {@code ΓΛ = (1 + 1/n)Λ² + (tr Λ/n)Λ} with {@code Λ² = ΛᵀΛ} by the symmetric kernel (half the
     * flops of {@code Γ·Λ}, exactly symmetric; docs/theory.md §8.2), on this thread.
     */
    private static SymmetricMatrix largeSecondMoment(SymmetricMatrix lambda, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: value " + n + " must be >= 1");
        }
        DMatrixRMaj l = lambda.toEjml();
        DMatrixRMaj out = org.taskmix.linalg.Syrk.symmetricSquare(l, 1);
        double a = 1.0 + 1.0 / n;
        double b = lambda.trace() / n;
        double[] o = out.data;
        double[] x = l.data;
        boolean finite = true;
        for (int i = 0; i < o.length; i++) {
            o[i] = a * o[i] + b * x[i];
            finite &= Double.isFinite(o[i]);
        }
        // Both terms are exactly symmetric, so the sum is: taken over as it is (the values of()
        // gives, without its two 134 MB copies at d = 4096); of() names an entry out of range.
        return finite ? SymmetricMatrix.fromUpper(lambda.dim(), o) : SymmetricMatrix.of(out);
    }

    /**
     * {@code P(π)} for a catalog, each task using its own prompt length or {@code defaultN}.
     *
     * @throws IllegalArgumentException if the weights do not match the catalog, or {@code M̄} is
     *         singular (the mixture covers no direction of some skill)
     */
    public static DMatrixRMaj of(Catalog catalog, double[] weights, int defaultN) {
        return solve(catalog, weights, defaultN).p();
    }

    /**
     * {@code P = Λ̄M̄⁻¹} with the pieces it was made from, for the symmetric spectrum of
     * {@code PΣ} when {@code Σ} is a multiple of the identity ({@link ScalarTargetSpectrum}); the
     * pieces are kept from {@link Products#PARALLEL_DIM} rows on (null below).
     *
     * @param p          the preconditioner
     * @param lower      the lower Cholesky factor {@code L} of {@code M̄ = LLᵀ}, or null
     * @param halfSolved {@code L⁻¹Λ̄} ({@code Λ̄ = Σ π_ℓ Λ_ℓ}), or null
     */
    record Solved(DMatrixRMaj p, DMatrixRMaj lower, DMatrixRMaj halfSolved) {
    }

    /** As {@link #of}, keeping {@code Λ̄} and the Cholesky factor of {@code M̄}. */
    static Solved solve(Catalog catalog, double[] weights, int defaultN) {
        if (weights.length != catalog.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + catalog.size() + " tasks");
        }
        int d = catalog.dim();
        DMatrixRMaj lambdaBar = new DMatrixRMaj(d, d);
        DMatrixRMaj mBar = new DMatrixRMaj(d, d);
        List<Task> tasks = catalog.tasks();
        // The d³ products first, one task per core (each the same computation whatever the thread),
        // then the sums in catalog order, so P does not depend on the number of cores.
        SymmetricMatrix[] second = new SymmetricMatrix[tasks.size()];
        IntStream.range(0, tasks.size()).parallel().filter(l -> weights[l] != 0).forEach(l -> second[l] =
                cachedSecondMoment(tasks.get(l).covariance(), tasks.get(l).promptLength(defaultN)));
        for (int l = 0; l < tasks.size(); l++) {
            double w = weights[l];
            if (w == 0) {
                continue;
            }
            Task t = tasks.get(l);
            t.covariance().addScaledTo(w, lambdaBar);
            second[l].addScaledTo(w, mBar);
            second[l] = null;
        }
        return solveMixture(lambdaBar, mBar);
    }

    /** {@code Γ⁻¹} for one task: the single-task special case of {@link #of}. */
    public static DMatrixRMaj ofSingle(SymmetricMatrix lambda, int n) {
        DMatrixRMaj g = gamma(lambda, n).toEjml();
        DMatrixRMaj inv = new DMatrixRMaj(g.numRows, g.numCols);
        if (!CommonOps_DDRM.invertSPD(g, inv)) {
            throw new IllegalArgumentException("Gamma is not positive definite (zero covariance?)");
        }
        return inv;
    }

    /** {@code Λ̄ M̄⁻¹}, computed as the transpose of {@code M̄⁻¹ Λ̄} (M̄, Λ̄ symmetric). */
    static DMatrixRMaj lambdaBarTimesInverse(DMatrixRMaj lambdaBar, DMatrixRMaj mBar) {
        return solveMixture(lambdaBar, mBar).p();
    }

    private static Solved solveMixture(DMatrixRMaj lambdaBar, DMatrixRMaj mBar) {
        int d = lambdaBar.numRows;
        if (d >= Products.PARALLEL_DIM) {
            return blockedSolve(lambdaBar, mBar);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(d);
        if (!solver.setA(mBar.copy())) {
            throw singular();
        }
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        solver.solve(lambdaBar.copy(), x);
        return new Solved(CommonOps_DDRM.transpose(x, null), null, null);
    }

    private static IllegalArgumentException singular() {
        return new IllegalArgumentException("the mixture's second moment M = sum pi_l Gamma_l Lambda_l is singular:"
                + " the weighted tasks leave some feature direction with zero variance");
    }

    /**
     * From {@link Products#PARALLEL_DIM} rows on: EJML's Cholesky factor {@code M̄ = LLᵀ}, then
     * {@code Y = L⁻¹Λ̄} and {@code X = L⁻ᵀY = M̄⁻¹Λ̄} by blocked triangular solves whose work is
     * {@link org.taskmix.linalg.Gemm} products on all cores (the result does not depend on their
     * number); {@code L} and {@code Y} are kept for the symmetric spectrum.
     */
    private static Solved blockedSolve(DMatrixRMaj lambdaBar, DMatrixRMaj mBar) {
        int d = lambdaBar.numRows;
        if (d >= Products.LARGE_DIM) {
            // EJML's factorisation runs on one core (d³/3 flops: seconds at d = 4096); this one
            // runs its panels' trailing updates in the covariance kernel on all cores.
            DMatrixRMaj lower = org.taskmix.linalg.LowerCholesky.factor(mBar, Products.threads());
            if (lower == null) {
                throw singular();
            }
            DMatrixRMaj y = TriangularSolve.lower(lower, lambdaBar);
            DMatrixRMaj x = TriangularSolve.lowerTransposed(lower, y);
            return new Solved(CommonOps_DDRM.transpose(x, null), lower, y);
        }
        org.ejml.interfaces.decomposition.CholeskyDecomposition_F64<DMatrixRMaj> chol =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(mBar.copy())) {
            throw singular();
        }
        DMatrixRMaj lower = chol.getT(null);
        for (int i = 0; i < d; i++) {
            java.util.Arrays.fill(lower.data, i * d + i + 1, (i + 1) * d, 0.0);
        }
        DMatrixRMaj y = TriangularSolve.lower(lower, lambdaBar);
        DMatrixRMaj x = TriangularSolve.lowerTransposed(lower, y);
        return new Solved(CommonOps_DDRM.transpose(x, null), lower, y);
    }

    private static DMatrixRMaj symmetrise(DMatrixRMaj a) {
        DMatrixRMaj t = CommonOps_DDRM.transpose(a, null);
        CommonOps_DDRM.add(0.5, a, 0.5, t, t);
        return t;
    }
}
