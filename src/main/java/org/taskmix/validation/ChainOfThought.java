package org.taskmix.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.taskmix.catalog.Relevance;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.ErrorSummary;

/**
 * Measures a model's test-time CoT error on a target by running it (docs/theory.md §4): each test
 * prompt has {@code m} examples {@code x ~ N(0, Σ)}, labels {@code y = ⟨w*, x⟩} with
 * {@code w* ~ N(0, I_d)}, and {@code ŵ_0 = 0}; step {@code k} appends the last column of
 * {@code f(E_{k−1})}, whose weight slot is {@code w_k}; the error after {@code k} steps is
 * {@code ‖w_k − w*‖² / d}. Per {@code k ≤ kMax}, over {@code N} prompts: the mean with a 95%
 * BCa bootstrap interval, the median and the 10%/90% quantiles ({@link ErrorSummary}); the
 * per-prompt errors are kept ({@code N·kMax} doubles) for the quantiles.
 *
 * <p>Cost: {@code O(m·d²)} to set up a prompt's Gram matrix ({@code O(m·d² + d³)} for a
 * non-diagonal {@code Σ} and fewer than {@link #EIGENBASIS_MIN_PROMPTS} prompts, see
 * {@link #setup}) and {@code O(D²)} per step (see {@link CotKernel}); all {@code k} come from
 * one run of {@code kMax} steps.
 *
 * <p>Reproducibility: prompt {@code i} draws from {@code FastRandom.stream(seed, 2, i, 0)};
 * prompts are grouped in chunks of {@link #CHUNK} whose statistics are merged in chunk order,
 * so the curve depends on the seed only, whatever the number of threads.
 */
public final class ChainOfThought {

    /** Prompts per chunk of the fixed partition. */
    static final int CHUNK = 16;

    /** Upper limit on the CoT length, far beyond any setting in the paper (k ≤ 32). */
    public static final int MAX_K = 4096;

    /** Stream domain of evaluation draws, distinct from {@link Trainer#TRAIN_DOMAIN}. */
    static final long EVAL_DOMAIN = 2;

    private final int threads;

    /** An evaluator using every available processor. */
    public ChainOfThought() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** An evaluator on {@code threads} threads; the result does not depend on the number. */
    public ChainOfThought(int threads) {
        this.threads = ChunkRunner.checkThreads(threads);
    }

    /**
     * Measures the CoT error curve.
     *
     * @param model    the (trained) model
     * @param sigma    target covariance {@code Σ} (positive semidefinite)
     * @param m        examples per test prompt, {@code ρ = m} throughout the chain (our choice)
     * @param kMax     longest CoT, {@code 1..MAX_K}
     * @param prompts  number of test prompts {@code N ≥ 2} (a standard deviation needs two)
     * @param seed     seed of the test prompts
     * @param progress receives one unit per prompt
     */
    public CotCurve evaluate(LsaModel model, SymmetricMatrix sigma, int m, int kMax, int prompts, long seed,
                             ProgressListener progress) {
        Objects.requireNonNull(model, "model");
        if (sigma.dim() != model.d()) {
            throw new IllegalArgumentException("target covariance is " + sigma.dim() + "x" + sigma.dim()
                    + " but the model has d = " + model.d());
        }
        // Gaussian test prompts in the evaluation's coordinates (the eigenbasis of a rotated Σ).
        Setup setup = setup(model, sigma, prompts);
        return evaluate(setup.model(), new PromptSource.Gaussian(model.d(), new double[][] {setup.root()},
                new boolean[] {setup.diagonal()}), m, kMax, prompts, seed, progress);
    }

    /**
     * Measures the CoT error curve with test examples from {@code target}'s component 0: Gaussian
     * ({@code N(0, Σ)}, as {@link #evaluate(LsaModel, SymmetricMatrix, int, int, int, long,
     * ProgressListener)}) or the target's own rows (docs/theory.md §9, "Empirical features").
     */
    public CotCurve evaluate(LsaModel model, PromptSource target, int m, int kMax, int prompts, long seed,
                             ProgressListener progress) {
        Objects.requireNonNull(model, "model");
        progress = progress == null ? ProgressListener.NONE : progress;
        int d = model.d();
        if (target.d() != d) {
            throw new IllegalArgumentException("target features have d = " + target.d() + " but the model has d = " + d);
        }
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        if (kMax < 1 || kMax > MAX_K) {
            throw new IllegalArgumentException("kMax: value " + kMax + " must lie in [1, " + MAX_K + "]");
        }
        if (prompts < 2) {
            throw new IllegalArgumentException("test prompts: value " + prompts + " must be >= 2");
        }
        long t0 = System.nanoTime();
        int chunks = (prompts + CHUNK - 1) / CHUNK;
        double[][] all = new double[prompts][];
        int group = Math.max(1, threads * 4);
        progress.start("evaluate", prompts);
        try (ChunkRunner runner = new ChunkRunner(threads)) {
            for (int g0 = 0; g0 < chunks; g0 += group) {
                final int base = g0;
                int size = Math.min(group, chunks - g0);
                runner.run(size, c -> {
                    int chunk = base + c;
                    int from = chunk * CHUNK;
                    int to = Math.min(prompts, from + CHUNK);
                    Sampler sampler = new Sampler(model, target, m);
                    for (int i = from; i < to; i++) {
                        sampler.run(FastRandom.stream(seed, EVAL_DOMAIN, i, 0), kMax);
                        all[i] = sampler.errors.clone();
                    }
                });
                progress.advance(Math.min(prompts, (long) (g0 + size) * CHUNK));
            }
        } finally {
            progress.finish();
        }
        List<CotCurve.Point> points = curvePoints(all, seed);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new CotCurve(points, prompts, m, (long) prompts * kMax, seconds);
    }

    /**
     * Below this many prompts a non-diagonal {@code Σ} is used as it is; from here on the chain
     * runs in {@code Σ}'s eigenbasis. Rotating the model costs about {@code 4D³ ≈ 32d³} once and
     * saves the two {@code d×d} products {@code Σ^{1/2} C Σ^{1/2}} ({@code 2d³}) of every prompt.
     */
    static final int EIGENBASIS_MIN_PROMPTS = 16;

    /** What the samplers run on: the model and {@code Σ^{1/2}} (diagonal: its diagonal only). */
    record Setup(LsaModel model, double[] root, boolean diagonal) {
    }

    /**
     * The evaluation's coordinates. A diagonal {@code Σ} is used as given. Otherwise, for
     * {@code prompts ≥ EIGENBASIS_MIN_PROMPTS}, the test prompts are drawn in the eigenbasis
     * of {@code Σ = Q L Qᵀ} ({@code w* ~ N(0, I)} is rotation invariant, {@code x' = L^{1/2} z})
     * and the model is rotated to match ({@link LsaModel#rotated}): the error of every prompt is
     * that of the prompt {@code (Q x', Q w*)} in the original coordinates, so the curve has the
     * same distribution, while a prompt's set-up needs no {@code d×d} matrix products.
     */
    static Setup setup(LsaModel model, SymmetricMatrix sigma, int prompts) {
        if (Relevance.isDiagonal(sigma)) {
            return new Setup(model, TrainingMixture.diagonalRoot(sigma), true);
        }
        if (prompts < EIGENBASIS_MIN_PROMPTS) {
            return new Setup(model, TrainingMixture.squareRoot(sigma), false);
        }
        org.taskmix.linalg.SymmetricEigen eig = sigma.eigen();
        double[] root = new double[sigma.dim()];
        for (int i = 0; i < root.length; i++) {
            root[i] = Math.sqrt(Math.max(0, eig.value(i)));
        }
        return new Setup(model.rotated(eig.vectors()), root, true);
    }

    /**
     * The points of a curve from per-prompt errors {@code values[prompt][k − 1]} (prompt order):
     * {@link ErrorSummary} per {@code k}, bootstrap seeded from {@code seed}. Non-finite errors
     * (a diverging chain) count as {@code +∞}.
     */
    static List<CotCurve.Point> curvePoints(double[][] values, long seed) {
        for (double[] row : values) {
            for (int k = 0; k < row.length; k++) {
                if (!(row[k] >= 0)) {
                    row[k] = Double.POSITIVE_INFINITY;
                }
            }
        }
        ErrorSummary[] st = ErrorSummary.ofColumns(values, seed);
        List<CotCurve.Point> points = new ArrayList<>(st.length);
        for (int k = 0; k < st.length; k++) {
            ErrorSummary e = st[k];
            points.add(new CotCurve.Point(k + 1, e.mean(), e.sd(), e.ciLow(), e.ciHigh(), e.median(), e.medianLow(),
                    e.medianHigh(), e.q10(), e.q90(), e.samples()));
        }
        return points;
    }

    /** Draws test prompts and runs the chain on each; one per chunk. */
    static final class Sampler {
        private final int d;
        private final int m;
        private final double[] root;
        private final boolean diagonal;
        private final CotKernel kernel;
        private final double[] wstar;
        private final double[] z;
        private final double[] c;
        private final double[] tmp;
        private final double[] s;
        double[] errors = new double[0];

        private final PromptSource source;
        /** Lazy Bartlett columns of Gaussian prompts, sized for the current {@code kMax} (null: not used). */
        private LazyWishart lazy;

        Sampler(LsaModel model, double[] root, boolean diagonal, int m) {
            this(model, new PromptSource.Gaussian(model.d(), new double[][] {root}, new boolean[] {diagonal}), m);
        }

        Sampler(LsaModel model, PromptSource source, int m) {
            this.d = model.d();
            this.m = m;
            this.source = source;
            this.root = source.root(0);
            this.diagonal = source.diagonal(0);
            this.kernel = new CotKernel(model);
            this.wstar = new double[d];
            this.z = new double[m * d];
            this.c = new double[d * d];
            this.tmp = new double[d * d];
            this.s = new double[d * d];
        }

        /**
         * Whether Gaussian prompts of {@code m} examples and {@code kMax} steps are drawn lazily
         * ({@link LazyWishart}: one product with {@code Z Zᵀ} per step): about
         * {@code J·d + 2J²·d} operations for {@code J = min(kMax, d)} columns instead of
         * {@code m·d} normals and an {@code m·d²/2} Gram matrix.
         */
        static boolean lazyPays(int d, int m, int kMax) {
            double j = Math.min(kMax, d);
            return j + 2 * j * j < m + 0.5 * (double) m * d;
        }

        /** One prompt from {@code rng}: fills {@link #errors}{@code [k−1]} for {@code k ≤ kMax}. */
        void run(FastRandom rng, int kMax) {
            rng.fillGaussian(wstar, 0, d);
            if (errors.length != kMax) {
                errors = new double[kMax];
            }
            if (source instanceof PromptSource.Gaussian && lazyPays(d, m, kMax)) {
                if (lazy == null || lazy.products() != kMax) {
                    lazy = new LazyWishart(d, kMax);
                }
                lazy.reset(m);
                kernel.startLazy(lazy, rng, root, diagonal, wstar, m);
                for (int k = 0; k < kMax; k++) {
                    errors[k] = kernel.step();
                }
                return;
            }
            // Whitened examples stored feature-major: z[a·m + e] is feature a of example e.
            source.examples(rng, 0, z, m, true);
            // C = Σ_e z_e z_eᵀ from the feature rows (register-blocked, exactly symmetric).
            Kernels.gram(z, d, m, c);
            if (diagonal) {
                for (int a = 0; a < d; a++) {
                    for (int b = a; b < d; b++) {
                        double sab = root[a] * c[a * d + b] * root[b];
                        s[a * d + b] = sab;
                        s[b * d + a] = sab;
                    }
                }
            } else {
                multiply(root, c, tmp, d);
                multiply(tmp, root, s, d);
                // B C B is symmetric in exact arithmetic; the kernel relies on G = Gᵀ.
                for (int a = 0; a < d; a++) {
                    for (int b = a + 1; b < d; b++) {
                        double avg = 0.5 * (s[a * d + b] + s[b * d + a]);
                        s[a * d + b] = avg;
                        s[b * d + a] = avg;
                    }
                }
            }
            kernel.start(s, wstar, m);
            for (int k = 0; k < kMax; k++) {
                errors[k] = kernel.step();
            }
        }

        /** {@code out = a b} for {@code d×d} row-major matrices, row by row as axpys. */
        private static void multiply(double[] a, double[] b, double[] out, int d) {
            Arrays.fill(out, 0.0);
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    double aik = a[i * d + k];
                    if (aik != 0) {
                        Kernels.axpy(aik, b, k * d, out, i * d, d);
                    }
                }
            }
        }
    }
}
