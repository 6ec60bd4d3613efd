package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import org.junit.jupiter.api.Test;

class LsaModelTest {

    /**
     * The loss is a quadratic function of V (for fixed W) and of W (for fixed V): the output is
     * linear in each. A central difference of a quadratic has no truncation error, so the only
     * error is rounding, about ε·|L|/h ≈ 1e-16·10/1e-5 = 1e-10 relative to the gradient's
     * scale; 1e-7 leaves three orders of margin and still catches any wrong term (those are O(1)).
     */
    private static final double FD_TOLERANCE = 1e-7;
    /** Central-difference step: large enough that rounding stays small (see above). */
    private static final double FD_STEP = 1e-5;
    /** Two evaluations of the same sums in different orders agree to a few ulps of the scale. */
    private static final double ROUNDING = 1e-12;

    private static double[] randomArray(Random r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * r.nextGaussian();
        }
        return a;
    }

    private static double[][] randomColumns(Random r, int dim, int cols) {
        double[][] e = new double[cols][];
        for (int c = 0; c < cols; c++) {
            e[c] = randomArray(r, dim, 1.0);
        }
        return e;
    }

    @Test
    void cotOffsetFloorIsTheSquaredW14BlockPerDimension() {
        int d = 3;
        int dim = 2 * d + 2;
        double[] w = new double[dim * dim];
        int c = LsaModel.constantRow(d);
        w[0 * dim + c] = 0.1;
        w[1 * dim + c] = -0.2;
        w[2 * dim + c] = 0.3;
        w[LsaModel.labelRow(d) * dim + c] = -2.0; // W_24: not part of W_14
        w[LsaModel.weightRow(d, 0) * dim + c] = 5.0; // W_34: not part of W_14
        w[0 * dim + LsaModel.weightRow(d, 0)] = 7.0; // W_13: not the constant column
        LsaModel model = LsaModel.of(d, new double[dim * dim], w);
        // (0.01 + 0.04 + 0.09) / 3, by hand
        assertEquals(0.14 / 3, model.cotOffsetFloor(), ROUNDING);
        // The gauge W_24 = -1 divides the last column of W by 2, so the floor by 4.
        assertEquals(0.14 / 3 / 4, model.gaugeNormalised().cotOffsetFloor(), ROUNDING);
        assertEquals(0.0, LsaModel.initial(d).cotOffsetFloor(), 0.0);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Random r = new Random(1);
        int d = 3;
        int dim = 2 * d + 2;
        double[] v = randomArray(r, dim * dim, 0.3);
        double[] w = randomArray(r, dim * dim, 0.3);
        double[][] e = randomColumns(r, dim, 6);
        double[] target = randomArray(r, dim, 1.0);
        double rho = 5;
        LsaModel.Gradient g = LsaModel.of(d, v, w).gradient(e, target, rho);
        double[] gv = g.gradientV().toArray();
        double[] gw = g.gradientW().toArray();
        double scale = 0;
        for (int i = 0; i < gv.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(gv[i]), Math.abs(gw[i])));
        }
        for (int i = 0; i < dim * dim; i++) {
            double[] vp = v.clone();
            double[] vm = v.clone();
            vp[i] += FD_STEP;
            vm[i] -= FD_STEP;
            double fd = (LsaModel.of(d, vp, w).gradient(e, target, rho).loss()
                    - LsaModel.of(d, vm, w).gradient(e, target, rho).loss()) / (2 * FD_STEP);
            assertEquals(fd, gv[i], FD_TOLERANCE * scale, "dL/dV[" + i + "]");
            double[] wp = w.clone();
            double[] wm = w.clone();
            wp[i] += FD_STEP;
            wm[i] -= FD_STEP;
            fd = (LsaModel.of(d, v, wp).gradient(e, target, rho).loss()
                    - LsaModel.of(d, v, wm).gradient(e, target, rho).loss()) / (2 * FD_STEP);
            assertEquals(fd, gw[i], FD_TOLERANCE * scale, "dL/dW[" + i + "]");
        }
    }

    @Test
    void forwardMatchesTheFullMatrixFormula() {
        // Independent computation: form EᵀWE (N×N) explicitly and take f(E)'s last column.
        Random r = new Random(2);
        int d = 2;
        int dim = 2 * d + 2;
        int cols = 5;
        double[] v = randomArray(r, dim * dim, 0.5);
        double[] w = randomArray(r, dim * dim, 0.5);
        double[][] e = randomColumns(r, dim, cols);
        double rho = 4;
        double[][] ewe = new double[cols][cols];
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < cols; b++) {
                double s = 0;
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < dim; j++) {
                        s += e[a][i] * w[i * dim + j] * e[b][j];
                    }
                }
                ewe[a][b] = s;
            }
        }
        double[] expected = new double[dim];
        for (int i = 0; i < dim; i++) {
            // (V E (EᵀWE))[i, last] = Σ_j V_ij Σ_a E[j, a] (EᵀWE)[a, last]
            double s = 0;
            for (int j = 0; j < dim; j++) {
                for (int a = 0; a < cols; a++) {
                    s += v[i * dim + j] * e[a][j] * ewe[a][cols - 1];
                }
            }
            expected[i] = e[cols - 1][i] + s / rho;
        }
        double[] got = LsaModel.of(d, v, w).forwardLast(e, rho);
        for (int i = 0; i < dim; i++) {
            assertEquals(expected[i], got[i], ROUNDING * 10, "row " + i);
        }
    }

    @Test
    void initialisationIsTheDocumentedOne() {
        int d = 3;
        LsaModel m = LsaModel.initial(d);
        int dim = 8;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                assertEquals(0.0, m.v(i, j), 0.0);
                double expected = 0;
                if (i < d && j == d + 1 + i) {
                    expected = 1; // W_13 = I
                }
                if (i == d && j == dim - 1) {
                    expected = -1; // W_24 = -1
                }
                assertEquals(expected, m.w(i, j), 0.0, "W[" + i + "][" + j + "]");
            }
        }
        assertEquals(1.0, m.gaugeScale(), 0.0);
    }

    @Test
    void structuredModelIsOneGradientStepOnTheQuery() {
        // Hand-derived (docs/theory.md §4): with W initial and V_31 = -P, the query (0, 0, ŵ, 1) maps to
        // ŵ - P Ŝ (ŵ - w*) where Ŝ = Σ x xᵀ / ρ.
        int d = 2;
        int dim = 6;
        double[][] p = {{0.5, 0.1}, {0.1, 0.25}};
        LsaModel init = LsaModel.initial(d);
        double[] v = new double[dim * dim];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[(d + 1 + i) * dim + j] = -p[i][j];
            }
        }
        LsaModel m = LsaModel.of(d, v, init.w());
        double[] wstar = {1.5, -2};
        double[][] xs = {{1, 2}, {-1, 0.5}, {0.3, -0.7}};
        double[] what = {0.2, 0.4};
        double[][] cols = new double[xs.length + 1][];
        for (int c = 0; c < xs.length; c++) {
            cols[c] = new double[] {xs[c][0], xs[c][1], xs[c][0] * wstar[0] + xs[c][1] * wstar[1], 0, 0, 0};
        }
        cols[xs.length] = new double[] {0, 0, 0, what[0], what[1], 1};
        double rho = 3;
        double[][] s = new double[2][2];
        for (double[] x : xs) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    s[i][j] += x[i] * x[j] / rho;
                }
            }
        }
        double[] diff = {what[0] - wstar[0], what[1] - wstar[1]};
        double[] sd = {s[0][0] * diff[0] + s[0][1] * diff[1], s[1][0] * diff[0] + s[1][1] * diff[1]};
        double[] out = m.forwardLast(cols, rho);
        assertEquals(0, out[0], 0.0);
        assertEquals(0, out[1], 0.0);
        assertEquals(0, out[2], 0.0);
        assertEquals(what[0] - (p[0][0] * sd[0] + p[0][1] * sd[1]), out[3], ROUNDING);
        assertEquals(what[1] - (p[1][0] * sd[0] + p[1][1] * sd[1]), out[4], ROUNDING);
        assertEquals(1, out[5], 0.0);
    }

    @Test
    void gaugeNormalisationKeepsTrainingPredictionsAndSetsW24() {
        Random r = new Random(3);
        int d = 2;
        int dim = 6;
        double[] v = randomArray(r, dim * dim, 0.4);
        double[] w = LsaModel.initial(d).w();
        for (int i = 0; i < dim; i++) {
            w[i * dim + dim - 1] = r.nextGaussian();
        }
        w[d * dim + dim - 1] = -1.7;
        LsaModel m = LsaModel.of(d, v, w);
        LsaModel n = m.gaugeNormalised();
        assertEquals(1.7, m.gaugeScale(), 0.0);
        assertEquals(-1.0, n.w(d, dim - 1), ROUNDING);
        assertEquals(1.7 * m.v(3, 0), n.v(3, 0), ROUNDING);
        // A training prompt: query (0, 0, 0, 1).
        double[][] cols = randomColumns(r, dim, 4);
        for (int c = 0; c < 3; c++) {
            for (int i = d + 1; i < dim; i++) {
                cols[c][i] = 0;
            }
        }
        cols[3] = new double[] {0, 0, 0, 0, 0, 1};
        double[] a = m.forwardLast(cols, 3);
        double[] b = n.forwardLast(cols, 3);
        for (int i = 0; i < dim; i++) {
            assertEquals(a[i], b[i], ROUNDING * 10);
        }
    }

    @Test
    void rotatedModelOnRotatedPromptGivesTheRotatedOutput() {
        // f(R E')[:, last] = R f'(E')[:, last] with V' = Rᵀ V R, W' = Rᵀ W R, R = diag(Q, 1, Q, 1).
        Random r = new Random(12);
        int d = 3;
        int dim = 2 * d + 2;
        double[] v = new double[dim * dim];
        double[] w = new double[dim * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
            w[i] = r.nextGaussian();
        }
        LsaModel model = LsaModel.of(d, v, w);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = r.nextGaussian();
        }
        org.ejml.interfaces.decomposition.QRDecomposition<DMatrixRMaj> qr =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(d, d);
        qr.decompose(g);
        DMatrixRMaj q = qr.getQ(null, false);
        LsaModel rot = model.rotated(q);
        double[][] primed = new double[5][dim];
        double[][] cols = new double[5][dim];
        for (int c = 0; c < 5; c++) {
            for (int i = 0; i < dim; i++) {
                primed[c][i] = r.nextGaussian();
            }
            cols[c] = rotate(q, primed[c], d);
        }
        double[] expected = rotate(q, rot.forwardLast(primed, 4), d);
        assertArrayEquals(expected, model.forwardLast(cols, 4), 1e-12);
    }

    /** {@code diag(Q, 1, Q, 1) x}. */
    private static double[] rotate(DMatrixRMaj q, double[] x, int d) {
        double[] out = x.clone();
        for (int i = 0; i < d; i++) {
            double a = 0;
            double b = 0;
            for (int j = 0; j < d; j++) {
                a += q.get(i, j) * x[j];
                b += q.get(i, j) * x[d + 1 + j];
            }
            out[i] = a;
            out[d + 1 + i] = b;
        }
        return out;
    }

    @Test
    void rejectsBadParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LsaModel.of(1, new double[15], new double[16]));
        assertEquals("V: has 15 entries; expected 16 (D x D, D = 2d+2)", e.getMessage());
        double[] bad = new double[16];
        bad[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> LsaModel.of(1, new double[16], bad));
        assertEquals("W[3]: value NaN is not finite", e.getMessage());
        double[] w = new double[16];
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> LsaModel.of(1, new double[16], w).gaugeNormalised());
        assertEquals("W_24 = 0.0: cannot normalise the gauge", s.getMessage());
    }
}
