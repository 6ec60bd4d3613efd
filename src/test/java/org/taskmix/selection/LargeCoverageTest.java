package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.Doubles;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * {@link LargeCoverage}: the coverage of a target from d = 1024 on, the two extreme eigenpairs of
 * {@code Σ^{-1/2} Λ̄ Σ^{-1/2}}, checked against the dense eigenvalues and the eigen-equation.
 */
class LargeCoverageTest {

    private static final int D = SymmetricMatrix.EXTREMES_MIN_DIMENSION;

    /** Dense eigenvalues are accurate to about d·ε·μ_max; Lanczos stops at 1e-13 relative error. */
    private static final double AGREE = 1e-10;

    @Test
    void extremePairsOfAWhitenedMixtureWithAMissingDirection() {
        double[][] mix = new double[D][D];
        double[] sigma = new double[D];
        for (int i = 0; i < D; i++) {
            sigma[i] = 0.5 + (i % 7) * 0.25;
            for (int j = 0; j < D; j++) {
                mix[i][j] = (i == j ? 0.2 + (i * 13 % D) * 0.003 : 0) + 0.4 * Math.cos(i) * Math.cos(j);
            }
        }
        // Direction 5 is missing: no strength there at all.
        for (int j = 0; j < D; j++) {
            mix[5][j] = 0;
            mix[j][5] = 0;
        }
        SymmetricMatrix m = SymmetricMatrix.of(mix);
        Target t = Target.of("t", SymmetricMatrix.diagonal(sigma));
        Explanation.TargetCoverage c = Explanation.coverage(t, m);
        double[][] s = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                s[i][j] = mix[i][j] / Math.sqrt(sigma[i] * sigma[j]);
            }
        }
        double[] ev = SymmetricMatrix.of(s).eigenvalues();
        double[] mu = c.eigenvalues().toArray();
        assertEquals(2, mu.length);
        assertEquals(ev[0], mu[0], AGREE * ev[D - 1]);
        assertEquals(ev[D - 1], mu[1], AGREE * ev[D - 1]);
        assertTrue(c.coverageMissing());
        assertEquals(2, c.uncovered().size());
        Explanation.Direction missing = c.uncovered().stream().filter(x -> x.kind().equals("missing")).findFirst()
                .orElseThrow();
        // The missing skill is coordinate 5 (w = Σ^{-1/2}u, normalised, largest component positive).
        assertEquals(1.0, missing.direction().get(5), 1e-8);
        Explanation.Direction over = c.uncovered().stream().filter(x -> x.kind().equals("over-covered")).findFirst()
                .orElseThrow();
        assertNotNull(over.direction());
        // w is an eigenvector of Σ⁻¹Λ̄: Λ̄w = μΣw.
        double[] w = over.direction().toArray();
        double res = 0;
        for (int i = 0; i < D; i++) {
            double a = 0;
            for (int j = 0; j < D; j++) {
                a += mix[i][j] * w[j];
            }
            res = Math.max(res, Math.abs(a - over.eigenvalue() * sigma[i] * w[i]));
        }
        assertTrue(res < 1e-6 * over.eigenvalue(), "residual " + res);
    }

    @Test
    void theDenseFallbackIsCutToTheExtremesShape() {
        // When Lanczos does not converge, coverage at d >= 1024 keeps the documented shape.
        Explanation.Direction low = new Explanation.Direction(0.01, "missing", Doubles.of(new double[] {1, 0, 0, 0}));
        Explanation.Direction mid = new Explanation.Direction(0.5, "under-covered", Doubles.of(new double[] {0, 1, 0, 0}));
        Explanation.Direction high = new Explanation.Direction(3.0, "over-covered", Doubles.of(new double[] {0, 0, 0, 1}));
        Explanation.TargetCoverage full = new Explanation.TargetCoverage("t",
                Doubles.of(new double[] {0.01, 0.5, 1.0, 3.0}), java.util.List.of(low, mid, high), true);
        Explanation.TargetCoverage cut = Explanation.extremesOnly(full);
        assertEquals(Doubles.of(new double[] {0.01, 3.0}), cut.eigenvalues());
        assertEquals(java.util.List.of(low, high), cut.uncovered());
        assertTrue(cut.coverageMissing());
        assertEquals("t", cut.name());
        assertFalse(cut.uncovered().contains(mid));
    }
}
