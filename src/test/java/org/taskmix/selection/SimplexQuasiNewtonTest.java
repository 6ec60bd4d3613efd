package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SimplexQuasiNewtonTest {

    /** KKT residuals of an exact QP solve are rounding: a few ulps of the gradient's size. */
    private static final double QP_KKT = 1e-10;

    /**
     * Relative gap tolerance of the runs: with a Hessian condition number of 1e4 the weights are
     * resolved to about sqrt(1e-16·1e4) = 1e-6 by the value, so the gap cannot reliably go below
     * about 1e-8 relative; 1e-7 is reachable and far below any effect.
     */
    private static final double GAP = 1e-7;

    /** Feasibility of returned points: bounds are set exactly, the sum to rounding. */
    private static final double FEASIBLE = 1e-12;

    private static double[][] randomSpd(int t, double condition, Random rng) {
        double[][] a = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        double[][] b = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double s = 0;
                for (int l = 0; l < t; l++) {
                    s += a[i][l] * a[j][l];
                }
                b[i][j] = s + (i == j ? 1.0 / condition : 0);
            }
        }
        return b;
    }

    private static BoundedSimplex randomBounds(int t, Random rng) {
        double[] lo = new double[t];
        double[] hi = new double[t];
        for (int i = 0; i < t; i++) {
            lo[i] = rng.nextDouble() < 0.3 ? 0.2 / t : 0;
            hi[i] = rng.nextDouble() < 0.3 ? 1.5 / t : 1;
        }
        return new BoundedSimplex(lo, hi);
    }

    /** KKT of min gᵀ(y−x) + ½(y−x)ᵀB(y−x): q = g + B(y − x) equal on free weights, ≥ on lower, ≤ on upper. */
    private static void assertQpKkt(double[][] b, double[] g, double[] x, double[] y, BoundedSimplex set) {
        int t = x.length;
        double[] q = new double[t];
        double scale = 0;
        for (int i = 0; i < t; i++) {
            q[i] = g[i];
            for (int j = 0; j < t; j++) {
                q[i] += b[i][j] * (y[j] - x[j]);
            }
            scale = Math.max(scale, Math.abs(q[i]));
        }
        assertTrue(set.contains(y, FEASIBLE));
        double nu = Double.NaN;
        for (int i = 0; i < t; i++) {
            if (y[i] > set.lower(i) && y[i] < set.upper(i)) {
                if (Double.isNaN(nu)) {
                    nu = q[i];
                }
                assertEquals(nu, q[i], QP_KKT * (1 + scale), "free weight " + i);
            }
        }
        if (Double.isNaN(nu)) {
            return;
        }
        for (int i = 0; i < t; i++) {
            if (set.upper(i) <= set.lower(i)) {
                continue;
            }
            if (y[i] <= set.lower(i)) {
                assertTrue(q[i] >= nu - QP_KKT * (1 + scale), "lower " + i);
            } else if (y[i] >= set.upper(i)) {
                assertTrue(q[i] <= nu + QP_KKT * (1 + scale), "upper " + i);
            }
        }
    }

    @Test
    void qpSolutionSatisfiesKktOnRandomIllConditionedModels() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            int t = 2 + rng.nextInt(25);
            BoundedSimplex set = randomBounds(t, rng);
            double[] x = set.feasiblePoint();
            double[][] b = randomSpd(t, Math.pow(10, rng.nextInt(9)), rng);
            double[] g = new double[t];
            for (int i = 0; i < t; i++) {
                g[i] = 10 * rng.nextGaussian();
            }
            double[] y = SimplexQp.minimise(b, g, x, set);
            assertQpKkt(b, g, x, y, set);
        }
    }

    @Test
    void convexQuadraticIsSolvedInFewIterationsToTheQpMinimiser() {
        Random rng = new Random(11);
        int t = 15;
        double[][] h = randomSpd(t, 1e4, rng);
        double[] c = new double[t];
        for (int i = 0; i < t; i++) {
            c[i] = rng.nextGaussian();
        }
        BoundedSimplex set = BoundedSimplex.simplex(t);
        SimplexQuasiNewton.Objective f = (x, grad) -> {
            double v = 0;
            for (int i = 0; i < t; i++) {
                double hx = 0;
                for (int j = 0; j < t; j++) {
                    hx += h[i][j] * x[j];
                }
                grad[i] = hx + c[i];
                v += x[i] * (0.5 * hx + c[i]);
            }
            return v;
        };
        double[] x0 = set.feasiblePoint();
        double[] g0 = new double[t];
        f.valueAndGradient(x0, g0);
        double[] exact = SimplexQp.minimise(h, g0, x0, set);
        SimplexQuasiNewton.Result qn = SimplexQuasiNewton.minimise(f, x0, set,
                new SimplexQuasiNewton.Options(500, GAP, 0, 64));
        SimplexQuasiNewton.Result spg = SimplexQuasiNewton.minimise(f, x0, set,
                new SimplexQuasiNewton.Options(20_000, GAP, 0, 0));
        assertEquals(SimplexQuasiNewton.Status.CONVERGED, qn.status(), qn.toString());
        assertArrayEquals(exact, qn.x().toArray(), 1e-6);
        assertTrue(qn.evaluations() < spg.evaluations(), qn.evaluations() + " vs " + spg.evaluations());
        // With the difference start the model is the Hessian up to difference rounding: one or two
        // quasi-Newton steps solve it, after the T evaluations of the start.
        SimplexQuasiNewton.Result fd = SimplexQuasiNewton.minimise(f, x0, set,
                new SimplexQuasiNewton.Options(500, GAP, 0, 64, true));
        assertEquals(SimplexQuasiNewton.Status.CONVERGED, fd.status(), fd.toString());
        assertTrue(fd.iterations() <= 3, "iterations " + fd.iterations());
        assertTrue(fd.evaluations() <= t + 4, "evaluations " + fd.evaluations());
    }

    @Test
    void nonConvexFunctionReachesAKktPointNeverAboveTheStart() {
        // A sum of Rosenbrock valleys on consecutive weights, scaled into the simplex.
        int t = 10;
        SimplexQuasiNewton.Objective f = (x, grad) -> {
            java.util.Arrays.fill(grad, 0);
            double v = 0;
            for (int i = 0; i + 1 < t; i++) {
                double a = 10 * x[i];
                double b = 10 * x[i + 1];
                double r = b - a * a;
                v += 100 * r * r + (1 - a) * (1 - a);
                grad[i] += 10 * (-400 * a * r - 2 * (1 - a));
                grad[i + 1] += 10 * 200 * r;
            }
            return v;
        };
        BoundedSimplex set = BoundedSimplex.simplex(t);
        double[] x0 = new double[t];
        x0[0] = 1;
        double[] g0 = new double[t];
        double f0 = f.valueAndGradient(x0, g0);
        SimplexQuasiNewton.Result r = SimplexQuasiNewton.minimise(f, x0, set,
                new SimplexQuasiNewton.Options(2000, GAP, 1e-10, 64));
        assertEquals(SimplexQuasiNewton.Status.CONVERGED, r.status(), r.toString());
        assertTrue(r.value() < f0);
        assertTrue(set.contains(r.x().toArray(), FEASIBLE));
        assertTrue(r.frankWolfeGap() <= GAP * r.value() + 1e-10);
        assertEquals(f0, r.startValue());
    }

    @Test
    void dampedBfgsStaysPositiveDefiniteUnderNegativeCurvature() {
        Random rng = new Random(3);
        int t = 6;
        double[][] b = new double[t][t];
        for (int i = 0; i < t; i++) {
            b[i][i] = 1;
        }
        // An indefinite Hessian (eigenvalues of both signs): many steps have sᵀy < 0.
        double[][] a = new double[t][t];
        for (int i = 0; i < t; i++) {
            a[i][i] = i % 2 == 0 ? 2 + i : -1 - i;
        }
        for (int step = 0; step < 30; step++) {
            double[] s = new double[t];
            double[] y = new double[t];
            for (int i = 0; i < t; i++) {
                s[i] = rng.nextGaussian();
            }
            for (int i = 0; i < t; i++) {
                y[i] = a[i][i] * s[i] + 0.1 * rng.nextGaussian();
            }
            SimplexQuasiNewton.dampedBfgs(b, s, y);
            org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(b);
            assertTrue(org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(t, true).decompose(m),
                    "not positive definite after step " + step);
        }
    }

    @Test
    void infiniteStartIsReportedNotOptimised() {
        BoundedSimplex set = BoundedSimplex.simplex(3);
        SimplexQuasiNewton.Result r = SimplexQuasiNewton.minimise((x, g) -> Double.POSITIVE_INFINITY,
                set.feasiblePoint(), set, new SimplexQuasiNewton.Options(10, 1e-6, 0, 64));
        assertEquals(SimplexQuasiNewton.Status.NOT_FINITE, r.status());
        assertEquals(1, r.evaluations());
    }
}
