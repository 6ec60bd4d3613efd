package org.taskmix.theory;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Predicted test error of the trained LSA after {@code k} chain-of-thought steps (docs/theory.md §4).
 *
 * <p>With the structured optimum {@code V_31 = −P}, {@code k} steps give
 * {@code w_k − w* = −(I − PŜ_m)^k w*}; averaged over {@code w* ~ N(0, I_d)} the error is
 * {@code E‖(I − PŜ_m)^k‖_F²}. <b>Normalisation: every error returned here is divided by
 * {@code d}</b> ("per-dimension"; {@code k = 0} would give exactly 1), matching the validation
 * layer's measured errors. The paper's bounds are on the un-normalised error; see
 * {@link PaperBounds}.
 *
 * <p>Overflow: a direction with {@code |1 − μ| > 1} grows geometrically; powers are held with a
 * separate binary exponent ({@link ScaledMatrix}) so errors are exact up to the double range and
 * reported as {@code +∞} beyond it, never NaN.
 */
public final class CotError {

    /** Samples per parallel work unit; results do not depend on it (per-sample random streams). */
    private static final int CHUNK = 8;

    /**
     * Columns of one batched product {@code P·[X_i …]} at d ≥ 1024 (docs/theory.md §8.2): 8 prompts
     * of m = 40 are 320; a cap keeps a unit's factors and products a few tens of MB at d = 4096 when
     * {@code m} approaches {@code d}. Results do not depend on it (each column is its prompt's).
     */
    static final int BATCH_COLUMNS = 512;

    private CotError() {
    }

    /** {@code R = I − P S} for a preconditioner {@code P} and a (population or sample) covariance {@code S}. */
    public static DMatrixRMaj residual(DMatrixRMaj p, DMatrixRMaj s) {
        int d = p.numRows;
        DMatrixRMaj r = new DMatrixRMaj(d, d);
        Products.multBySymmetric(-1.0, p, s, r);
        for (int i = 0; i < d; i++) {
            r.add(i, i, 1.0);
        }
        return r;
    }

    /**
     * The closed form at {@code m = ∞}: {@code ‖(I − PΣ)^k‖_F² / d} for {@code k = 1 … kMax},
     * element {@code k − 1}. One {@code d×d} product per step; from d = 1024 on about half as
     * many ({@link PowerNorms}, docs/theory.md §8.2).
     */
    public static double[] infiniteM(DMatrixRMaj p, SymmetricMatrix sigma, int kMax) {
        if (kMax < 1) {
            throw new IllegalArgumentException("kMax: value " + kMax + " must be >= 1");
        }
        checkShapes(p, sigma);
        int d = sigma.dim();
        ScaledMatrix r = ScaledMatrix.wrap(residual(p, sigma.toEjml()), 0);
        if (d >= Products.LARGE_DIM) {
            return PowerNorms.of(r, kMax, d);
        }
        ScaledMatrix power = r.copy();
        DMatrixRMaj work = new DMatrixRMaj(d, d);
        double[] out = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            if (k > 1) {
                power.multiplyInPlace(r, work);
            }
            out[k - 1] = power.squaredFrobeniusOver(d);
        }
        return out;
    }

    /**
     * {@link #infiniteM} from d = 1024 on when {@code PΣ} is symmetric in exact arithmetic: a
     * single-task mixture ({@code P = ΛM̄⁻¹} with {@code M̄} a polynomial in {@code Λ}) on
     * {@code Σ = c·I}. The computed {@code R = I − PΣ} is symmetrised (its asymmetry is rounding)
     * and the curve comes from {@link PowerNorms#ofSymmetric}, about half the products of
     * {@link PowerNorms#of}, which it falls back to if an inner product is not clear of rounding.
     */
    static double[] infiniteMSymmetric(DMatrixRMaj p, SymmetricMatrix sigma, int kMax) {
        checkShapes(p, sigma);
        int d = sigma.dim();
        if (kMax < 1 || d < Products.LARGE_DIM) {
            return infiniteM(p, sigma, kMax);
        }
        DMatrixRMaj r = residual(p, sigma.toEjml());
        org.taskmix.linalg.SymmetricMatrix.symmetriseInPlace(r.data, d);
        double[] curve = PowerNorms.ofSymmetric(ScaledMatrix.wrap(r, 0), kMax, d);
        return curve != null ? curve : infiniteM(p, sigma, kMax);
    }

    /**
     * The exact one-step error at finite {@code m}, divided by {@code d}: with {@code A = −P},
     * {@code E‖I + AŜ_m‖_F² = ‖I + AΣ‖_F² + (1/m)(tr(AΣ²Aᵀ) + tr(AΣAᵀ)·tr Σ)}
     * (from {@code E[Ŝ_m] = Σ}, {@code E[Ŝ_m²] = (1 + 1/m)Σ² + (tr Σ/m)Σ}).
     */
    public static double oneStepFiniteM(DMatrixRMaj p, SymmetricMatrix sigma, long m) {
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        checkShapes(p, sigma);
        int d = sigma.dim();
        DMatrixRMaj s = sigma.toEjml();
        DMatrixRMaj ps = new DMatrixRMaj(d, d);
        Products.multBySymmetric(1.0, p, s, ps);
        // I − PΣ from the product just formed: negating it gives residual()'s entries (its α = −1
        // product is the negated sum), so no second d³ product.
        DMatrixRMaj r = ps.copy();
        CommonOps_DDRM.scale(-1.0, r);
        for (int i = 0; i < d; i++) {
            r.add(i, i, 1.0);
        }
        double base = frob2(r);
        // tr(PΣ²Pᵀ) = ‖PΣ‖_F²; tr(PΣPᵀ) = ⟨PΣ, P⟩.
        double trPS2P = frob2(ps);
        double trPSP = dot(ps, p);
        return (base + (trPS2P + trPSP * sigma.trace()) / (double) m) / d;
    }

    /** Settings of a Monte Carlo estimate. */
    public record MonteCarloSettings(int samples, long seed, boolean parallel) {

        public MonteCarloSettings {
            if (samples < 2) {
                throw new IllegalArgumentException("samples: value " + samples
                        + " must be >= 2 (a confidence interval needs a spread)");
            }
        }

        /** Parallel over all cores; results are bit-identical to the sequential run. */
        public static MonteCarloSettings of(int samples, long seed) {
            return new MonteCarloSettings(samples, seed, true);
        }
    }

    /**
     * Monte Carlo over test prompts at finite {@code m}: for each sample a draw of {@code Ŝ_m}
     * ({@link TestSampler}: Bartlett decomposition of the Wishart law for {@code m ≥ d}, so the
     * cost does not grow with {@code m}), then {@code ‖(I − PŜ_m)^k‖_F²/d} at each requested
     * {@code k} (by binary powering between consecutive {@code k}, so the cost grows with
     * {@code log k}). Samples run in parallel; each has its own random stream and its own slot,
     * and the reduction runs in sample order, so the same seed gives bit-identical results on
     * any number of cores.
     *
     * @param ks CoT lengths, strictly ascending, each ≥ 1
     */
    public static MonteCarloCurve monteCarlo(DMatrixRMaj p, SymmetricMatrix sigma, long m, int[] ks,
                                             MonteCarloSettings settings) {
        PromptErrors values = monteCarloValues(p, sigma, m, ks, settings);
        return MonteCarloCurve.summarise(m, ks, values, settings.seed());
    }

    /**
     * Per-prompt errors, {@code [sample][kIndex]} in sample order.
     *
     * <p>{@code expected}: {@code ‖(I − PŜ)^k‖_F²/d}, the error of a prompt averaged over
     * {@code w* ~ N(0, I)} in closed form (a conditional expectation: the same mean as the
     * realised error, smaller variance), used for the mean and its interval. {@code realised}:
     * {@code ‖(I − PŜ)^k w*‖²/d} with one {@code w*} drawn per prompt, the quantity the
     * validation layer measures on a trained model; its median and quantiles are those of a
     * test prompt {@code (X, w*)}, so predicted and measured quantiles compare like with like.
     *
     * @param expected per-prompt errors averaged over {@code w*}
     * @param realised per-prompt errors at one drawn {@code w*}
     */
    public record PromptErrors(double[][] expected, double[][] realised) {
    }

    /**
     * The per-prompt errors behind {@link #monteCarlo} (for statistics of combinations, e.g.
     * several targets).
     */
    public static PromptErrors monteCarloValues(DMatrixRMaj p, SymmetricMatrix sigma, long m, int[] ks,
                                                MonteCarloSettings settings) {
        checkShapes(p, sigma);
        checkKs(ks);
        TestSampler sampler = new TestSampler(sigma, m);
        int n = settings.samples();
        SplittableRandom[] streams = TestSampler.streams(settings.seed(), n);
        double[][] values = new double[n][];
        double[][] realised = new double[n][];
        int chunks = (n + CHUNK - 1) / CHUNK;
        int dim = sampler.dim();
        // From d = 1024 the prompts' U = P·X run in single-precision blocks (docs/theory.md §8.2):
        // twice the speed, rounding about 3·10⁻⁷ relative against a sampling interval near 10⁻³.
        Products.Left packedP = sampler.bartlett() ? null
                : dim >= Products.LARGE_DIM ? Products.Left.singlePrecision(p) : new Products.Left(p);
        IntStream range = IntStream.range(0, chunks);
        if (settings.parallel()) {
            range = range.parallel();
        }
        range.forEach(c -> {
            TestSampler.Workspace ws = sampler.workspace();
            int d = sampler.dim();
            boolean lowRank = !sampler.bartlett();
            if (lowRank && d >= Products.LARGE_DIM) {
                // Prompts side by side up to BATCH_COLUMNS columns (at least one prompt per product).
                int step = (int) Math.max(1, Math.min(CHUNK, BATCH_COLUMNS / m));
                for (int from = c * CHUNK; from < Math.min(n, (c + 1) * CHUNK); from += step) {
                    lowRankChunk(packedP, sampler, ws, streams, from, Math.min(Math.min(n, (c + 1) * CHUNK), from + step),
                            ks, values, realised);
                }
                return;
            }
            // m < d: keep Ŝ = XXᵀ as its d×m factor (LowRankCot, O(d²m) per prompt, not O(d³ log k)).
            DMatrixRMaj sHat = lowRank ? new DMatrixRMaj(d, (int) m) : new DMatrixRMaj(d, d);
            for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
                if (lowRank) {
                    sampler.drawFactor(streams[i], ws, sHat);
                } else {
                    sampler.draw(streams[i], ws, sHat);
                }
                // w* is drawn after Ŝ from the same stream, so Ŝ is what it was without it.
                double[] wStar = new double[d];
                for (int a = 0; a < d; a++) {
                    wStar[a] = streams[i].nextGaussian();
                }
                realised[i] = new double[ks.length];
                values[i] = lowRank ? LowRankCot.errorsAt(packedP, sHat, ks, wStar, realised[i])
                        : errorsAt(residual(p, sHat), ks, wStar, realised[i]);
            }
        });
        return new PromptErrors(values, realised);
    }

    /**
     * Prompts {@code [from, to)} with {@code m < d} at d ≥ 1024: their factors side by side, so that
     * {@code P} (at d = 4096, 134 MB) is streamed from memory once for the chunk instead of once per
     * prompt, in one product {@code P·[X_from … X_to)} whose columns are those of the prompts'
     * own products, bit for bit ({@link org.taskmix.linalg.Gemm32}'s entries, like
     * {@link org.taskmix.linalg.Gemm}'s, do not depend on the other columns). Draws per prompt and
     * stream exactly as the prompt-by-prompt loop.
     */
    private static void lowRankChunk(Products.Left packedP, TestSampler sampler, TestSampler.Workspace ws,
                                     SplittableRandom[] streams, int from, int to, int[] ks, double[][] values,
                                     double[][] realised) {
        int d = sampler.dim();
        int m = (int) sampler.length();
        int count = to - from;
        DMatrixRMaj[] factors = new DMatrixRMaj[count];
        DMatrixRMaj all = new DMatrixRMaj(d, m * count);
        double[][] wStars = new double[count][];
        for (int i = from; i < to; i++) {
            DMatrixRMaj one = new DMatrixRMaj(d, m);
            sampler.drawFactor(streams[i], ws, one);
            factors[i - from] = one;
            CommonOps_DDRM.insert(one, all, 0, (i - from) * m);
            // w* is drawn after Ŝ from the same stream, so Ŝ is what it was without it.
            double[] wStar = new double[d];
            for (int a = 0; a < d; a++) {
                wStar[a] = streams[i].nextGaussian();
            }
            wStars[i - from] = wStar;
        }
        DMatrixRMaj products = new DMatrixRMaj(d, m * count);
        packedP.times(all, products);
        DMatrixRMaj u = new DMatrixRMaj(d, m);
        for (int i = from; i < to; i++) {
            CommonOps_DDRM.extract(products, 0, d, (i - from) * m, (i - from + 1) * m, u, 0, 0);
            realised[i] = new double[ks.length];
            values[i] = LowRankCot.errorsWithProduct(factors[i - from], u, ks, wStars[i - from], realised[i]);
        }
    }

    /** {@code ‖R^k‖_F²/d} at each of the ascending {@code ks}, by binary powering. */
    static double[] errorsAt(DMatrixRMaj r, int[] ks) {
        return errorsAt(r, ks, null, null);
    }

    /**
     * {@code ‖R^k‖_F²/d} at each of the ascending {@code ks}, by binary powering; if {@code w}
     * is given, also {@code ‖R^k w‖²/d} into {@code realised}.
     */
    static double[] errorsAt(DMatrixRMaj r, int[] ks, double[] w, double[] realised) {
        int d = r.numRows;
        DMatrixRMaj work = new DMatrixRMaj(d, d);
        double[] out = new double[ks.length];
        powersAt(ks, ScaledMatrix.of(r), ScaledMatrix.identity(d), last -> last.times(last),
                (power, square) -> {
                    power.multiplyInPlace(square, work);
                    return power;
                },
                (power, j) -> {
                    out[j] = power.squaredFrobeniusOver(d);
                    if (w != null) {
                        realised[j] = power.squaredNormTimesOver(w, d);
                    }
                });
        return out;
    }

    /**
     * Binary powering shared by the dense and the low-rank error curves: walks the ascending
     * {@code ks}, raising {@code power} (the 0th power on entry) from one {@code k} to the next by
     * the squares {@code base^(2^bit)} of the gap's set bits, and hands each {@code base^k} with its
     * index to {@code at}. The squares are built once, lazily, and reused across gaps, so the whole
     * walk costs {@code O(log kMax + ks.length log kMax)} products whatever the representation.
     *
     * @param square {@code x -> x·x}
     * @param times  {@code (power, square) -> power·square}; may update {@code power} in place and return it
     */
    static <T> void powersAt(int[] ks, T base, T power, java.util.function.UnaryOperator<T> square,
                             java.util.function.BinaryOperator<T> times, java.util.function.ObjIntConsumer<T> at) {
        java.util.List<T> squares = new java.util.ArrayList<>();
        squares.add(base);
        T current = power;
        int prev = 0;
        for (int j = 0; j < ks.length; j++) {
            int delta = ks[j] - prev;
            for (int bit = 0; (delta >> bit) != 0; bit++) {
                while (squares.size() <= bit) {
                    squares.add(square.apply(squares.get(squares.size() - 1)));
                }
                if (((delta >> bit) & 1) != 0) {
                    current = times.apply(current, squares.get(bit));
                }
            }
            at.accept(current, j);
            prev = ks[j];
        }
    }

    /** {@code ‖A‖_F²}. */
    static double frob2(DMatrixRMaj a) {
        double s = 0;
        double[] x = a.data;
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            s += x[i] * x[i];
        }
        return s;
    }

    /** {@code ⟨A, B⟩ = tr(AᵀB)}. */
    static double dot(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        int len = a.getNumElements();
        for (int i = 0; i < len; i++) {
            s += a.data[i] * b.data[i];
        }
        return s;
    }

    static void checkKs(int[] ks) {
        if (ks.length == 0) {
            throw new IllegalArgumentException("k: at least one CoT length is required");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1) {
                throw new IllegalArgumentException("k: value " + ks[i] + " must be >= 1");
            }
            if (i > 0 && ks[i] <= ks[i - 1]) {
                throw new IllegalArgumentException("k: value " + ks[i] + " must exceed the previous entry "
                        + ks[i - 1] + " (ascending, no repeats)");
            }
        }
    }

    private static void checkShapes(DMatrixRMaj p, SymmetricMatrix sigma) {
        int d = sigma.dim();
        if (p.numRows != d || p.numCols != d) {
            throw new IllegalArgumentException("preconditioner is " + p.numRows + "x" + p.numCols
                    + " but the target covariance is " + d + "x" + d);
        }
    }
}
