package org.taskmix.validation;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * Loss and gradient of training prompts in {@code O(d² + n·d)} per prompt, exact for every
 * parameter value (not only the structured ones).
 *
 * <p>Structure used (docs/theory.md §2–§3). A training prompt's columns are {@code (x_i, y_i, 0, 0)}
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
 *
 * <p>Prompts are processed one at a time, so a prompt's {@code n·d} example draws stay in L1.
 * A variant that processed blocks of prompts "across the prompt index" (long vectorisable
 * loops) was measured slower end to end: its buffers leave L1, and a mixture of {@code T} tasks
 * splits every block {@code T} ways.
 */
final class TrainingKernel {

    /** Prompts per chunk: the fixed partition of a batch that keeps parallel runs reproducible. */
    static final int CHUNK = 32;

    /**
     * Gaussian prompts with at least this many examples are drawn as lazy Bartlett columns
     * ({@code 2d} normals and two chi-squares); shorter ones as their {@code n·d} example normals.
     */
    static final int LAZY_MIN_N = 3;

    /**
     * Prompts per parameter set whose {@code r hᵀ} wait for one rank update (a multiple of
     * {@link Kernels#BLOCK}, so the sums are grouped as four-prompt updates were before: same
     * bits); with more than one frame, {@link Kernels#BLOCK} (the buffers grow with the frames).
     */
    static final int PENDING = 16;

    private final TrainingMixture mixture;
    /** The sample rows prompts are drawn from (docs/theory.md §9.1), or null for Gaussian prompts. */
    private final PromptSource.Empirical realRows;
    private final int d;
    private final int dim;
    private final int packed;
    /** The {@code O(d²)} products per prompt, in the run's precision. */
    private final DenseProducts dense;

    // Per-step parameters, read-only while chunks run.
    private int active;
    private int[] activeRows;
    private int[] targetSlot;
    private double[] va;
    /** {@link #va} transposed ({@code packed} rows of {@code active}): {@code V h} as axpys. */
    private double[] vaT;
    private final double[] ux;
    private double uy;
    private double uc;

    /**
     * At most this many tasks get an {@link EigenFrame}: each costs {@code ~4d³} per step and
     * its own gradient buffers in every chunk.
     */
    static final int MAX_FRAMES = 64;

    /** Frame index of each component, −1 for prompts drawn with the task's own root. */
    private final int[] frameOf;
    private final EigenFrame[] frames;
    // Per step: whether frames are used (no feature row of V active), and the rotated parameters.
    private boolean framesOn;
    private int slot0;
    private double[][] frameVa;
    private double[][] frameVaT;
    private double[][] frameUx;

    /** A kernel drawing every prompt with its task's own root (no eigenbasis). */
    TrainingKernel(TrainingMixture mixture) {
        this(mixture, 0);
    }

    /**
     * A kernel for batches of {@code batch} prompts: a task with a non-diagonal {@code Λ} and
     * at least {@code d} expected prompts per batch is drawn in its eigenbasis
     * ({@link EigenFrame}, docs/theory.md §9.2), where rotating the parameters once per step
     * costs less than the roots' {@code d×d} products it saves on those prompts.
     */
    TrainingKernel(TrainingMixture mixture, int batch) {
        this(mixture, batch, false);
    }

    /** As {@link #TrainingKernel(TrainingMixture, int)}; {@code float32}: the products in {@link Dense32}. */
    TrainingKernel(TrainingMixture mixture, int batch, boolean float32) {
        this.mixture = mixture;
        this.dense = float32 ? new Dense32(mixture.d() + 2) : new Dense64(mixture.d() + 2);
        this.realRows = mixture.source() instanceof PromptSource.Empirical e ? e : null;
        this.d = mixture.d();
        this.dim = 2 * d + 2;
        this.packed = d + 2;
        this.ux = new double[d];
        this.frameOf = new int[mixture.components()];
        java.util.List<EigenFrame> list = new java.util.ArrayList<>();
        for (int j = 0; j < frameOf.length; j++) {
            boolean worth = !mixture.diagonal(j) && batch * mixture.weight(j) >= d && list.size() < MAX_FRAMES;
            frameOf[j] = worth ? list.size() : -1;
            if (worth) {
                list.add(new EigenFrame(mixture.root(j), d));
            }
        }
        this.frames = list.toArray(new EigenFrame[0]);
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
        vaT = Kernels.transpose(va, count, packed);
        for (int i = 0; i < d; i++) {
            ux[i] = w[i * dim + last];
        }
        uy = w[d * dim + last];
        uc = w[last * dim + last];
        loadFrames();
        int sets = framesInUse();
        double[][] all = new double[sets + 1][];
        double[][] allT = new double[sets + 1][];
        all[0] = va;
        allT[0] = vaT;
        for (int f = 0; f < sets; f++) {
            all[f + 1] = frameVa[f];
            allT[f + 1] = frameVaT[f];
        }
        dense.load(all, allT, active);
    }

    /** Rotates the step's parameters into every frame (if no feature row of V is active). */
    private void loadFrames() {
        slot0 = 0;
        while (slot0 < active && activeRows[slot0] < d + 1) {
            slot0++;
        }
        framesOn = frames.length > 0 && activeRows[0] >= d;
        if (!framesOn) {
            return;
        }
        frameVa = new double[frames.length][active * packed];
        frameUx = new double[frames.length][d];
        frameVaT = new double[frames.length][];
        double[] tmp = new double[active * packed];
        for (int f = 0; f < frames.length; f++) {
            frames[f].rotateIn(va, active, packed, slot0, frameVa[f], tmp);
            frameVaT[f] = Kernels.transpose(frameVa[f], active, packed);
            frames[f].vector(ux, true, frameUx[f]);
        }
    }

    /** Number of frames in use this step (0 if none). */
    int framesInUse() {
        return framesOn ? frames.length : 0;
    }

    /**
     * Adds the chunks' frame gradients, summed in chunk order and rotated back once per frame,
     * to {@code gv} (packed rows) and {@code gu} (packed).
     */
    void reduceFrames(Chunk[] parts, double[] gv, double[] gu) {
        if (!framesOn) {
            return;
        }
        double[] sv = new double[active * packed];
        double[] su = new double[packed];
        double[] tmp = new double[Math.max(active * packed, d)];
        for (int f = 0; f < frames.length; f++) {
            Arrays.fill(sv, 0.0);
            Arrays.fill(su, 0.0);
            for (Chunk part : parts) {
                for (int i = 0; i < sv.length; i++) {
                    sv[i] += part.frameGradV[f][i];
                }
                for (int i = 0; i < packed; i++) {
                    su[i] += part.frameGradU[f][i];
                }
            }
            frames[f].rotateOutAdd(sv, active, packed, slot0, gv, tmp);
            frames[f].vector(su, false, tmp);
            for (int i = 0; i < d; i++) {
                gu[i] += tmp[i];
            }
            gu[d] += su[d];
            gu[d + 1] += su[d + 1];
        }
    }

    /**
     * {@code previous} cleared for a new step if it fits this step's parameters (same active
     * rows and frames), else a new chunk: training allocates no buffers per step while the
     * active rows of {@code V} stay the same.
     */
    Chunk reuse(Chunk previous) {
        if (previous == null || previous.gradV.length != active * packed
                || previous.frameGradV.length != framesInUse()) {
            return new Chunk();
        }
        previous.clear();
        return previous;
    }

    /** Per-chunk scratch space and gradient accumulators. */
    final class Chunk {
        final double[] gradV;
        final double[] gradU = new double[packed];
        double loss;

        private final double[] w = new double[d];
        private final double[] z;
        private final double[] vec = new double[d];
        private final double[] t = new double[d];
        private final double[] s;
        private final double[] p = new double[d];
        private final double[] hp = new double[packed];
        private final double[] q = new double[packed];
        private final double[] g = new double[d];
        /** Parameter sets: own coordinates, then each frame. */
        private final int sets;
        /** The products and the queued {@code r hᵀ} per set ({@link DenseProducts}). */
        private final DenseProducts.Chunk products;
        /** The prompt's {@code Z Zᵀ} as lazily drawn Bartlett columns (two products per prompt). */
        private final LazyWishart lazy = new LazyWishart(d, 2);
        /** Whether the current prompt is held by {@link #lazy} (else as the rows {@link #z}). */
        private boolean useLazy;
        /** The generator {@link #lazy} draws its columns from while a prompt is added. */
        private FastRandom lazyRng;

        /** Per frame: gradient of the rotated parameters (packed rows, then packed {@code u}). */
        final double[][] frameGradV;
        final double[][] frameGradU;
        /** Frame of the current prompt, −1: the task's own coordinates. */
        private int frame = -1;

        Chunk() {
            int nMax = mixture.maxPromptLength();
            z = new double[nMax * d];
            s = new double[nMax];
            gradV = new double[active * packed];
            int nf = framesInUse();
            frameGradV = new double[nf][active * packed];
            frameGradU = new double[nf][packed];
            sets = nf + 1;
            products = dense.newChunk(sets, nf <= 1 ? PENDING : Kernels.BLOCK);
        }

        /** Zeroes the loss and every gradient accumulator. */
        private void clear() {
            loss = 0;
            products.clear();
            Arrays.fill(gradV, 0.0);
            Arrays.fill(gradU, 0.0);
            for (double[] g : frameGradV) {
                Arrays.fill(g, 0.0);
            }
            for (double[] g : frameGradU) {
                Arrays.fill(g, 0.0);
            }
        }

        /** Draws {@code count} prompts from {@code rng} and adds their loss and gradients. */
        void accumulate(FastRandom rng, int count) {
            for (int i = 0; i < count; i++) {
                int j = mixture.components() == 1 ? 0 : mixture.component(rng.nextDouble());
                int n = mixture.promptLength(j);
                if (realRows != null) {
                    // Real rows (docs/theory.md §9.1): no Wishart shortcut, no eigenframe.
                    rng.fillGaussian(w, 0, d);
                    realRows.examples(rng, j, z, n, false);
                    useRows();
                    frame = -1;
                    add(realRows.root(j), realRows.diagonal(j), n);
                    continue;
                }
                samplePrompt(rng, j);
                frame = framesOn ? frameOf[j] : -1;
                if (frame >= 0) {
                    add(frames[frame].root, true, n);
                } else {
                    add(mixture.root(j), mixture.diagonal(j), n);
                }
            }
            frame = -1;
            flush();
        }

        /** Adds the pending prompts' {@code r hᵀ} to {@code ∂L/∂V}: call after the last {@link #add}. */
        void flush() {
            for (int set = 0; set < sets; set++) {
                products.flush(set, set == 0 ? gradV : frameGradV[set - 1]);
            }
        }

        /**
         * Draws component {@code j}'s prompt: weights {@code w}, then whitened features: for
         * {@code n ≥} {@link #LAZY_MIN_N} nothing yet ({@link LazyWishart}: the loss and gradient
         * depend on the examples only through {@code Z Zᵀ} applied to two vectors, so {@link #add}
         * draws two Bartlett columns as it needs them, {@code 2d + 2} draws), else the {@code n}
         * rows {@code z_e} ({@code n·d} draws, no more for {@code n ≤ 2}).
         */
        void samplePrompt(FastRandom rng, int j) {
            int n = mixture.promptLength(j);
            rng.fillGaussian(w, 0, d);
            if (n >= LAZY_MIN_N) {
                startLazy(rng, n);
            } else {
                useRows();
                rng.fillGaussian(z, 0, n * d);
            }
        }

        /** Holds the next prompt as the example rows in {@link #z}. */
        void useRows() {
            useLazy = false;
        }

        /** Holds the next prompt's {@code Z Zᵀ} lazily, its columns drawn from {@code rng} by {@link #add}. */
        void startLazy(FastRandom rng, int n) {
            useLazy = true;
            lazyRng = rng;
            lazy.reset(n);
        }

        /**
         * Adds one prompt whose {@code w} and features are in place: {@code Z} (n rows of d), or
         * the lazy Gram matrix after {@link #samplePrompt} or {@link #startLazy}. Its
         * {@code ∂L/∂V} may wait for {@link #flush}.
         */
        void add(double[] root, boolean diagonal, int n) {
            // In a frame: the rotated parameters and that frame's gradient buffers.
            double[] pux = frame < 0 ? ux : frameUx[frame];
            double[] gu = frame < 0 ? gradU : frameGradU[frame];
            double invRho = 1.0 / n;
            for (int i = 0; i < d; i++) {
                vec[i] = pux[i] + uy * w[i];
            }
            gramTimes(root, diagonal, n, vec, hp);
            for (int i = 0; i < d; i++) {
                hp[i] *= invRho;
            }
            hp[d] = Dots.dot4(w, 0, hp, 0, d);
            hp[d + 1] = uc * invRho;

            // o = V h, r, loss, q = Vᵀ r; ∂L/∂V += r hᵀ queued (DenseProducts).
            loss += 0.5 * products.add(frame + 1, hp, w, targetSlot, q, frame < 0 ? gradV : frameGradV[frame]);
            // ∂L/∂u = G q / ρ restricted to rows x, y, c (G's weight-slot rows are zero).
            for (int i = 0; i < d; i++) {
                vec[i] = q[i] + q[d] * w[i];
            }
            gramTimes(root, diagonal, n, vec, g);
            for (int i = 0; i < d; i++) {
                gu[i] += g[i] * invRho;
            }
            gu[d] += Dots.dot4(w, 0, g, 0, d) * invRho;
            gu[d + 1] += q[d + 1] * invRho;
        }

        /** {@code out[0..d) = S x = A Z Zᵀ A x} for the prompt's examples. */
        private void gramTimes(double[] root, boolean diagonal, int n, double[] x, double[] out) {
            Kernels.symTimes(root, diagonal, x, t, d);
            if (useLazy) {
                lazy.times(lazyRng, t, p);
                Kernels.symTimes(root, diagonal, p, out, d);
                return;
            }
            for (int e = 0; e < n; e++) {
                s[e] = Dots.dot4(z, e * d, t, 0, d);
            }
            Arrays.fill(p, 0.0);
            for (int e = 0; e < n; e++) {
                Kernels.axpy(s[e], z, e * d, p, 0, d);
            }
            Kernels.symTimes(root, diagonal, p, out, d);
        }

        /**
         * Test access: the lazy prompt's drawn Bartlett columns as example rows ({@code n} rows
         * of {@code d}, zero after the drawn ones): the prompt with these examples has the same
         * products {@code Z Zᵀ q} along the drawn directions, hence the same loss and gradient.
         */
        double[] lazyRows(int n) {
            double[] rows = new double[n * d];
            System.arraycopy(lazy.columns(), 0, rows, 0, lazy.directions() * d);
            return rows;
        }

        /** Test access: the prompt's {@code w} buffer. */
        double[] wBuffer() {
            return w;
        }

        /** Test access: the prompt's {@code Z} buffer (n rows of d). */
        double[] zBuffer() {
            return z;
        }
    }
}
