package org.taskmix.validation;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Test-only Monte-Carlo oracle of the theory's CoT error {@code E‖(I − P Ŝ_m)^k‖_F² / d}
 * (docs/theory.md §4), computed independently of the validation layer: {@code java.util.Random}
 * normals, a Cholesky factor of {@code Σ} instead of the symmetric root, EJML products, and the
 * closed-form average over {@code w*} instead of sampling it.
 */
final class CotOracle {

    /** Mean and standard error per {@code k = 1..kMax} (index {@code k − 1}). */
    record Estimate(double[] mean, double[] standardError) {
    }

    private CotOracle() {
    }

    static Estimate estimate(DMatrixRMaj p, SymmetricMatrix sigma, int m, int kMax, int samples, long seed) {
        int d = sigma.dim();
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        DMatrixRMaj l = sigma.toEjml();
        if (!chol.decompose(l)) {
            throw new IllegalArgumentException("Sigma is not positive definite");
        }
        DMatrixRMaj lower = chol.getT(null);
        Random r = new Random(seed);
        double[] sum = new double[kMax];
        double[] sumSq = new double[kMax];
        DMatrixRMaj z = new DMatrixRMaj(d, m);
        DMatrixRMaj x = new DMatrixRMaj(d, m);
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        DMatrixRMaj ps = new DMatrixRMaj(d, d);
        DMatrixRMaj step = new DMatrixRMaj(d, d);
        DMatrixRMaj power = new DMatrixRMaj(d, d);
        DMatrixRMaj next = new DMatrixRMaj(d, d);
        for (int t = 0; t < samples; t++) {
            for (int i = 0; i < z.data.length; i++) {
                z.data[i] = r.nextGaussian();
            }
            CommonOps_DDRM.mult(lower, z, x);
            CommonOps_DDRM.multTransB(1.0 / m, x, x, s);
            CommonOps_DDRM.mult(p, s, ps);
            CommonOps_DDRM.setIdentity(step);
            CommonOps_DDRM.subtractEquals(step, ps);
            power.setTo(step);
            for (int k = 0; k < kMax; k++) {
                if (k > 0) {
                    CommonOps_DDRM.mult(step, power, next);
                    power.setTo(next);
                }
                double f = NormOps_DDRM.normF(power);
                double e = f * f / d;
                sum[k] += e;
                sumSq[k] += e * e;
            }
        }
        double[] mean = new double[kMax];
        double[] se = new double[kMax];
        for (int k = 0; k < kMax; k++) {
            mean[k] = sum[k] / samples;
            double var = (sumSq[k] - samples * mean[k] * mean[k]) / (samples - 1);
            se[k] = Math.sqrt(Math.max(0, var) / samples);
        }
        return new Estimate(mean, se);
    }
}
