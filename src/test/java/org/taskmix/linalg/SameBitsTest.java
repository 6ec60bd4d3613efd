package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The d = 4096 speed-ups that must not change a bit: {@link RowDots} against a loop of
 * {@link Dots#dot2}, {@link SymmetricMatrix#fromUpper} against {@link SymmetricMatrix#of}, and the
 * four-row panel solve of {@link UlCholesky} against the one-row loop it replaced.
 */
class SameBitsTest {

    private static double[] gaussian(int len, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            // Magnitudes over many binades, so that any change of summation order shows in the bits.
            v[i] = (rng.nextDouble() - 0.5) * Math.scalb(1.0, rng.nextInt(-20, 20));
        }
        return v;
    }

    @Test
    void rowsSummedSideBySideEqualDot2BitForBit() {
        // Odd and even widths, row ranges that are and are not multiples of four.
        for (int n : new int[] {1, 2, 3, 7, 64, 129}) {
            double[] a = gaussian(n * n, n);
            double[] x = gaussian(n, 1000 + n);
            for (int[] range : new int[][] {{0, n}, {1, n}, {0, n - 1}, {n / 3, n}}) {
                double[] y = new double[n];
                RowDots.multiply(a, n, x, y, range[0], range[1]);
                double[] expected = new double[n];
                for (int i = range[0]; i < range[1]; i++) {
                    expected[i] = Dots.dot2(a, i * n, x, 0, n);
                }
                assertArrayEquals(expected, y, 0.0, "n = " + n + ", rows " + range[0] + ".." + range[1]);
            }
        }
    }

    @Test
    void vectorProductEqualsDot2BitForBit() {
        // Widths that are and are not multiples of the vector length, ranges that cut groups.
        for (int n : new int[] {5, 17, 40, 131}) {
            double[] a = gaussian(n * n, 50 + n);
            double[] x = gaussian(n, 60 + n);
            RowDots.Product product = RowDots.product(a, n);
            for (int[] range : new int[][] {{0, n}, {3, n}, {1, n - 2}, {n / 2, n}}) {
                double[] y = new double[n];
                product.multiply(x, y, range[0], range[1]);
                double[] expected = new double[n];
                for (int i = range[0]; i < range[1]; i++) {
                    expected[i] = Dots.dot2(a, i * n, x, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(y[i]),
                            "n = " + n + ", row " + i + " of " + range[0] + ".." + range[1]);
                }
            }
        }
        assertTrue(!RankKUpdate.vectorAvailable() || RowDots.product(new double[4], 2) instanceof VectorRowDots,
                "the tests run with the vector module: the vector product must be the one tested");
    }

    @Test
    void fromUpperIsOfTheMirroredRowsBitForBit() {
        int n = 150;
        double[] upper = gaussian(n * n, 7);
        upper[3] = -0.0;
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                rows[i][j] = upper[i * n + j];
                rows[j][i] = upper[i * n + j];
            }
        }
        SymmetricMatrix expected = SymmetricMatrix.of(rows);
        SymmetricMatrix m = SymmetricMatrix.fromUpper(n, upper.clone());
        assertEquals(expected, m);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(m.get(0, 3)));
        double[] row = new double[n];
        m.copyRow(5, row);
        assertArrayEquals(rows[5], row, 0.0);
    }

    @Test
    void ofInOnePassEqualsCheckCopyAndSymmetrise() {
        // Entries off by less than the tolerance (so averaged), exact pairs, signed zeros.
        int n = 130;
        double[] g = gaussian(n * n, 9);
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rows[i][j] = g[Math.min(i, j) * n + Math.max(i, j)] * (i > j && (i + j) % 3 == 0 ? 1 + 1e-12 : 1);
            }
        }
        rows[0][5] = -0.0;
        rows[5][0] = 0.0;
        SymmetricMatrix m = SymmetricMatrix.of(rows);
        assertEquals(null, MatrixCheck.check(rows));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.5 * (rows[i][j] + rows[j][i]);
                assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(m.get(i, j)), "[" + i + "][" + j + "]");
            }
        }
        // Defects are still named by MatrixCheck: the first non-finite entry, then the first asymmetric pair.
        double[][] bad = {{1, 2, 3}, {2, 1, Double.NaN}, {3, 9, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymmetricMatrix.of(bad));
        assertEquals("[1][2]: value NaN is not finite", e.getMessage());
        bad[1][2] = 4;
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricMatrix.of(bad));
        assertTrue(e.getMessage().startsWith("[1][2]: value 4.0 differs from [2][1] = 9.0"), e.getMessage());
        double[][] ragged = {{1, 2}, {2}};
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricMatrix.of(ragged));
        assertTrue(e.getMessage().startsWith("[1]: row has 1 entries"), e.getMessage());
    }

    @Test
    void fromUpperOverflowsOnSymmetrisingLikeOf() {
        // a + a overflows above MAX/2: of() then stores infinity, and fromUpper must do the same.
        double big = Double.MAX_VALUE * 0.75;
        double[][] rows = {{1, big}, {big, 2}};
        SymmetricMatrix expected = SymmetricMatrix.of(rows);
        SymmetricMatrix m = SymmetricMatrix.fromUpper(2, new double[] {1, big, 0, 2});
        assertTrue(Double.isInfinite(expected.get(0, 1)));
        assertEquals(expected, m);
        assertThrows(IllegalArgumentException.class,
                () -> SymmetricMatrix.fromUpper(2, new double[] {1, Double.NaN, 0, 2}));
    }

    /** The panel solve as it was, one row at a time (the reference of the four-row version). */
    private static void solvePanelOneRow(double[][] w, int p0, int p1) {
        for (int i = 0; i < p0; i++) {
            UlCholesky.solveRow(w[i], w, p0, p1);
        }
    }

    @Test
    void choleskyFactorEqualsTheOneRowPanelSolveBitForBit() {
        // d = 301: panels leave 45 rows (not a multiple of four) above the last one, and several
        // thread counts split the rows differently; the factor must be the reference's every time.
        int d = 301;
        double[] a = new double[d * d];
        double[] g = gaussian(d * (d + 7), 3);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int r = 0; r < d + 7; r++) {
                    s += g[r * d + i] * g[r * d + j];
                }
                a[i * d + j] = s;
            }
        }
        double[] x = gaussian(d, 11);
        double[] expected = referenceSolve(a, d, x);
        for (int threads : new int[] {1, 2, 3}) {
            UlCholesky chol = UlCholesky.factor(a, d, threads);
            double[] y = x.clone();
            chol.solveInPlace(y);
            assertArrayEquals(expected, y, 0.0, threads + " threads");
        }
    }

    @Test
    void choleskyOfABlockDiagonalMatrixSkipsZeroPanelsWithTheSameBits() {
        // Two diagonal blocks (rows 0..173 and 173..301, the last panel) with zero coupling, plus an identity: the
        // panels of U₁₂ that are all zeros skip the rank-k update; every factor entry, down to the
        // sign of its zeros, must equal the reference factor that always updates.
        int d = 301;
        double[] g = gaussian(d * (d + 7), 5);
        for (double[] a : new double[][] {blockDiagonal(d, 173, g), blockDiagonal(d, 0, null)}) {
            double[][] expected = referenceFactor(a, d);
            UlCholesky chol = UlCholesky.factor(a, d, 2);
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    assertEquals(Double.doubleToRawLongBits(expected[i][j]), Double.doubleToRawLongBits(chol.factorEntry(i, j)),
                            "entry [" + i + "][" + j + "]");
                }
            }
        }
    }

    /** Gram blocks {@code [0, cut)} and {@code [cut, d)} of {@code g} (zero between them); the identity for null {@code g}. */
    private static double[] blockDiagonal(int d, int cut, double[] g) {
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (g == null) {
                    a[i * d + j] = i == j ? 1 : 0;
                } else if ((i < cut) == (j < cut)) {
                    double s = 0;
                    for (int r = 0; r < d + 7; r++) {
                        s += g[r * d + i] * g[r * d + j];
                    }
                    a[i * d + j] = s;
                }
            }
        }
        return a;
    }

    /** {@code A⁻¹x} by the factor computed with {@link #solvePanelOneRow}, otherwise as UlCholesky does it. */
    private static double[] referenceSolve(double[] a, int n, double[] x) {
        double[][] w = referenceFactor(a, n);
        double[] y = x.clone();
        for (int i = n - 1; i >= 0; i--) {
            y[i] = (y[i] - Dots.dot2(w[i], i + 1, y, i + 1, n - i - 1)) / w[i][i];
        }
        for (int i = 0; i < n; i++) {
            double zi = y[i] / w[i][i];
            y[i] = zi;
            for (int j = i + 1; j < n; j++) {
                y[j] -= w[i][j] * zi;
            }
        }
        return y;
    }

    /** The factor as UlCholesky computed it before (one-row panel solves, every trailing update made). */
    private static double[][] referenceFactor(double[] a, int n) {
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                w[i][j] = -a[i * n + j];
            }
        }
        int panel = UlCholesky.PANEL;
        for (int p1 = n; p1 > 0; p1 -= panel) {
            int p0 = Math.max(0, p1 - panel);
            for (int j = p1 - 1; j >= p0; j--) {
                double s = -w[j][j];
                for (int k = j + 1; k < p1; k++) {
                    s -= w[j][k] * w[j][k];
                }
                w[j][j] = Math.sqrt(s);
                for (int i = p0; i < j; i++) {
                    double t = -w[i][j];
                    for (int k = j + 1; k < p1; k++) {
                        t -= w[i][k] * w[j][k];
                    }
                    w[i][j] = t / w[j][j];
                }
            }
            if (p0 == 0) {
                break;
            }
            solvePanelOneRow(w, p0, p1);
            int k = p1 - p0;
            double[][] xs = new double[k][p0];
            for (int i = 0; i < p0; i++) {
                for (int r = 0; r < k; r++) {
                    xs[r][i] = w[i][p0 + r];
                }
            }
            RankKUpdate.create(p0, k).update(xs, k, w, 1);
        }
        return w;
    }
}
