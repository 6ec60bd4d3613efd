package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.SymmetricMatrix;

class ReducedFormTest {

    /** Both sides are sums of O(d²) products of O(1) numbers; 1e-11 relative is rounding. */
    private static final double ROUNDING = 1e-11;

    private static SymmetricMatrix randomSymmetric(SplittableRandom r, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                m[i][j] = m[j][i] = r.nextDouble() * 2 - 1;
            }
        }
        return SymmetricMatrix.of(m);
    }

    /** ‖I − Σ⁻¹X‖_F² computed directly in d² form (an independent computation). */
    private static double directObjective(SymmetricMatrix sigma, SymmetricMatrix x) {
        int d = sigma.dim();
        SymmetricMatrix inv = sigma.eigen().apply(v -> 1 / v);
        double s = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += inv.get(i, k) * x.get(k, j);
                }
                double e = (i == j ? 1 : 0) - acc;
                s += e * e;
            }
        }
        return s;
    }

    @Test
    void reducedNormEqualsTheD2FormOfTheObjective() {
        SplittableRandom r = new SplittableRandom(3);
        for (int d : new int[] {1, 2, 5, 9}) {
            SymmetricMatrix sigma = RandomSelectionProblems.target(d, d);
            ReducedForm form = ReducedForm.of(sigma);
            for (int rep = 0; rep < 3; rep++) {
                SymmetricMatrix x = randomSymmetric(r, d);
                double[] rx = form.reduce(x);
                double[] b = form.target();
                double reduced = 0;
                for (int i = 0; i < rx.length; i++) {
                    reduced += (b[i] - rx[i]) * (b[i] - rx[i]);
                }
                double direct = directObjective(sigma, x);
                assertEquals(direct, reduced, ROUNDING * Math.max(1, direct), "d = " + d);
            }
        }
    }

    @Test
    void targetIsOnesOnTheDiagonalPartAndLengthIsP() {
        ReducedForm form = ReducedForm.of(RandomSelectionProblems.target(5, 4));
        assertEquals(10, form.length());
        double[] b = form.target();
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 4 ? 1 : 0, b[i], 1e-15);
        }
    }

    @Test
    void problemObjectiveEqualsWeightedSumOfTargetObjectivesInD2Form() {
        SplittableRandom r = new SplittableRandom(5);
        int d = 4;
        int t = 6;
        List<SymmetricMatrix> covs = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int l = 0; l < t; l++) {
            covs.add(SymmetricMatrix.of(RandomSelectionProblems.covariance(9, d, l)));
            names.add("t" + l);
        }
        List<Target> targets = List.of(new Target("x", RandomSelectionProblems.target(1, d), 0.3),
                new Target("y", RandomSelectionProblems.target(2, d), 2.0));
        SelectionProblem p = SelectionProblem.build(names, l -> covs.get(l).toEjml(), d, targets,
                BoundedSimplex.simplex(t), SelectionOptions.DEFAULT);
        double[] w = new double[t];
        double s = 0;
        for (int l = 0; l < t; l++) {
            w[l] = r.nextDouble();
            s += w[l];
        }
        for (int l = 0; l < t; l++) {
            w[l] /= s;
        }
        SymmetricMatrix mix = SymmetricMatrix.weightedSum(w, covs);
        double fx = directObjective(targets.get(0).covariance(), mix);
        double fy = directObjective(targets.get(1).covariance(), mix);
        assertEquals(0.3 * fx + 2.0 * fy, p.objective(w), ROUNDING * (fx + fy));
        assertArrayEquals(new double[] {fx, fy}, p.targetObjectives(w), ROUNDING * (fx + fy));
        SelectionProblem robust = SelectionProblem.build(names, l -> covs.get(l).toEjml(), d, targets,
                BoundedSimplex.simplex(t), new SelectionOptions(true, null));
        assertEquals(Math.max(fx, fy), robust.objective(w), ROUNDING * (fx + fy));
    }

    @Test
    void sameSeedGivesBitIdenticalProblems() {
        SelectionProblem a = RandomSelectionProblems.problem(11, 6, 500);
        SelectionProblem b = RandomSelectionProblems.problem(11, 6, 500);
        assertArrayEquals(a.matrix(), b.matrix());
    }

    @Test
    void singularTargetIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SelectionProblem.build(List.of("a"), l -> new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}}), 2,
                        List.of(Target.of("flat", SymmetricMatrix.diagonal(1, 0))), BoundedSimplex.simplex(1),
                        SelectionOptions.DEFAULT));
        assertEquals("target \"flat\": target covariance is singular (smallest eigenvalue 0.0, largest 1.0); the"
                + " selection program needs the inverse of the target covariance, so the target must be positive"
                + " definite", e.getMessage());
    }

    @Test
    void nonFiniteDataNeverReachesASolver() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SelectionProblem.leastSquares(List.of("a", "b"), 1, new double[] {1, Double.NaN},
                        new double[] {1}, BoundedSimplex.simplex(2)));
        assertEquals("task \"b\": reduced column entry 0 is NaN; the selection program needs finite numbers",
                e.getMessage());
    }

    /**
     * A diagonal Σ (eigenvectors a signed permutation) takes the O(d²) relabelling path; it must give
     * exactly the bits of B = Uᵀ(XU) by the products, and the objective of the d² form.
     */
    @Test
    void diagonalTargetRelabelsExactlyAsTheProducts() {
        SplittableRandom r = new SplittableRandom(11);
        for (SymmetricMatrix sigma : List.of(SymmetricMatrix.identity(6), SymmetricMatrix.diagonal(3, 0.5, 2, 7, 1, 4))) {
            int d = sigma.dim();
            ReducedForm form = ReducedForm.of(sigma);
            SymmetricMatrix x = randomSymmetric(r, d);
            double[] fast = form.reduce(x);
            DMatrixRMaj u = sigma.eigen().vectors();
            DMatrixRMaj xu = new DMatrixRMaj(d, d);
            DMatrixRMaj b = new DMatrixRMaj(d, d);
            org.ejml.dense.row.CommonOps_DDRM.mult(x.toEjml(), u, xu);
            org.ejml.dense.row.CommonOps_DDRM.multTransA(u, xu, b);
            double[] sv = sigma.eigen().values();
            int k = d;
            for (int i = 0; i < d; i++) {
                assertEquals(b.get(i, i) / sv[i], fast[i], 0.0, "diagonal entry " + i);
                for (int j = i + 1; j < d; j++) {
                    double s2 = 1 / (sv[i] * sv[i]) + 1 / (sv[j] * sv[j]);
                    assertEquals(Math.sqrt(s2) * 0.5 * (b.get(i, j) + b.get(j, i)), fast[k++], 0.0, "entry " + i + "," + j);
                }
            }
            double reduced = 0;
            double[] t = form.target();
            for (int i = 0; i < fast.length; i++) {
                reduced += (t[i] - fast[i]) * (t[i] - fast[i]);
            }
            double direct = directObjective(sigma, x);
            assertEquals(direct, reduced, ROUNDING * Math.max(1, direct));
        }
    }
}
