package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link MatrixCheck#checkInPlace}, the copy-free check of a compact catalog's matrices, against
 * the rows path it replaced ({@link MatrixCheck#check} and {@link SymmetricMatrix#of(double[][])}):
 * the same verdict on every kind of defect and near-defect, the same symmetrised bits, the same
 * sums, and the same exactness that lets re-reads skip symmetrising.
 */
class MatrixCheckTest {

    /** A symmetric matrix of magnitudes over many binades, so that any change of order shows in the bits. */
    private static double[][] symmetric(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = (rng.nextDouble() - 0.5) * Math.scalb(1.0, rng.nextInt(-20, 20));
                a[i][j] = v;
                a[j][i] = v;
            }
            a[i][i] = Math.abs(a[i][i]) + 1;
        }
        return a;
    }

    private static double[] flat(double[][] rows) {
        int n = rows.length;
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, v, i * n, n);
        }
        return v;
    }

    private static double[][] copy(double[][] rows) {
        double[][] c = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }

    /** Named variants of a matrix: clean, near-symmetric, and each defect the rows path names. */
    private static List<Object[]> cases(int n, long seed) {
        List<Object[]> out = new ArrayList<>();
        double[][] base = symmetric(n, seed);
        out.add(new Object[] {"exact", base});
        if (n > 1) {
            double[][] ulp = copy(base);
            ulp[n - 1][0] = Math.nextUp(ulp[n - 1][0]);
            out.add(new Object[] {"one ulp apart", ulp});
            double[][] zeros = copy(base);
            zeros[0][n - 1] = 0.0;
            zeros[n - 1][0] = -0.0;
            out.add(new Object[] {"+0 and -0", zeros});
            double[][] far = copy(base);
            far[n / 2][n - 1] += 1e-6 * Math.abs(far[n / 2][n - 1]) + 1e-6;
            out.add(new Object[] {"asymmetric", far});
            double[][] edge = copy(base);
            double max = 0;
            for (double[] r : base) {
                for (double x : r) {
                    max = Math.max(max, Math.abs(x));
                }
            }
            // Just within and just beyond the tolerance, relative to the largest entry.
            edge[0][1] = edge[1][0] + 0.5 * SymmetricMatrix.SYMMETRY_TOLERANCE * max;
            out.add(new Object[] {"within tolerance", edge});
            double[][] beyond = copy(base);
            beyond[0][1] = beyond[1][0] + 4 * SymmetricMatrix.SYMMETRY_TOLERANCE * max;
            out.add(new Object[] {"beyond tolerance", beyond});
            double[][] overflow = copy(base);
            overflow[0][1] = Double.MAX_VALUE;
            overflow[1][0] = -Double.MAX_VALUE;
            out.add(new Object[] {"difference overflows", overflow});
        }
        double[][] nan = copy(base);
        nan[n - 1][n / 2] = Double.NaN;
        out.add(new Object[] {"NaN", nan});
        double[][] inf = copy(base);
        inf[0][0] = Double.NEGATIVE_INFINITY;
        out.add(new Object[] {"infinite", inf});
        double[][] huge = copy(base);
        huge[n - 1][n - 1] = 0.75 * Double.MAX_VALUE; // a + a overflows: symmetrising changes it
        out.add(new Object[] {"half range exceeded", huge});
        return out;
    }

    @Test
    void checkInPlaceGivesTheRowsPathsVerdictBitsAndSums() {
        // Sizes around the 64-wide tiles: one tile, a tile and a row, several tiles.
        for (int n : new int[] {1, 2, 3, 63, 64, 65, 130}) {
            for (Object[] c : cases(n, 100 + n)) {
                String name = n + "x" + n + " " + c[0];
                double[][] rows = (double[][]) c[1];
                double[] v = flat(rows);
                double[] stored = v.clone();
                MatrixCheck.Checked checked = MatrixCheck.checkInPlace(v, n);
                MatrixCheck defect = MatrixCheck.check(rows);
                if (defect != null) {
                    assertNull(checked, name);
                    assertThrows(IllegalArgumentException.class, () -> SymmetricMatrix.of(rows), name);
                    assertArrayEquals(stored, v, name + ": left as stored");
                    continue;
                }
                assertNotNull(checked, name);
                SymmetricMatrix held = SymmetricMatrix.of(rows);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        long want = Double.doubleToRawLongBits(held.get(i, j));
                        assertEquals(want, Double.doubleToRawLongBits(v[i * n + j]), name + " [" + i + "][" + j + "]");
                        assertEquals(want, Double.doubleToRawLongBits(checked.get(i, j)), name);
                    }
                }
                assertEquals(Double.doubleToRawLongBits(held.trace()), Double.doubleToRawLongBits(checked.trace()), name);
                assertEquals(Double.doubleToRawLongBits(held.dot(held)),
                        Double.doubleToRawLongBits(checked.sumOfSquares()), name);
                boolean[] exact = new boolean[1];
                double[] want = symmetrisedByTheRule(rows, exact);
                for (int k = 0; k < want.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(want[k]), Double.doubleToRawLongBits(v[k]), name + " entry " + k);
                }
                assertEquals(exact[0], checked.exact, name + ": exactness");
            }
        }
    }

    /**
     * The symmetrisation rule written out, untiled: {@code s_ij = 0.5·(a_ij + a_ji)} for every
     * entry (the diagonal {@code 0.5·(a + a)}), exact when no entry changes a bit. Both the held
     * and the file-backed matrices' tiled walk must give these bits.
     */
    private static double[] symmetrisedByTheRule(double[][] rows, boolean[] exact) {
        int n = rows.length;
        double[] out = new double[n * n];
        exact[0] = true;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.5 * (rows[i][j] + rows[j][i]);
                exact[0] &= Double.doubleToRawLongBits(s) == Double.doubleToRawLongBits(rows[i][j]);
                out[i * n + j] = s;
            }
        }
        return out;
    }

    @Test
    void checkInPlaceRefusesAnArrayOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> MatrixCheck.checkInPlace(new double[5], 2));
        assertThrows(IllegalArgumentException.class, () -> MatrixCheck.checkInPlace(new double[0], 0));
    }

    /** An external matrix made from checked entries gives the held matrix's results, re-read or not. */
    @Test
    void externalFromCheckedEntriesEqualsTheHeldMatrix() {
        int n = 70;
        for (Object[] c : cases(n, 9)) {
            double[][] rows = (double[][]) c[1];
            if (MatrixCheck.check(rows) != null) {
                continue;
            }
            double[] stored = flat(rows);
            MatrixCheck.Checked checked = MatrixCheck.checkInPlace(stored.clone(), n);
            SymmetricMatrix ext = SymmetricMatrix.external(checked,
                    dst -> System.arraycopy(stored, 0, dst, 0, stored.length), null, null);
            SymmetricMatrix held = SymmetricMatrix.of(rows);
            assertEquals(held, ext, (String) c[0]);
            if (Double.isFinite(held.trace())) { // not the case whose symmetrised diagonal overflows
                assertArrayEquals(held.eigenvalues(), ext.eigenvalues(), (String) c[0]);
            }
        }
    }
}
