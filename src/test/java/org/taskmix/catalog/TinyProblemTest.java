package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.io.ProblemReader;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * problems/tiny.json against the values derived by hand in its description. The expected
 * surrogate weights are public so the selection tests can use the same constants.
 */
public class TinyProblemTest {

    /** Path of the tiny problem, relative to the project root (the test working directory). */
    public static final Path FILE = Path.of("problems/tiny.json");

    /** The unique surrogate optimum, in catalog order a, b, c (derivation in the file). */
    public static final double[] EXPECTED_WEIGHTS = {9.0 / 17, 8.0 / 17, 0};

    /** The optimal surrogate objective ‖I − Σ⁻¹Λ̄‖_F² = 5/68. */
    public static final double EXPECTED_OBJECTIVE = 5.0 / 68;

    /** Hardness of tasks a, b, c and of the target. */
    public static final double[] EXPECTED_HARDNESS = {3, 17, 6 * (3 + Math.sqrt(2)) / 7};

    /** Target hardness tr(Σ)/λ_min(Σ) = 3/1. */
    public static final double EXPECTED_TARGET_HARDNESS = 3;

    /** Hand values against double arithmetic on 2 × 2 matrices: a few ulps. */
    private static final double HAND_REL = 1e-12;

    @Test
    void hardnessMatchesHandValues() {
        Problem p = ProblemReader.read(FILE);
        ProblemDiagnostics diag = ProblemDiagnostics.of(p);
        assertEquals(List.of("a", "b", "c"), p.catalog().names());
        for (int i = 0; i < 3; i++) {
            SpectralDiagnosticsTest.assertRel(EXPECTED_HARDNESS[i], diag.tasks().get(i).spectral().hardness(), HAND_REL);
        }
        SpectralDiagnosticsTest.assertRel(EXPECTED_TARGET_HARDNESS, diag.targets().get(0).spectral().hardness(), HAND_REL);
        // Task c: eigenvalues 3 ± √2.
        double[] ev = diag.tasks().get(2).spectral().eigenvalues();
        SpectralDiagnosticsTest.assertRel(3 - Math.sqrt(2), ev[0], HAND_REL);
        SpectralDiagnosticsTest.assertRel(3 + Math.sqrt(2), ev[1], HAND_REL);
    }

    /**
     * The expected weights satisfy the optimality certificate computed from the file, without
     * any solver: objective 5/68, gradient (31/34, 31/34, 26/17), equal on the support and larger
     * off it, so the Frank–Wolfe gap gᵀπ − min g is zero.
     */
    @Test
    void expectedWeightsAreCertifiedOptimal() {
        Problem p = ProblemReader.read(FILE);
        int d = p.dim();
        SymmetricMatrix inv = Relevance.inverse(p.target().covariance());
        double[][][] m = new double[3][][];
        for (int l = 0; l < 3; l++) {
            m[l] = multiply(inv.toArray(), p.catalog().task(l).covariance().toArray());
        }
        double[][] resid = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int l = 0; l < 3; l++) {
                    s += EXPECTED_WEIGHTS[l] * m[l][i][j];
                }
                resid[i][j] = s - (i == j ? 1 : 0);
            }
        }
        double f = 0;
        double[] g = new double[3];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                f += resid[i][j] * resid[i][j];
                for (int l = 0; l < 3; l++) {
                    g[l] += 2 * m[l][i][j] * resid[i][j];
                }
            }
        }
        assertEquals(EXPECTED_OBJECTIVE, f, 1e-14);
        assertEquals(31.0 / 34, g[0], 1e-14);
        assertEquals(31.0 / 34, g[1], 1e-14);
        assertEquals(26.0 / 17, g[2], 1e-14);
        double gap = 0;
        for (int l = 0; l < 3; l++) {
            gap += g[l] * EXPECTED_WEIGHTS[l];
        }
        gap -= Math.min(g[0], Math.min(g[1], g[2]));
        assertEquals(0, gap, 1e-14);
        assertTrue(g[2] - g[0] > 0.5, "strict complementarity: task c is strictly worse at the optimum");
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
