package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class RelevanceTest {

    /** Closed forms on 2 × 2 and eigen-based inverses: rounding of a few ulps per operation. */
    private static final double TOL = 1e-12;

    @Test
    void handValue() {
        // Σ = diag(1, 2), Λ = diag(2, 1): Σ⁻¹Λ = diag(2, 1/2), tr = 5/2, ‖·‖_F = √(17/4).
        SymmetricMatrix inv = Relevance.inverse(SymmetricMatrix.diagonal(1, 2));
        double r = Relevance.of(SymmetricMatrix.diagonal(2, 1), inv);
        assertEquals(2.5 / (Math.sqrt(2) * Math.sqrt(17.0 / 4)), r, TOL);
    }

    @Test
    void oneWhenProportionalToTheTarget() {
        SymmetricMatrix sigma = Generators.powerLaw(6, 0.7, 8).build();
        assertEquals(1.0, Relevance.of(sigma.scale(3.5), Relevance.inverse(sigma)), 1e-10);
    }

    /** The property the definition rests on: min_c ‖I − cΣ⁻¹Λ‖_F² = d (1 − relevance²). */
    @Test
    void equalsBestSingleTaskSurrogateFit() {
        int d = 5;
        SymmetricMatrix sigma = Generators.powerLaw(d, 0.5, 1).build();
        SymmetricMatrix lambda = Generators.powerLaw(d, 1.2, 2).build();
        double rel = Relevance.of(lambda, Relevance.inverse(sigma));
        // Independent: M = Σ⁻¹Λ by a linear solve per column, c* = tr(M)/‖M‖², residual by hand.
        double[][] m = new double[d][d];
        org.ejml.data.DMatrixRMaj sol = new org.ejml.data.DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.solve(sigma.toEjml(), lambda.toEjml(), sol);
        double tr = 0;
        double f2 = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = sol.get(i, j);
                f2 += m[i][j] * m[i][j];
            }
            tr += m[i][i];
        }
        double c = tr / f2;
        double resid = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double e = (i == j ? 1 : 0) - c * m[i][j];
                resid += e * e;
            }
        }
        assertEquals(resid, d * (1 - rel * rel), 1e-10);
    }

    @Test
    void dimensionMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Relevance.of(SymmetricMatrix.identity(2), SymmetricMatrix.identity(3)));
    }

    @Test
    void problemDiagnosticsWeighTargets() {
        Task a = Task.of("a", SymmetricMatrix.diagonal(2, 1));
        Target t1 = new Target("t1", SymmetricMatrix.diagonal(1, 2), 1);
        Target t2 = new Target("t2", SymmetricMatrix.diagonal(2, 1), 3);
        Problem p = new Problem("p", "", new Catalog(List.of(a)), List.of(t1, t2), Settings.DEFAULT, null);
        ProblemDiagnostics diag = ProblemDiagnostics.of(p);
        double r1 = 2.5 / (Math.sqrt(2) * Math.sqrt(17.0 / 4));
        double r2 = 1.0;
        assertEquals(r1, diag.tasks().get(0).relevanceByTarget().get(0), TOL);
        assertEquals(r2, diag.tasks().get(0).relevanceByTarget().get(1), TOL);
        assertEquals((r1 + 3 * r2) / 4, diag.tasks().get(0).relevance(), TOL);
        assertEquals(2, diag.targets().size());
        assertEquals(3.0, diag.targets().get(1).weight());
    }

    /** A diagonal Σ⁻¹ takes the O(d²) path; it agrees with the definition computed densely. */
    @Test
    void diagonalInverseMatchesTheDefinition() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int d = 7;
        double[][] x = new double[2 * d][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] l = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    l[i][j] += row[i] * row[j];
                }
            }
        }
        SymmetricMatrix lambda = SymmetricMatrix.of(l);
        double[] s = {0.5, 2, 1, 3, 0.25, 1.5, 4};
        double trace = 0;
        double frob2 = 0;
        for (int i = 0; i < d; i++) {
            trace += s[i] * l[i][i];
            for (int j = 0; j < d; j++) {
                frob2 += s[i] * l[i][j] * s[i] * l[i][j];
            }
        }
        double expected = trace / Math.sqrt(d * frob2);
        // Sums of 49 products of O(10) numbers: 1e-13 relative is rounding.
        assertEquals(expected, Relevance.of(lambda, SymmetricMatrix.diagonal(s)), 1e-13 * expected);
    }

    /**
     * The row-block pass of a diagonal target equals the entry-by-entry loop it replaced, bit for
     * bit, for a held task and for one in a sidecar (streamed by rows, read whole, stored with a pair
     * one ulp apart), over several row blocks (d = 700).
     */
    @Test
    void diagonalCaseEqualsTheEntryByEntryLoopForHeldAndExternalTasks() {
        int d = 700;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        double[] stored = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = (rng.nextDouble() - 0.5) * Math.scalb(1.0, rng.nextInt(-20, 20));
                stored[i * d + j] = v;
                stored[j * d + i] = v;
            }
        }
        double[] inv = new double[d];
        for (int i = 0; i < d; i++) {
            inv[i] = 0.5 + rng.nextDouble();
        }
        SymmetricMatrix sigmaInverse = SymmetricMatrix.diagonal(inv);
        for (boolean exact : new boolean[] {true, false}) {
            double[] v = stored.clone();
            if (!exact) {
                v[(d - 1) * d + 3] = Math.nextUp(v[3 * d + d - 1]);
            }
            double[][] rows = new double[d][];
            for (int i = 0; i < d; i++) {
                rows[i] = java.util.Arrays.copyOfRange(v, i * d, (i + 1) * d);
            }
            SymmetricMatrix held = SymmetricMatrix.of(rows);
            // The loop as it was: a get() per entry.
            double trace = 0;
            double frob2 = 0;
            for (int i = 0; i < d; i++) {
                double c = sigmaInverse.get(i, i);
                for (int j = 0; j < d; j++) {
                    double x = c * held.get(i, j);
                    if (i == j) {
                        trace += x;
                    }
                    frob2 += x * x;
                }
            }
            double want = trace / (Math.sqrt(d) * Math.sqrt(frob2));
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(Relevance.of(held, sigmaInverse)));
            for (boolean byRows : new boolean[] {true, false}) {
                SymmetricMatrix.Source source = new SymmetricMatrix.Source() {
                    @Override
                    public void read(double[] dst) {
                        System.arraycopy(v, 0, dst, 0, v.length);
                    }

                    @Override
                    public boolean readRows(int from, int count, double[] dst) {
                        if (byRows) {
                            System.arraycopy(v, from * d, dst, 0, count * d);
                        }
                        return byRows;
                    }
                };
                SymmetricMatrix ext = SymmetricMatrix.external(
                        org.taskmix.linalg.MatrixCheck.checkInPlace(v.clone(), d), source, null, null);
                String what = (exact ? "exact" : "one ulp apart") + (byRows ? ", by rows" : ", whole");
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(Relevance.of(ext, sigmaInverse)),
                        what);
                ext.get(0, 0); // now this thread's cached matrix
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(Relevance.of(ext, sigmaInverse)),
                        what + ", cached");
            }
        }
    }
}
