package org.taskmix.catalog;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.RandomVariates;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Draws of the sample second moment {@code Ŝ* = (1/N) Σ x xᵀ} of N rows {@code x ~ N(0, Λ)},
 * without drawing the rows: {@code N·Ŝ*} is Wishart {@code W_d(Λ, N)}, sampled by Bartlett's
 * decomposition {@code N·Ŝ* = R A Aᵀ Rᵀ} with {@code R R ᵀ = Λ} (the symmetric square root) and
 * {@code A} lower triangular, {@code A_ii = √χ²_{N−i}}, {@code A_ij ~ N(0, 1)} below the
 * diagonal. One draw costs {@code O(d³)} whatever N, which is what makes a parametric bootstrap of
 * a catalog estimated from millions of rows affordable (docs/theory.md, section 8).
 */
public final class Wishart {

    private final int d;
    private final double[] root;

    /** A sampler for {@code Λ} (positive semidefinite). */
    public Wishart(SymmetricMatrix lambda) {
        this.d = lambda.dim();
        DMatrixRMaj r = lambda.eigen().apply(v -> Math.sqrt(Math.max(v, 0))).toEjml();
        this.root = r.data.clone();
    }

    /** One draw of {@code Ŝ*} from {@code samples} rows. */
    public SymmetricMatrix sampleMoment(double samples, SplittableRandom rng) {
        if (!(samples >= 1)) {
            throw new IllegalArgumentException("a Wishart draw needs at least one sample, got " + samples);
        }
        // A, lower triangular, row-major.
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = Math.sqrt(RandomVariates.chiSquare(rng, samples - i));
            for (int j = 0; j < i; j++) {
                a[i * d + j] = rng.nextGaussian();
            }
        }
        // M = R A (A lower triangular: column j of A is non-zero from row j down).
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            int ri = i * d;
            int mi = i * d;
            for (int k = 0; k < d; k++) {
                double rik = root[ri + k];
                if (rik == 0) {
                    continue;
                }
                int ak = k * d;
                for (int j = 0; j <= k; j++) {
                    m[mi + j] += rik * a[ak + j];
                }
            }
        }
        // Ŝ* = M Mᵀ / N.
        double[][] s = new double[d][d];
        double inv = 1.0 / samples;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double acc = 0;
                int mi = i * d;
                int mj = j * d;
                for (int k = 0; k < d; k++) {
                    acc += m[mi + k] * m[mj + k];
                }
                s[i][j] = acc * inv;
                s[j][i] = s[i][j];
            }
        }
        return SymmetricMatrix.of(s);
    }
}
