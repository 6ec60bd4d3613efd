package org.taskmix.validation;

import java.util.Arrays;

/**
 * Loss and gradient of training prompts in {@code O(d² + n·d)} per prompt, exact for every
 * parameter value (not only the structured ones).
 *
 * <p>Structure used (math.md §2–§3). A training prompt's columns are {@code (x_i, y_i, 0, 0)}
 * and the query {@code e = (0, 0, ŵ_0 = 0, 1)}. So {@code u = W e} is the last column of
 * {@code W}, and with {@code G = E Eᵀ}, {@code X = Λ^{1/2} Z}, {@code S = X Xᵀ = A Z Zᵀ A}
 * ({@code A = Λ^{1/2}}) and {@code y = Xᵀ w}:
 * <pre>
 *   G = [[S, S w, 0, 0], [wᵀS, wᵀS w, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
 *   h = G u / ρ:  h_x = S (u_x + u_y w) / ρ,  h_y = wᵀ h_x,  h_w = 0,  h_c = u_c / ρ
 * </pre>
 * {@code S v} is applied as {@code A (Z (Zᵀ (A v)))}, never forming {@code S}, {@code X} or
 * {@code y}. The residual is {@code r = V h − (0, 0, w, 0)}; rows of {@code V} that are zero at
 * the relevant columns and carry no target have {@code r_i = 0} exactly and are skipped (from
 * the documented initialisation that leaves only the {@code d} weight-slot rows). Gradients:
 * {@code ∂L/∂V = r hᵀ} (only columns x, y, c are non-zero since {@code h_w = 0}) and
 * {@code ∂L/∂W = (G Vᵀ r / ρ) eᵀ} (only the last column, and there only rows x, y, c).
 *
 * <p>Packed layout: a "packed" vector has {@code d + 2} entries (features, label, constant).
 */
final class TrainingKernel {

    /** Prompts per chunk: the fixed partition of a batch that keeps parallel runs reproducible. */
    static final int CHUNK = 32;
    /**
     * Prompts processed together "across prompts". Measured at d = n = 20: blocks of 8 or 16
     * are slower (loop set-up dominates such short vectors), 64 is no faster than 32.
     */
    static final int BLOCK = 32;

    private final TrainingMixture mixture;
    private final int d;
    private final int dim;
    private final int packed;

    // Per-step parameters, read-only while chunks run.
    private int active;
    private int[] activeRows;
    private int[] targetSlot;
    private double[] va;
    private final double[] ux;
    private double uy;
    private double uc;

    TrainingKernel(TrainingMixture mixture) {
        this.mixture = mixture;
        this.d = mixture.d();
        this.dim = 2 * d + 2;
        this.packed = d + 2;
        this.ux = new double[d];
    }

    int packedWidth() {
        return packed;
    }

    /** Number of active rows of {@code V} in the current step. */
    int activeRows() {
        return active;
    }

    /** Global row index of active row {@code r}. */
    int activeRow(int r) {
        return activeRows[r];
    }

    /** Loads the parameters of the current step ({@code V, W} row-major). */
    void load(double[] v, double[] w) {
        int last = dim - 1;
        int[] rows = new int[dim];
        int count = 0;
        for (int i = 0; i < dim; i++) {
            boolean target = i > d && i < last;
            boolean nonzero = v[i * dim + d] != 0 || v[i * dim + last] != 0;
            for (int j = 0; j < d && !nonzero; j++) {
                nonzero = v[i * dim + j] != 0;
            }
            if (target || nonzero) {
                rows[count++] = i;
            }
        }
        active = count;
        activeRows = Arrays.copyOf(rows, count);
        targetSlot = new int[count];
        va = new double[count * packed];
        for (int r = 0; r < count; r++) {
            int i = activeRows[r];
            targetSlot[r] = i > d && i < last ? i - d - 1 : -1;
            System.arraycopy(v, i * dim, va, r * packed, d);
            va[r * packed + d] = v[i * dim + d];
            va[r * packed + d + 1] = v[i * dim + last];
        }
        for (int i = 0; i < d; i++) {
            ux[i] = w[i * dim + last];
        }
        uy = w[d * dim + last];
        uc = w[last * dim + last];
    }

    /**
     * Per-chunk scratch space and gradient accumulators.
     *
     * <p>Prompts are processed in blocks of up to {@link #BLOCK} prompts of one mixture
     * component, stored "across prompts": entry {@code [i·BLOCK + p]} is quantity {@code i} of
     * prompt {@code p}. Every product then runs along the prompt index as a long axpy or
     * elementwise product, which the JIT vectorises, instead of along the short feature index.
     */
    final class Chunk {
        final double[] gradV;
        final double[] gradU = new double[packed];
        double loss;

        private final int[] comp = new int[CHUNK];
        
        private final double[] w = new double[d * BLOCK];
        private final double[] z;
        private final double[] vec = new double[d * BLOCK];
        private final double[] t = new double[d * BLOCK];
        private final double[] s;
        private final double[] p = new double[d * BLOCK];
        /** h packed per prompt: features 0..d−1, label d; the constant entry is the same for all. */
        private final double[] hp = new double[(d + 1) * BLOCK];
        private final double[] q = new double[packed * BLOCK];
        private final double[] g = new double[d * BLOCK];
        private final double[] res = new double[BLOCK];

        Chunk() {
            int nMax = mixture.maxPromptLength();
            z = new double[nMax * d * BLOCK];
            s = new double[nMax * BLOCK];
            gradV = new double[active * packed];
        }

        /**
         * Draws {@code count ≤ BLOCK} prompts from {@code rng} and adds their loss and gradients:
         * first the component of every prompt, then, component by component in order, the
         * block's {@code w} and examples.
         */
        void accumulate(FastRandom rng, int count) {
            int k = mixture.components();
            for (int i = 0; i < count; i++) {
                comp[i] = k == 1 ? 0 : mixture.component(rng.nextDouble());
            }
            for (int j = 0; j < k; j++) {
                int members = 0;
                for (int i = 0; i < count; i++) {
                    if (comp[i] == j) {
                        members++;
                    }
                }
                int n = mixture.promptLength(j);
                for (int from = 0; from < members; from += BLOCK) {
                    int size = Math.min(BLOCK, members - from);
                    for (int a = 0; a < d; a++) {
                        rng.fillGaussian(w, a * BLOCK, a * BLOCK + size);
                    }
                    for (int r = 0; r < n * d; r++) {
                        rng.fillGaussian(z, r * BLOCK, r * BLOCK + size);
                    }
                    addBlock(mixture.root(j), mixture.diagonal(j), n, size);
                }
            }
        }

        /**
         * Adds a block of {@code size} prompts of one component whose {@code w} (d rows) and
         * {@code Z} (example e, feature a at row {@code e·d + a}) are already in place.
         */
        void addBlock(double[] root, boolean diagonal, int n, int size) {
            double invRho = 1.0 / n;
            for (int a = 0; a < d; a++) {
                int o = a * BLOCK;
                for (int i = 0; i < size; i++) {
                    vec[o + i] = ux[a] + uy * w[o + i];
                }
            }
            gramTimes(root, diagonal, n, size, vec, hp);
            for (int i = 0; i < d * BLOCK; i++) {
                hp[i] *= invRho;
            }
            // h_y = wᵀ h_x per prompt; h_c = u_c / ρ is the same for every prompt.
            int yo = d * BLOCK;
            java.util.Arrays.fill(hp, yo, yo + BLOCK, 0.0);
            for (int a = 0; a < d; a++) {
                product(w, a * BLOCK, hp, a * BLOCK, hp, yo, size);
            }
            double hc = uc * invRho;

            java.util.Arrays.fill(q, 0.0);
            double l = 0;
            for (int r = 0; r < active; r++) {
                int vo = r * packed;
                double bias = va[vo + d + 1] * hc;
                for (int i = 0; i < size; i++) {
                    res[i] = bias;
                }
                for (int j = 0; j <= d; j++) {
                    double c = va[vo + j];
                    if (c != 0) {
                        Kernels.axpy(c, hp, j * BLOCK, res, 0, size);
                    }
                }
                if (targetSlot[r] >= 0) {
                    int to = targetSlot[r] * BLOCK;
                    for (int i = 0; i < size; i++) {
                        res[i] -= w[to + i];
                    }
                }
                double rsum = 0;
                for (int i = 0; i < size; i++) {
                    rsum += res[i];
                }
                l += Kernels.dot(res, 0, res, 0, size);
                // ∂L/∂V[r, :] = Σ_prompts r hᵀ and q = Vᵀ r per prompt (columns x, y, c).
                for (int j = 0; j <= d; j++) {
                    gradV[vo + j] += Kernels.dot(res, 0, hp, j * BLOCK, size);
                    double c = va[vo + j];
                    if (c != 0) {
                        Kernels.axpy(c, res, 0, q, j * BLOCK, size);
                    }
                }
                gradV[vo + d + 1] += rsum * hc;
                double cc = va[vo + d + 1];
                if (cc != 0) {
                    Kernels.axpy(cc, res, 0, q, (d + 1) * BLOCK, size);
                }
            }
            loss += 0.5 * l;

            // ∂L/∂u = G q / ρ restricted to rows x, y, c (G's weight-slot rows are zero).
            for (int a = 0; a < d; a++) {
                int o = a * BLOCK;
                for (int i = 0; i < size; i++) {
                    vec[o + i] = q[o + i] + q[yo + i] * w[o + i];
                }
            }
            gramTimes(root, diagonal, n, size, vec, g);
            double gy = 0;
            for (int a = 0; a < d; a++) {
                double ga = 0;
                for (int i = 0; i < size; i++) {
                    ga += g[a * BLOCK + i];
                }
                gradU[a] += ga * invRho;
                gy += Kernels.dot(w, a * BLOCK, g, a * BLOCK, size);
            }
            gradU[d] += gy * invRho;
            double qc = 0;
            for (int i = 0; i < size; i++) {
                qc += q[(d + 1) * BLOCK + i];
            }
            gradU[d + 1] += qc * invRho;
        }

        /** {@code out = S x = A Z Zᵀ A x} for every prompt of the block (rows 0..d−1 of out). */
        private void gramTimes(double[] root, boolean diagonal, int n, int size, double[] x, double[] out) {
            symTimes(root, diagonal, x, t, size);
            java.util.Arrays.fill(s, 0, n * BLOCK, 0.0);
            for (int e = 0; e < n; e++) {
                int so = e * BLOCK;
                for (int a = 0; a < d; a++) {
                    product(z, (e * d + a) * BLOCK, t, a * BLOCK, s, so, size);
                }
            }
            java.util.Arrays.fill(p, 0.0);
            for (int e = 0; e < n; e++) {
                int so = e * BLOCK;
                for (int a = 0; a < d; a++) {
                    product(z, (e * d + a) * BLOCK, s, so, p, a * BLOCK, size);
                }
            }
            symTimes(root, diagonal, p, out, size);
        }

        /** {@code out[a] = Σ_b A[a][b] x[b]} per prompt; {@code A} symmetric or diagonal. */
        private void symTimes(double[] a, boolean diagonal, double[] x, double[] out, int size) {
            if (diagonal) {
                for (int r = 0; r < d; r++) {
                    double c = a[r];
                    int o = r * BLOCK;
                    for (int i = 0; i < size; i++) {
                        out[o + i] = c * x[o + i];
                    }
                }
                return;
            }
            java.util.Arrays.fill(out, 0, d * BLOCK, 0.0);
            for (int r = 0; r < d; r++) {
                for (int b = 0; b < d; b++) {
                    double c = a[r * d + b];
                    if (c != 0) {
                        Kernels.axpy(c, x, b * BLOCK, out, r * BLOCK, size);
                    }
                }
            }
        }

        /** Test access: {@code w}, feature a of prompt i at {@code [a·BLOCK + i]}. */
        double[] wBuffer() {
            return w;
        }

        /** Test access: {@code Z}, feature a of example e of prompt i at {@code [(e·d + a)·BLOCK + i]}. */
        double[] zBuffer() {
            return z;
        }
    }

    /** {@code out[oo+i] += x[xo+i]·y[yo+i]} for {@code i < n}: vectorisable. */
    static void product(double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] += x[xo + i] * y[yo + i];
        }
    }
}
