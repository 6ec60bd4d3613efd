package org.taskmix.validation;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * Test-time chain of thought by running the model, {@code O(D²)} per step independent of the
 * number of columns (docs/theory.md §4).
 *
 * <p>Only the last column of {@code f(E)} is read: {@code h = E Eᵀ W e / ρ = G W e / ρ} with the
 * Gram matrix {@code G = Σ_columns c cᵀ}. Appending the output column {@code o} to {@code E}
 * adds {@code o oᵀ} to {@code G}. So a step is {@code u = W e}, {@code h = G u / ρ},
 * {@code o = e + V h}, {@code G += o oᵀ}, {@code e = o}. The first {@code D/2} appended columns
 * are kept as a low-rank term ({@code G u = G₀ u + Σ_t o_t (o_tᵀ u)}, {@code 2D} per column)
 * rather than added to {@code G} ({@code D²} each); the chains of the paper ({@code k ≤ 32})
 * never form the sum.
 *
 * <p>Sparsity, exploited exactly: every product runs only over the non-zero range of the
 * multiplying vector and of each matrix row (rows of {@code Vᵀ} and {@code Wᵀ} are fixed per
 * model; the ranges of {@code G}'s rows grow as columns are appended). Skipping a product with
 * a zero factor changes no result for finite entries. A trained model has the block pattern of
 * the documented initialisation (weight-slot rows of {@code V}, feature/label columns; {@code W}'s
 * identity block and last column), so a step costs about a third of the dense {@code 4D²}; a
 * dense model still runs correctly at the dense cost.
 *
 * <p>{@code ρ = m} for every step (our choice): the appended columns are not (x, y) examples,
 * and with {@code ρ} fixed a step is exactly the pseudo-Newton update
 * {@code w ← w − P Ŝ_m (w − w*)} of docs/theory.md §4 when {@code V_31 = −P} and {@code W} is
 * structured.
 */
final class CotKernel {

    private final int d;
    private final int dim;
    private final double[] wt;
    private final int[] wtLo;
    private final int[] wtHi;
    private final double[] vt;
    private final int[] vtLo;
    private final int[] vtHi;
    private final double[] gram;
    private final int[] gLo;
    private final int[] gHi;
    private final double[] e;
    private final double[] u;
    private final double[] h;
    private final double[] o;
    private final double[] wstar;
    private double invRho;
    /**
     * Appended columns kept apart from {@code G} (row {@code t} = column {@code t}, with its
     * non-zero range): {@code G u = G₀ u + Σ_t o_t (o_tᵀ u)} costs {@code 2D} per column instead
     * of the {@code D²} of a rank-1 update. Beyond {@link #lowRankMax} columns they are folded
     * into {@code G} and later ones are added to it directly.
     */
    private final double[] appended;
    private final int[] aLo;
    private final int[] aHi;
    private final int lowRankMax;
    private int count;
    private boolean folded;
    /**
     * Lazy prompts (docs/theory.md §9.2): the examples' {@code S = A Z Zᵀ A} is not in
     * {@link #gram} but applied through {@link LazyWishart} once per step ({@code A} = the
     * root of {@code Σ}); null for prompts started from their Gram matrix.
     */
    private LazyWishart lazy;
    private FastRandom lazyRng;
    private double[] lazyRoot;
    private boolean lazyDiagonal;
    private final double[] sv;
    private final double[] st;

    /** A kernel for a model; {@code W} and {@code V} are stored transposed for axpy products. */
    CotKernel(LsaModel model) {
        this.d = model.d();
        this.dim = model.dim();
        this.wt = transpose(model.w(), dim);
        this.vt = transpose(model.v(), dim);
        this.wtLo = new int[dim];
        this.wtHi = new int[dim];
        this.vtLo = new int[dim];
        this.vtHi = new int[dim];
        for (int j = 0; j < dim; j++) {
            rowRange(wt, j, dim, wtLo, wtHi);
            rowRange(vt, j, dim, vtLo, vtHi);
        }
        this.gram = new double[dim * dim];
        this.gLo = new int[dim];
        this.gHi = new int[dim];
        this.e = new double[dim];
        this.u = new double[dim];
        this.h = new double[dim];
        this.o = new double[dim];
        this.wstar = new double[d];
        this.sv = new double[d];
        this.st = new double[d];
        // Crossover: the t-th step's low-rank product costs 2D·t, a rank-1 update D².
        this.lowRankMax = Math.max(1, dim / 2);
        this.appended = new double[lowRankMax * dim];
        this.aLo = new int[lowRankMax];
        this.aHi = new int[lowRankMax];
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

    /** {@code [lo, hi)}: the range of non-zero entries of row {@code j} (empty: lo = hi = 0). */
    private static void rowRange(double[] a, int j, int n, int[] lo, int[] hi) {
        int l = 0;
        while (l < n && a[j * n + l] == 0) {
            l++;
        }
        int r = n;
        while (r > l && a[j * n + r - 1] == 0) {
            r--;
        }
        lo[j] = l == n ? 0 : l;
        hi[j] = l == n ? 0 : r;
    }

    /**
     * Starts a prompt from its examples' feature Gram matrix {@code S = Σ x xᵀ} ({@code d×d},
     * row-major, symmetric), the true weights {@code w*} (labels {@code y = ⟨w*, x⟩}) and
     * {@code m}; the query column is {@code (0, 0, ŵ_0 = 0, 1)}.
     */
    void start(double[] s, double[] trueW, int m) {
        lazy = null;
        Arrays.fill(gram, 0.0);
        System.arraycopy(trueW, 0, wstar, 0, d);
        double wsw = 0;
        for (int i = 0; i < d; i++) {
            System.arraycopy(s, i * d, gram, i * dim, d);
            double sw = Dots.dot4(s, i * d, trueW, 0, d);
            gram[i * dim + d] = sw;
            gram[d * dim + i] = sw;
            wsw += trueW[i] * sw;
        }
        gram[d * dim + d] = wsw;
        begin(m);
    }

    /** The rest of a prompt's start once {@link #gram} holds its examples' part (or none). */
    private void begin(int m) {
        int last = dim - 1;
        gram[last * dim + last] = 1.0;
        for (int j = 0; j < dim; j++) {
            rowRange(gram, j, dim, gLo, gHi);
        }
        Arrays.fill(e, 0.0);
        e[last] = 1.0;
        invRho = 1.0 / m;
        count = 0;
        folded = false;
    }

    /**
     * Starts a prompt whose examples' whitened Gram matrix {@code Z Zᵀ} is drawn lazily by
     * {@code examples} (already {@link LazyWishart#reset reset} to {@code m} examples, its columns
     * drawn from {@code rng} as the steps need them): {@code S = A Z Zᵀ A} with {@code A = root}
     * ({@code d} entries if {@code diagonal}, else {@code d×d} symmetric). Otherwise as
     * {@link #start}.
     */
    void startLazy(LazyWishart examples, FastRandom rng, double[] root, boolean diagonal, double[] trueW, int m) {
        Arrays.fill(gram, 0.0);
        System.arraycopy(trueW, 0, wstar, 0, d);
        begin(m);
        lazy = examples;
        lazyRng = rng;
        lazyRoot = root;
        lazyDiagonal = diagonal;
    }

    /**
     * {@code h += G₀ u / ρ} for the examples' block of a lazy prompt:
     * {@code h_x += S v / ρ}, {@code h_y += w*ᵀ S v / ρ} with {@code v = u_x + u_y w*}.
     */
    private void addLazyExamples() {
        for (int i = 0; i < d; i++) {
            sv[i] = u[i] + u[d] * wstar[i];
        }
        Kernels.symTimes(lazyRoot, lazyDiagonal, sv, st, d);
        lazy.times(lazyRng, st, sv);
        Kernels.symTimes(lazyRoot, lazyDiagonal, sv, st, d);
        for (int i = 0; i < d; i++) {
            h[i] += st[i] * invRho;
        }
        h[d] += Dots.dot4(wstar, 0, st, 0, d) * invRho;
    }

    /** One CoT step; returns {@code ‖w_k − w*‖² / d} of the new column. */
    double step() {
        // u = W e = Σ_j e_j Wᵀ[j, :]
        Arrays.fill(u, 0.0);
        rowsTimes(wt, wtLo, wtHi, e, 1.0, u);
        // h = G u / ρ = Σ_j (u_j / ρ) G[j, :]   (G symmetric), plus the columns kept apart.
        Arrays.fill(h, 0.0);
        rowsTimes(gram, gLo, gHi, u, invRho, h);
        for (int t = 0; t < count; t++) {
            int lo = aLo[t];
            int len = aHi[t] - lo;
            double c = Dots.dot4(appended, t * dim + lo, u, lo, len);
            if (c != 0) {
                Kernels.axpy(c * invRho, appended, t * dim + lo, h, lo, len);
            }
        }
        if (lazy != null) {
            addLazyExamples();
        }
        // o = e + V h = e + Σ_j h_j Vᵀ[j, :]
        System.arraycopy(e, 0, o, 0, dim);
        rowsTimes(vt, vtLo, vtHi, h, 1.0, o);
        int lo = 0;
        while (lo < dim && o[lo] == 0) {
            lo++;
        }
        int hi = dim;
        while (hi > lo && o[hi - 1] == 0) {
            hi--;
        }
        append(o, lo, hi);
        System.arraycopy(o, 0, e, 0, dim);
        double err = 0;
        for (int i = 0; i < d; i++) {
            double diff = o[d + 1 + i] - wstar[i];
            err += diff * diff;
        }
        return err / d;
    }

    /**
     * {@code out += scale · Σ_j x_j a[j, lo_j..hi_j)} over the rows with {@code x_j ≠ 0} and a
     * non-empty range, in row order; runs of four such rows with the same range go through
     * {@link Kernels#axpy4} (one pass over {@code out} per four rows: a trained model's
     * {@code V_31} block has equal ranges on all its rows).
     */
    private void rowsTimes(double[] a, int[] lo, int[] hi, double[] x, double scale, double[] out) {
        int j = 0;
        while (j < dim) {
            if (x[j] == 0 || hi[j] <= lo[j]) {
                j++;
                continue;
            }
            int l = lo[j];
            int len = hi[j] - l;
            if (j + 3 < dim && sameRange(lo, hi, j, l, len) && x[j + 1] != 0 && x[j + 2] != 0 && x[j + 3] != 0) {
                Kernels.axpy4(a, j * dim + l, (j + 1) * dim + l, (j + 2) * dim + l, (j + 3) * dim + l,
                        x[j] * scale, x[j + 1] * scale, x[j + 2] * scale, x[j + 3] * scale, out, l, len);
                j += 4;
            } else {
                Kernels.axpy(x[j] * scale, a, j * dim + l, out, l, len);
                j++;
            }
        }
    }

    /** Whether rows {@code j+1..j+3} have the range {@code [l, l + len)} of row {@code j}. */
    private static boolean sameRange(int[] lo, int[] hi, int j, int l, int len) {
        for (int i = j + 1; i <= j + 3; i++) {
            if (lo[i] != l || hi[i] - lo[i] != len) {
                return false;
            }
        }
        return true;
    }

    /** Keeps column {@code c} (non-zero on {@code [lo, hi)}) apart, or adds it to {@code G}. */
    private void append(double[] c, int lo, int hi) {
        if (!folded && count < lowRankMax) {
            System.arraycopy(c, 0, appended, count * dim, dim);
            aLo[count] = lo;
            aHi[count] = Math.max(lo, hi);
            count++;
            return;
        }
        if (!folded) {
            folded = true;
            for (int t = 0; t < count; t++) {
                addOuter(appended, t * dim, aLo[t], aHi[t]);
            }
            count = 0;
        }
        addOuter(c, 0, lo, hi);
    }

    /** {@code G += o oᵀ} for {@code o = a[off .. off + dim)} over its non-zero range; row ranges grow to cover it. */
    private void addOuter(double[] a, int off, int lo, int hi) {
        for (int j = lo; j < hi; j++) {
            double oj = a[off + j];
            if (oj != 0) {
                Kernels.axpy(oj, a, off + lo, gram, j * dim + lo, hi - lo);
                if (gHi[j] == gLo[j]) {
                    gLo[j] = lo;
                    gHi[j] = hi;
                } else {
                    gLo[j] = Math.min(gLo[j], lo);
                    gHi[j] = Math.max(gHi[j], hi);
                }
            }
        }
    }

    /** The current last column (a copy). */
    double[] column() {
        return e.clone();
    }
}
