package org.taskmix.validation;

import java.util.Arrays;

/**
 * Test-time chain of thought by running the model, {@code O(D²)} per step independent of the
 * number of columns (math.md §4).
 *
 * <p>Only the last column of {@code f(E)} is read: {@code h = E Eᵀ W e / ρ = G W e / ρ} with the
 * Gram matrix {@code G = Σ_columns c cᵀ}. Appending the output column {@code o} to {@code E}
 * adds {@code o oᵀ} to {@code G}. So a step is {@code u = W e}, {@code h = G u / ρ},
 * {@code o = e + V h}, {@code G += o oᵀ}, {@code e = o}. Products skip exact zeros of the
 * multiplying vector (exact in floating point: adding {@code 0·x} changes nothing for finite
 * {@code x}), which for a trained model halves the work: the query column has zero features
 * and label, and {@code u} has zero weight-slot and constant entries.
 *
 * <p>{@code ρ = m} for every step (our choice): the appended columns are not (x, y) examples,
 * and with {@code ρ} fixed a step is exactly the pseudo-Newton update
 * {@code w ← w − P Ŝ_m (w − w*)} of math.md §4 when {@code V_31 = −P} and {@code W} is
 * structured.
 */
final class CotKernel {

    private final int d;
    private final int dim;
    private final double[] wt;
    private final double[] vt;
    private final double[] gram;
    private final double[] e;
    private final double[] u;
    private final double[] h;
    private final double[] o;
    private final double[] wstar;
    private double invRho;

    /** A kernel for a model; {@code W} and {@code V} are stored transposed for axpy products. */
    CotKernel(LsaModel model) {
        this.d = model.d();
        this.dim = model.dim();
        this.wt = transpose(model.w(), dim);
        this.vt = transpose(model.v(), dim);
        this.gram = new double[dim * dim];
        this.e = new double[dim];
        this.u = new double[dim];
        this.h = new double[dim];
        this.o = new double[dim];
        this.wstar = new double[d];
    }

    private static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = a[i * n + j];
            }
        }
        return t;
    }

    /**
     * Starts a prompt from its examples' feature Gram matrix {@code S = Σ x xᵀ} ({@code d×d},
     * row-major), the true weights {@code w*} (labels {@code y = ⟨w*, x⟩}) and {@code m}; the
     * query column is {@code (0, 0, ŵ_0 = 0, 1)}.
     */
    void start(double[] s, double[] trueW, int m) {
        Arrays.fill(gram, 0.0);
        System.arraycopy(trueW, 0, wstar, 0, d);
        double wsw = 0;
        for (int i = 0; i < d; i++) {
            System.arraycopy(s, i * d, gram, i * dim, d);
            double sw = Kernels.dot(s, i * d, trueW, 0, d);
            gram[i * dim + d] = sw;
            gram[d * dim + i] = sw;
            wsw += trueW[i] * sw;
        }
        gram[d * dim + d] = wsw;
        int last = dim - 1;
        gram[last * dim + last] = 1.0;
        Arrays.fill(e, 0.0);
        e[last] = 1.0;
        invRho = 1.0 / m;
    }

    /** One CoT step; returns {@code ‖w_k − w*‖² / d} of the new column. */
    double step() {
        Arrays.fill(u, 0.0);
        for (int j = 0; j < dim; j++) {
            double ej = e[j];
            if (ej != 0) {
                Kernels.axpy(ej, wt, j * dim, u, 0, dim);
            }
        }
        Arrays.fill(h, 0.0);
        for (int j = 0; j < dim; j++) {
            double uj = u[j];
            if (uj != 0) {
                Kernels.axpy(uj * invRho, gram, j * dim, h, 0, dim);
            }
        }
        System.arraycopy(e, 0, o, 0, dim);
        for (int j = 0; j < dim; j++) {
            double hj = h[j];
            if (hj != 0) {
                Kernels.axpy(hj, vt, j * dim, o, 0, dim);
            }
        }
        for (int j = 0; j < dim; j++) {
            double oj = o[j];
            if (oj != 0) {
                Kernels.axpy(oj, o, 0, gram, j * dim, dim);
            }
        }
        System.arraycopy(o, 0, e, 0, dim);
        double err = 0;
        for (int i = 0; i < d; i++) {
            double diff = o[d + 1 + i] - wstar[i];
            err += diff * diff;
        }
        return err / d;
    }

    /** The current last column (a copy). */
    double[] column() {
        return e.clone();
    }
}
