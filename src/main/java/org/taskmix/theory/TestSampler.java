package org.taskmix.theory;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Draws test-prompt second moments {@code Ŝ_m = X Xᵀ / m} with the {@code m} columns of
 * {@code X} i.i.d. {@code N(0, Σ)} (math.md §4).
 *
 * <p>{@code X = Σ^{1/2} Z} with the symmetric square root (eigenvalues clipped at 0, so a
 * semidefinite {@code Σ} works too), hence {@code Ŝ = Σ^{1/2} (Z Zᵀ/m) Σ^{1/2}}: the {@code d×d}
 * products cost {@code O(d³)} and the draw {@code O(d² m)}.
 *
 * <p>Random streams: one {@link SplittableRandom} per sample, split from a root seeded with the
 * user's seed in sample order, so the draws do not depend on how samples are spread over threads.
 */
final class TestSampler {

    private final int d;
    private final int m;
    private final DMatrixRMaj root;

    TestSampler(SymmetricMatrix sigma, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        this.d = sigma.dim();
        this.m = m;
        this.root = sigma.eigen().apply(v -> Math.sqrt(Math.max(v, 0))).toEjml();
    }

    /** Per-sample random streams, split in sample order from a root seeded with {@code seed}. */
    static SplittableRandom[] streams(long seed, int count) {
        SplittableRandom rootRng = new SplittableRandom(seed);
        SplittableRandom[] out = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            out[i] = rootRng.split();
        }
        return out;
    }

    /** Scratch space for one thread. */
    final class Workspace {
        final DMatrixRMaj z = new DMatrixRMaj(d, m);
        final DMatrixRMaj w = new DMatrixRMaj(d, d);
        final DMatrixRMaj t = new DMatrixRMaj(d, d);
    }

    Workspace workspace() {
        return new Workspace();
    }

    /** Draws one {@code Ŝ_m} into {@code out}. */
    void draw(SplittableRandom rng, Workspace ws, DMatrixRMaj out) {
        double[] z = ws.z.data;
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        CommonOps_DDRM.multTransB(1.0 / m, ws.z, ws.z, ws.w);
        CommonOps_DDRM.mult(root, ws.w, ws.t);
        CommonOps_DDRM.mult(ws.t, root, out);
    }

    int dim() {
        return d;
    }
}
