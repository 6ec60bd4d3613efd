package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;

class PreconditionerTest {

    /**
     * EJML's Cholesky solve versus a Gauss–Jordan inverse: both backward stable, condition numbers
     * here below 1e3, so the difference is below 1e3·1e-16·d relative; 1e-10 is ample.
     */
    private static final double SOLVE_TOLERANCE = 1e-10;

    @Test
    void singleTaskMixtureIsGammaInverse() {
        Random rng = new Random(1);
        SymmetricMatrix lambda = Fixtures.randomSpd(6, 0.1, 2, rng);
        int n = 9;
        double[][] viaMixture = Fixtures.toArray(Preconditioner.of(new Catalog(List.of(Task.of("a", lambda))),
                new double[] {1}, n));
        // Γ = (1 + 1/n)Λ + (tr Λ/n) I, inverted independently.
        double[][] gamma = lambda.toArray();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                gamma[i][j] *= 1 + 1.0 / n;
            }
            gamma[i][i] += lambda.trace() / n;
        }
        double[][] inv = Fixtures.inverse(gamma);
        assertTrue(Fixtures.maxAbsDiff(viaMixture, inv) <= SOLVE_TOLERANCE * Fixtures.maxAbs(inv));
        double[][] single = Fixtures.toArray(Preconditioner.ofSingle(lambda, n));
        assertTrue(Fixtures.maxAbsDiff(single, inv) <= SOLVE_TOLERANCE * Fixtures.maxAbs(inv));
    }

    @Test
    void mixtureIsLambdaBarTimesInverseOfMBarWithPerTaskPromptLengths() {
        Random rng = new Random(2);
        int d = 5;
        SymmetricMatrix a = Fixtures.randomSpd(d, 0.1, 2, rng);
        SymmetricMatrix b = Fixtures.randomSpd(d, 0.3, 5, rng);
        SymmetricMatrix c = Fixtures.randomSpd(d, 0.05, 1, rng);
        // Task b trains with its own n = 40; the others use the default 7.
        List<Task> tasks = List.of(Task.of("a", a), new Task("b", null, null, 40, b, WeightLimits.NONE),
                Task.of("c", c));
        double[] w = {0.2, 0.5, 0.3};
        int[] ns = {7, 40, 7};
        SymmetricMatrix[] ls = {a, b, c};
        double[][] lambdaBar = new double[d][d];
        double[][] mBar = new double[d][d];
        for (int l = 0; l < 3; l++) {
            double[][] g = ls[l].toArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    g[i][j] *= 1 + 1.0 / ns[l];
                }
                g[i][i] += ls[l].trace() / ns[l];
            }
            double[][] gl = Fixtures.mult(g, ls[l].toArray());
            double[][] lam = ls[l].toArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    lambdaBar[i][j] += w[l] * lam[i][j];
                    mBar[i][j] += w[l] * gl[i][j];
                }
            }
        }
        double[][] expected = Fixtures.mult(lambdaBar, Fixtures.inverse(mBar));
        double[][] actual = Fixtures.toArray(Preconditioner.of(new Catalog(tasks), w, 7));
        assertTrue(Fixtures.maxAbsDiff(expected, actual) <= SOLVE_TOLERANCE * Fixtures.maxAbs(expected),
                "difference " + Fixtures.maxAbsDiff(expected, actual));
    }

    @Test
    void scaleInvariantInTheWeights() {
        Random rng = new Random(4);
        Catalog cat = new Catalog(List.of(Task.of("a", Fixtures.randomSpd(4, 0.1, 2, rng)),
                Task.of("b", Fixtures.randomSpd(4, 0.1, 2, rng))));
        double[][] p1 = Fixtures.toArray(Preconditioner.of(cat, new double[] {0.25, 0.75}, 10));
        double[][] p2 = Fixtures.toArray(Preconditioner.of(cat, new double[] {1, 3}, 10));
        assertTrue(Fixtures.maxAbsDiff(p1, p2) <= 1e-13 * Fixtures.maxAbs(p1));
    }

    @Test
    void uncoveredDirectionIsReported() {
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0)),
                Task.of("b", SymmetricMatrix.diagonal(0, 1))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preconditioner.of(cat, new double[] {1, 0}, 10));
        assertEquals("the mixture's second moment M = sum pi_l Gamma_l Lambda_l is singular: the weighted tasks"
                + " leave some feature direction with zero variance", e.getMessage());
    }

    /**
     * From 128 rows on P comes from blocked triangular solves (GEMM-based, docs/theory.md §8): not
     * EJML's bits but its values, within the forward error of two backward-stable solves,
     * {@code κ(M)·d·ε} with {@code κ(M) = κ(A)²} of the order 10⁴ for this Gaussian A (d = 150):
     * about 3e-10 relative; 1e-7 leaves margin and still catches a wrong block (order-1 errors).
     */
    private static final double BLOCKED_VS_EJML_TOLERANCE = 1e-7;

    @Test
    void blockedSolveForPAgreesWithEjmlsSolver() {
        int d = 150;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) {
            a.data[i] = rng.nextGaussian();
        }
        org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(a, a, m);
        org.ejml.data.DMatrixRMaj l = new org.ejml.data.DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.multTransA(a, a, l);
        org.ejml.interfaces.linsol.LinearSolverDense<org.ejml.data.DMatrixRMaj> solver =
                org.ejml.dense.row.factory.LinearSolverFactory_DDRM.symmPosDef(d);
        org.junit.jupiter.api.Assertions.assertTrue(solver.setA(m.copy()));
        org.ejml.data.DMatrixRMaj x = new org.ejml.data.DMatrixRMaj(d, d);
        solver.solve(l.copy(), x);
        org.ejml.data.DMatrixRMaj expected = org.ejml.dense.row.CommonOps_DDRM.transpose(x, null);
        org.ejml.data.DMatrixRMaj got = Preconditioner.lambdaBarTimesInverse(l, m);
        double scale = org.ejml.dense.row.CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < d * d; i++) {
            assertEquals(expected.data[i], got.data[i], BLOCKED_VS_EJML_TOLERANCE * scale, "entry " + i);
        }
    }

    @Test
    void largeSecondMomentIsTheSymmetricSquareFormulaBitForBit() {
        int d = Products.LARGE_DIM;
        SymmetricMatrix lambda = Fixtures.randomSpd(d, 0.1, 2, new Random(10));
        int n = 20;
        double[] x = lambda.toEjml().data;
        org.ejml.data.DMatrixRMaj square = org.taskmix.linalg.Syrk.symmetricSquare(lambda.toEjml(), 1);
        double a = 1.0 + 1.0 / n;
        double b = lambda.trace() / n;
        for (int i = 0; i < square.data.length; i++) {
            square.data[i] = a * square.data[i] + b * x[i];
        }
        // What the checked copy gave before the sum was taken over as it is.
        assertEquals(SymmetricMatrix.of(square), Preconditioner.secondMoment(lambda, n));
    }

    @Test
    void secondMomentsAreCachedByCovarianceIdentity() {
        SymmetricMatrix lambda = Fixtures.randomSpd(4, 0.1, 2, new Random(9));
        SymmetricMatrix first = Preconditioner.cachedSecondMoment(lambda, 7);
        assertTrue(first == Preconditioner.cachedSecondMoment(lambda, 7), "same object, same n: cached");
        assertTrue(first != Preconditioner.cachedSecondMoment(lambda, 8), "another n: another product");
        SymmetricMatrix twin = SymmetricMatrix.of(lambda.toArray());
        SymmetricMatrix again = Preconditioner.cachedSecondMoment(twin, 7);
        assertTrue(again != first, "keyed by identity, not by entries");
        assertEquals(first, again);
    }
}
