package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class PowerNormsTest {

    /**
     * The baby-step/giant-step norms against step-by-step powers: both carry rounding of order
     * {@code k·d·ε} relative (d ≤ 150, k ≤ 40: under 1e-11 for these well-scaled matrices);
     * 1e-9 leaves margin and still catches a wrong power (off by a factor ≥ 0.7 per step).
     */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    @Test
    void matchesStepByStepPowersForContractingAndGrowingMatrices() {
        assertMatchesStepByStep((d, radius, kMax) -> random(d, radius, 31L * kMax), PowerNorms::of);
    }

    /** A curve from {@code residual(x)}, {@code kMax} and {@code d}. */
    private interface Route {
        double[] curve(ScaledMatrix residual, int kMax, int d);
    }

    /** A test matrix of dimension {@code d} and spectral radius about {@code radius}. */
    private interface Source {
        DMatrixRMaj matrix(int d, double radius, int kMax);
    }

    /** {@code route} against the step-by-step curve, contracting and growing, {@code K} up to 40. */
    private static void assertMatchesStepByStep(Source source, Route route) {
        for (double radius : new double[] {0.5, 0.97, 1.3}) {
            for (int kMax : new int[] {1, 2, 5, 16, 17, 40}) {
                int d = 60 + kMax;
                DMatrixRMaj x = source.matrix(d, radius, kMax);
                double[] want = stepByStep(x, kMax, d);
                double[] got = route.curve(residual(x), kMax, d);
                for (int k = 0; k < kMax; k++) {
                    assertEquals(want[k], got[k], RELATIVE_TOLERANCE * want[k],
                            "radius " + radius + ", kMax " + kMax + ", k " + (k + 1));
                }
            }
        }
    }

    @Test
    void babyStepsAreTheStepByStepOnesBitForBit() {
        DMatrixRMaj x = random(90, 0.9, 3);
        double[] want = stepByStep(x, 16, 90);
        double[] got = PowerNorms.of(residual(x), 16, 90);
        int h = PowerNorms.babySteps(16);
        for (int k = 0; k < h; k++) {
            assertEquals(want[k], got[k], 0.0, "k " + (k + 1));
        }
    }

    @Test
    void babyStepsMinimiseTheWork() {
        assertEquals(4, PowerNorms.babySteps(16));
        assertEquals(1, PowerNorms.babySteps(1));
        assertEquals(2, PowerNorms.babySteps(2));
    }

    @Test
    void overflowingPowersReportInfinityNotNaN() {
        DMatrixRMaj x = random(70, 1.3, 9);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] *= 1e200;
        }
        double[] got = PowerNorms.of(residual(x), 16, 70);
        assertEquals(Double.POSITIVE_INFINITY, got[15]);
    }

    @Test
    void symmetricRouteMatchesStepByStepPowers() {
        assertMatchesStepByStep((d, radius, kMax) -> symmetric(d, radius, 17L * kMax), PowerNorms::ofSymmetric);
    }

    @Test
    void symmetricRouteOfASingleTaskPredictionMatchesTheGeneralOne() {
        // P = Λ M̄⁻¹ of one task is symmetric in exact arithmetic: both routes give one curve.
        Random rng = new Random(8);
        int d = Products.LARGE_DIM;
        org.taskmix.catalog.Catalog catalog = new org.taskmix.catalog.Catalog(java.util.List.of(
                org.taskmix.catalog.Task.of("a", Fixtures.randomSpd(d, 0.1, 2, rng)),
                org.taskmix.catalog.Task.of("b", Fixtures.randomSpd(d, 0.2, 1, rng))));
        double[] w = {0, 1};
        assertEquals(true, Prediction.singleTask(w));
        assertEquals(false, Prediction.singleTask(new double[] {0.5, 0.5}));
        DMatrixRMaj p = Preconditioner.solve(catalog, w, 20).p();
        SymmetricMatrix sigma = SymmetricMatrix.identity(d).scale(30);
        double[] want = CotError.infiniteM(p, sigma, 16);
        double[] got = CotError.infiniteMSymmetric(p, sigma, 16);
        for (int k = 0; k < 16; k++) {
            assertEquals(want[k], got[k], RELATIVE_TOLERANCE * want[k], "k " + (k + 1));
        }
    }

    /** A symmetric Gaussian (Wigner) matrix of spectral radius about {@code radius} (semicircle law). */
    private static DMatrixRMaj symmetric(int d, double radius, long seed) {
        Random rng = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextGaussian() * radius / (2 * Math.sqrt(d));
                x.data[i * d + j] = v;
                x.data[j * d + i] = v;
            }
        }
        return x;
    }

    /** A non-normal Gaussian matrix of spectral radius about {@code radius} (circular law). */
    private static DMatrixRMaj random(int d, double radius, long seed) {
        Random rng = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = rng.nextGaussian() * radius / Math.sqrt(d);
        }
        return x;
    }

    /**
     * The step-by-step curve, by {@link CotError#infiniteM} (below d = 1024 it multiplies one power
     * at a time) with {@code P = I − X} and {@code Σ = I}; {@link #residual} is its starting matrix.
     */
    private static double[] stepByStep(DMatrixRMaj x, int kMax, int d) {
        return CotError.infiniteM(preconditioner(x), SymmetricMatrix.identity(d), kMax);
    }

    /** {@code I − P·I}, the matrix both curves raise to powers. */
    private static ScaledMatrix residual(DMatrixRMaj x) {
        return ScaledMatrix.of(CotError.residual(preconditioner(x), CommonOps_DDRM.identity(x.numRows)));
    }

    private static DMatrixRMaj preconditioner(DMatrixRMaj x) {
        DMatrixRMaj p = CommonOps_DDRM.identity(x.numRows);
        CommonOps_DDRM.subtractEquals(p, x);
        return p;
    }
}
