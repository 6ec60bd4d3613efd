package org.taskmix.validation;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.Doubles;

/**
 * One linear self-attention layer (docs/theory.md §2): {@code f(E) = E + V·E·(EᵀWE)/ρ} with
 * {@code V, W ∈ R^{D×D}}, {@code D = 2d + 2}.
 *
 * <p>Rows (and columns of {@code V} and {@code W}) come in four blocks, numbered 1..4 in
 * docs/theory.md: features {@code 0..d−1}, label {@code d}, weight slot {@code d+1..2d}, constant
 * {@code 2d+1}. Prompt columns are {@code (x, y, 0, 0)} for examples and
 * {@code (0, 0, ŵ, 1)} for the last (query) column.
 *
 * <p>Only the last column of {@code f(E)} is ever read, so {@link #forwardLast} computes just
 * that column in {@code O(D·N + D²)}: {@code u = W e_last}, {@code a = Eᵀu},
 * {@code h = E a / ρ}, {@code out = e_last + V h}. The {@code N×N} matrix {@code EᵀWE} is never
 * formed. The trainer and the chain-of-thought runner use faster specialised kernels
 * (Gram-matrix forms); this class is the reference they are tested against.
 *
 * <p>Immutable: parameters are copied in and out. Matrices are stored row-major in flat arrays.
 */
public final class LsaModel {

    private final int d;
    private final int dim;
    private final double[] v;
    private final double[] w;

    private LsaModel(int d, double[] v, double[] w) {
        this.d = d;
        this.dim = 2 * d + 2;
        this.v = v;
        this.w = w;
    }

    /**
     * A model with the given parameters.
     *
     * @param d feature dimension, at least 1
     * @param v {@code V}, row-major, length {@code D²}; copied
     * @param w {@code W}, row-major, length {@code D²}; copied
     * @throws IllegalArgumentException on a wrong length or a non-finite entry
     */
    public static LsaModel of(int d, double[] v, double[] w) {
        if (d < 1) {
            throw new IllegalArgumentException("d: value " + d + " must be >= 1");
        }
        int dd = (2 * d + 2) * (2 * d + 2);
        check("V", v, dd);
        check("W", w, dd);
        return new LsaModel(d, v.clone(), w.clone());
    }

    private static void check(String name, double[] a, int len) {
        if (a.length != len) {
            throw new IllegalArgumentException(name + ": has " + a.length + " entries; expected " + len + " (D x D, D = 2d+2)");
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "]: value " + a[i] + " is not finite");
            }
        }
    }

    /**
     * The documented initialisation (docs/theory.md §3): {@code W_13 = I_d} (feature rows, weight-slot
     * columns), {@code W_24 = −1} (label row, constant column), every other block of {@code W}
     * zero, and {@code V = 0}.
     */
    public static LsaModel initial(int d) {
        int dim = 2 * d + 2;
        double[] w = new double[dim * dim];
        for (int i = 0; i < d; i++) {
            w[i * dim + weightRow(d, i)] = 1.0;
        }
        w[labelRow(d) * dim + constantRow(d)] = -1.0;
        return new LsaModel(d, new double[dim * dim], w);
    }

    /**
     * The theory's structured model for a preconditioner {@code P} ({@code d×d}): {@code V_31 = −P}
     * (weight-slot rows, feature columns), every other block of {@code V} zero, {@code W} the
     * documented initialisation. With {@code P = P(π)} it is the population optimum in the gauge
     * {@code W_24 = −1}, and a CoT step is the pseudo-Newton update of docs/theory.md §4.
     */
    public static LsaModel structured(DMatrixRMaj p) {
        int d = p.numRows;
        if (p.numCols != d) {
            throw new IllegalArgumentException("P: is " + p.numRows + "x" + p.numCols + "; expected a square matrix");
        }
        int dim = 2 * d + 2;
        double[] v = new double[dim * dim];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[weightRow(d, i) * dim + j] = -p.get(i, j);
            }
        }
        return of(d, v, initial(d).w);
    }

    /** Feature dimension {@code d}. */
    public int d() {
        return d;
    }

    /** Embedding size {@code D = 2d + 2}. */
    public int dim() {
        return dim;
    }

    /** Row index of the label. */
    public static int labelRow(int d) {
        return d;
    }

    /** Row index of weight-slot entry {@code i} ({@code 0 ≤ i < d}). */
    public static int weightRow(int d, int i) {
        return d + 1 + i;
    }

    /** Row index of the constant 1. */
    public static int constantRow(int d) {
        return 2 * d + 1;
    }

    /** {@code V}, row-major (a copy). */
    public double[] v() {
        return v.clone();
    }

    /** {@code W}, row-major (a copy). */
    public double[] w() {
        return w.clone();
    }

    /** Entry {@code V[i][j]}. */
    public double v(int i, int j) {
        return v[i * dim + j];
    }

    /** Entry {@code W[i][j]}. */
    public double w(int i, int j) {
        return w[i * dim + j];
    }

    /**
     * The block {@code V_31} (rows: weight slot, columns: features), {@code d×d}. At the
     * population optimum in the gauge {@code W_24 = −1} it is {@code −P(π)} (docs/theory.md §3).
     */
    public DMatrixRMaj v31() {
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out.set(i, j, v(weightRow(d, i), j));
            }
        }
        return out;
    }

    /**
     * The last column of {@code f(E)}, computed in {@code O(D·N + D²)}.
     *
     * @param columns the prompt's columns, each of length {@code D}; the last is the query
     * @param rho     the normaliser {@code ρ} (number of (x, y) example columns, our choice)
     */
    public double[] forwardLast(double[][] columns, double rho) {
        return pass(columns, rho).out;
    }

    /**
     * Loss {@code ½‖f(E)[:, last] − target‖²} and its exact gradients.
     *
     * <p>With {@code G = E Eᵀ}, {@code u = W e}, {@code h = G u / ρ}, {@code r = e + V h − target}:
     * {@code ∂L/∂V = r hᵀ} and {@code ∂L/∂W = (G Vᵀ r / ρ) eᵀ}, because {@code G} does not depend
     * on the parameters. {@code G Vᵀ r} is evaluated as {@code E (Eᵀ (Vᵀ r))}, again without an
     * {@code N×N} matrix.
     */
    public Gradient gradient(double[][] columns, double[] target, double rho) {
        if (target.length != dim) {
            throw new IllegalArgumentException("target: length " + target.length + "; expected D = " + dim);
        }
        Pass p = pass(columns, rho);
        double[] r = new double[dim];
        double loss = 0;
        for (int i = 0; i < dim; i++) {
            r[i] = p.out[i] - target[i];
            loss += 0.5 * r[i] * r[i];
        }
        double[] gv = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                gv[i * dim + j] = r[i] * p.h[j];
            }
        }
        double[] q = new double[dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                q[j] += v[i * dim + j] * r[i];
            }
        }
        double[] gq = times(columns, q, rho);
        double[] e = columns[columns.length - 1];
        double[] gw = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                gw[i * dim + j] = gq[i] * e[j];
            }
        }
        return new Gradient(loss, Doubles.of(gv), Doubles.of(gw));
    }

    /** {@code E Eᵀ x / ρ} as {@code E (Eᵀ x) / ρ}. */
    private double[] times(double[][] columns, double[] x, double rho) {
        double[] out = new double[dim];
        for (double[] col : columns) {
            if (col.length != dim) {
                throw new IllegalArgumentException("column: length " + col.length + "; expected D = " + dim);
            }
            double a = 0;
            for (int i = 0; i < dim; i++) {
                a += col[i] * x[i];
            }
            for (int i = 0; i < dim; i++) {
                out[i] += col[i] * a;
            }
        }
        for (int i = 0; i < dim; i++) {
            out[i] /= rho;
        }
        return out;
    }

    private Pass pass(double[][] columns, double rho) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("prompt has no columns");
        }
        if (!(rho > 0)) {
            throw new IllegalArgumentException("rho: value " + rho + " must be > 0");
        }
        double[] e = columns[columns.length - 1];
        double[] u = new double[dim];
        for (int i = 0; i < dim; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += w[i * dim + j] * e[j];
            }
            u[i] = s;
        }
        double[] h = times(columns, u, rho);
        double[] out = e.clone();
        for (int i = 0; i < dim; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += v[i * dim + j] * h[j];
            }
            out[i] += s;
        }
        return new Pass(h, out);
    }

    private record Pass(double[] h, double[] out) {
    }

    /**
     * The gauge-normalised copy: {@code V ← c·V}, {@code W[:, last] ← W[:, last]/c} with
     * {@code c = −W_24}, so that afterwards {@code W_24 = −1}.
     *
     * <p>Why (our choice, documented): on training prompts the query column is
     * {@code (0, 0, 0, 1)}, so {@code W} enters only through its last column {@code u}, and the
     * output {@code V·G·u/ρ} is unchanged by {@code (V, u) → (c·V, u/c)}. Training therefore
     * cannot tell these models apart, and gradient descent drifts along that flat direction
     * (under gradient flow {@code ‖V‖² − ‖u‖²} is conserved, so {@code |W_24|} grows as
     * {@code V} does). Test-time reasoning can: {@code W_13 = I} receives no gradient, and the
     * chain of thought converges to {@code w*} only when {@code W_13 = −W_24·I}. Choosing the
     * representative with {@code W_24 = −1} restores that relation without changing any
     * prediction on training prompts, and puts {@code V_31} in the gauge in which docs/theory.md states
     * the optimum {@code −P(π)}.
     *
     * @throws IllegalStateException if {@code W_24} is zero or not finite (no gauge to fix)
     */
    public LsaModel gaugeNormalised() {
        return rescaled(gaugeScale());
    }

    /**
     * {@code −W_24}: 1 in the documented gauge; its drift away from 1 measures how far training
     * moved along the flat direction described in {@link #gaugeNormalised()}.
     */
    public double gaugeScale() {
        return -w[labelRow(d) * dim + constantRow(d)];
    }

    /**
     * The chain-of-thought offset floor {@code ‖W_14‖²/d}: the squared norm of the block
     * {@code W_14} (feature rows {@code 0..d−1}, constant column {@code 2d+1}) per dimension.
     *
     * <p>The theory's optimum has {@code W_14 = 0}, but stochastic training leaves it non-zero.
     * In a CoT step it is added to {@code w_i − w*} inside {@code V_31 Ŝ(·)}, so the chain
     * converges to {@code w* − W_14} instead of {@code w*}, and the measured per-dimension error
     * {@code ‖w_k − w*‖²/d} levels off near this value once the theory's error has fallen below
     * it. Meaningful in the documented gauge {@code W_24 = −1} (see {@link #gaugeNormalised()}),
     * where the fixed point does not depend on the scale of {@code V}.
     *
     * @return {@code Σ_i W[i][2d+1]² / d}, at least 0
     */
    public double cotOffsetFloor() {
        int c = constantRow(d);
        double s = 0;
        for (int i = 0; i < d; i++) {
            double x = w[i * dim + c];
            s += x * x;
        }
        return s / d;
    }

    /**
     * The same model in rotated feature coordinates: {@code V' = Rᵀ V R}, {@code W' = Rᵀ W R}
     * with {@code R = diag(Q, 1, Q, 1)} acting on the feature and the weight-slot blocks alike.
     *
     * <p>For a prompt {@code E = R E'} (features {@code x = Q x'}, weights {@code w = Q w'},
     * labels unchanged) and the query column (which {@code R} fixes),
     * {@code f(E)[:, last] = R f'(E')[:, last]}: {@code f(E) = E + V E EᵀW E/ρ} becomes
     * {@code R (E' + V' E' E'ᵀ W' E'/ρ)} because {@code RᵀR = I}. Weight-slot errors
     * {@code ‖w_k − w*‖} are therefore the same in both coordinates, and zero blocks of
     * {@code V} and {@code W} stay exactly zero. The chain-of-thought evaluation runs in the
     * eigenbasis of {@code Σ}, where the test prompts' covariance is diagonal (docs/theory.md §9.1).
     *
     * @param q an orthogonal {@code d×d} matrix
     */
    public LsaModel rotated(DMatrixRMaj q) {
        if (q.numRows != d || q.numCols != d) {
            throw new IllegalArgumentException("rotation: is " + q.numRows + "x" + q.numCols + "; expected " + d + "x" + d);
        }
        double[] r = new double[dim * dim];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i * dim + j] = q.get(i, j);
                r[weightRow(d, i) * dim + weightRow(d, j)] = q.get(i, j);
            }
        }
        r[labelRow(d) * dim + labelRow(d)] = 1;
        r[constantRow(d) * dim + constantRow(d)] = 1;
        return new LsaModel(d, conjugate(v, r, dim), conjugate(w, r, dim));
    }

    /** {@code Rᵀ A R} for {@code n×n} row-major matrices; zero entries of {@code A} are skipped. */
    private static double[] conjugate(double[] a, double[] r, int n) {
        return times(r, true, times(a, false, r, n), n);
    }

    /**
     * {@code L B} (or {@code Lᵀ B} if {@code transposeLeft}) for {@code n×n} row-major matrices,
     * skipping zero entries of the left factor (the weights are sparse). Each output entry sums its
     * terms in ascending inner index, whatever the transpose, so both products in {@link #conjugate}
     * round alike.
     */
    private static double[] times(double[] left, boolean transposeLeft, double[] b, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double lik = transposeLeft ? left[k * n + i] : left[i * n + k];
                if (lik != 0) {
                    for (int j = 0; j < n; j++) {
                        out[i * n + j] += lik * b[k * n + j];
                    }
                }
            }
        }
        return out;
    }

    /** {@code (V, W[:, last]) → (c·V, W[:, last]/c)}: a symmetry of the training loss. */
    private LsaModel rescaled(double c) {
        if (!(Double.isFinite(c) && c != 0)) {
            throw new IllegalStateException("W_24 = " + (-c) + ": cannot normalise the gauge");
        }
        double[] nv = v.clone();
        for (int i = 0; i < nv.length; i++) {
            nv[i] *= c;
        }
        double[] nw = w.clone();
        int last = constantRow(d);
        for (int i = 0; i < dim; i++) {
            nw[i * dim + last] /= c;
        }
        return new LsaModel(d, nv, nw);
    }

    /**
     * Loss and gradients of one prompt.
     *
     * @param loss      {@code ½‖f(E)[:, last] − target‖²}
     * @param gradientV {@code ∂L/∂V}, row-major
     * @param gradientW {@code ∂L/∂W}, row-major
     */
    public record Gradient(double loss, Doubles gradientV, Doubles gradientW) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LsaModel m && m.d == d && Arrays.equals(m.v, v) && Arrays.equals(m.w, w);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * d + Arrays.hashCode(v)) + Arrays.hashCode(w);
    }

    @Override
    public String toString() {
        return "LsaModel[d=" + d + "]";
    }
}
