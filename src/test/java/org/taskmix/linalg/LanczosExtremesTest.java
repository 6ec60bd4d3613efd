package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link LanczosExtremes} and {@link UlCholesky} against the dense eigensolver: the fast path of
 * the positive-semidefinite check and hardness from d = 1024 on (docs/theory.md §8, "d = 4096").
 */
class LanczosExtremesTest {

    /**
     * Lanczos stops at a relative error estimate of 1e-13; the dense solver is accurate to about
     * d·ε·λ_max (1e-13 here). 1e-11 relative to each value leaves margin for both.
     */
    private static final double AGREE = 1e-11;

    /** A second moment of {@code rows} Gaussian rows with column scales 1..10: a Marchenko–Pastur-like spectrum. */
    private static double[] sampleSecondMoment(int d, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = 1 + 9 * rng.nextDouble();
        }
        double[][] x = new double[rows][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = scale[j] * (rng.nextDouble() - 0.5) * Math.sqrt(12);
            }
        }
        double[] a = new double[d * d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i * d + j] += row[i] * row[j] / rows;
                }
            }
        }
        return a;
    }

    private static double[] dense(double[] a, int d) {
        double[][] rows = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a, i * d, rows[i], 0, d);
        }
        return SymmetricMatrix.of(rows).eigenvalues();
    }

    @Test
    void extremesOfASampleCovarianceMatchTheDenseSolver() {
        int d = 300;
        double[] a = sampleSecondMoment(d, 700, 3);
        double[] ev = dense(a, d);
        double[] ext = LanczosExtremes.of(a, d, 2);
        assertNotNull(ext);
        assertEquals(ev[0], ext[0], AGREE * ev[0]);
        assertEquals(ev[d - 1], ext[1], AGREE * ev[d - 1]);
        // The thread count does not change a bit.
        assertArrayEquals(ext, LanczosExtremes.of(a, d, 1));
        assertArrayEquals(ext, LanczosExtremes.of(a, d, 3));
    }

    @Test
    void aPowerLawSpectrumAndADiagonalMatrix() {
        int d = 200;
        double[] spectrum = new double[d];
        for (int i = 0; i < d; i++) {
            spectrum[i] = Math.pow(i + 1, -1.5);
        }
        SymmetricMatrix m = SymmetricMatrix.fromEigen(spectrum, RandomOrthogonal.haar(d, 5));
        double[] a = flat(m);
        double[] ext = LanczosExtremes.of(a, d, 2);
        assertNotNull(ext);
        assertEquals(Math.pow(d, -1.5), ext[0], AGREE * Math.pow(d, -1.5) * 10);
        assertEquals(1.0, ext[1], AGREE);
        double[] diag = new double[d];
        for (int i = 0; i < d; i++) {
            diag[i] = 1 + (i * 37 % d);
        }
        double[] de = LanczosExtremes.of(flat(SymmetricMatrix.diagonal(diag)), d, 2);
        assertEquals(1.0, de[0], AGREE);
        assertEquals(d, de[1], AGREE * d);
        // The identity: Lanczos stops after one step (an invariant subspace).
        assertArrayEquals(new double[] {1, 1}, LanczosExtremes.of(flat(SymmetricMatrix.identity(d)), d, 2), 1e-15);
    }

    @Test
    void indefiniteAndSingularMatricesAreLeftToTheDenseSolver() {
        int d = 150;
        double[] spectrum = new double[d];
        for (int i = 0; i < d; i++) {
            spectrum[i] = i + 1;
        }
        spectrum[0] = -1e-6;
        assertNull(LanczosExtremes.of(flat(SymmetricMatrix.fromEigen(spectrum, RandomOrthogonal.haar(d, 7))), d, 2));
        spectrum[0] = 0;
        assertNull(LanczosExtremes.of(flat(SymmetricMatrix.fromEigen(spectrum, RandomOrthogonal.haar(d, 7))), d, 2));
        // Rank deficient: fewer rows than columns.
        assertNull(LanczosExtremes.of(sampleSecondMoment(d, 100, 1), d, 2));
    }

    @Test
    void choleskySolvesAcrossPanels() {
        int d = 2 * UlCholesky.PANEL + 37;
        double[] a = sampleSecondMoment(d, 3 * d, 11);
        UlCholesky c = UlCholesky.factor(a, d, 2);
        assertNotNull(c);
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            b[i] = Math.sin(i);
        }
        double[] x = b.clone();
        c.solveInPlace(x);
        double[] back = LanczosExtremes.multiply(a, d, x, 2);
        // Residual of a backward-stable solve: about d·ε·cond·|b|; cond is a few hundred here.
        for (int i = 0; i < d; i++) {
            assertEquals(b[i], back[i], 1e-9);
        }
        assertArrayEquals(flatU(c, a, d, 1), flatU(c, a, d, 3));
    }

    private static double[] flatU(UlCholesky ignored, double[] a, int d, int threads) {
        double[] x = new double[d];
        x[d / 2] = 1;
        UlCholesky.factor(a, d, threads).solveInPlace(x);
        return x;
    }

    @Test
    void largeMatricesUseTheFastPathWithTheSameDiagnostics() {
        int d = SymmetricMatrix.EXTREMES_MIN_DIMENSION;
        double[][] rows = new double[d][d];
        SplittableRandom rng = new SplittableRandom(2);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextDouble() - 0.5;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = 0.3 * v[i] * v[j] + (i == j ? 0.5 + i % 97 : 0);
            }
        }
        SymmetricMatrix fast = SymmetricMatrix.of(rows);
        double[] ext = fast.extremeEigenvalues();
        assertFalse(fast.spectrumKnown());
        double[] ev = fast.eigenvalues();
        assertFalse(fast.spectrumKnown(), "asking for the spectrum later does not change the path");
        assertEquals(ev[0], ext[0], AGREE * ev[0]);
        assertEquals(ev[d - 1], ext[1], AGREE * ev[d - 1]);
        SymmetricMatrix given = SymmetricMatrix.external(fast, dst -> System.arraycopy(flat(fast), 0, dst, 0, d * d), ev);
        assertTrue(given.spectrumKnown());
        assertArrayEquals(new double[] {ev[0], ev[d - 1]}, given.extremeEigenvalues());
    }

    private static double[] flat(SymmetricMatrix m) {
        int d = m.dim();
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = m.get(i, j);
            }
        }
        return a;
    }
}
