package org.taskmix.catalog;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.SymmetricEigen;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Seeded draws {@code x = C^{1/2} z}, {@code z ~ N(0, I)}, from a zero-mean Gaussian with
 * covariance {@code C} (positive semidefinite; the symmetric square root handles singular
 * {@code C}). Used to make synthetic per-task embedding files for {@code estimate}.
 */
public final class GaussianSamples {

    private final int d;
    private final double[] root;
    private final SplittableRandom random;
    private final double[] z;

    /** Draws from {@code N(0, covariance)} with the stream fixed by {@code seed}. */
    public GaussianSamples(SymmetricMatrix covariance, long seed) {
        this.d = covariance.dim();
        SymmetricEigen e = covariance.eigen();
        SymmetricMatrix sqrt = e.apply(v -> Math.sqrt(Math.max(v, 0)));
        DMatrixRMaj r = sqrt.toEjml();
        this.root = r.data;
        this.random = new SplittableRandom(seed);
        this.z = new double[d];
    }

    /** Dimension {@code d}. */
    public int dim() {
        return d;
    }

    /** Fills {@code x} (length {@code d}) with the next sample. */
    public void next(double[] x) {
        for (int i = 0; i < d; i++) {
            z[i] = random.nextGaussian();
        }
        for (int i = 0; i < d; i++) {
            double s = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) {
                s += root[row + j] * z[j];
            }
            x[i] = s;
        }
    }
}
