package org.taskmix.theory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The distribution of a non-negative per-prompt error over test prompts, summarised for reports
 * (docs/theory.md §7): the mean with a 95% interval that stays non-negative, the median with a
 * distribution-free 95% interval, and the 10% / 90% quantiles.
 *
 * <p><b>Why these statistics.</b> At finite test length {@code m} the per-prompt CoT error is
 * heavy-tailed: a rare prompt puts an eigenvalue of {@code PŜ_m} beyond 2 and its error grows
 * like {@code |1 − μ|^{2k}}. The mean then rests on a few prompts (a mean of 498 with a median of
 * 5.4), and the normal interval {@code mean ± 1.96 sd/√N} can reach below 0. Reports give both
 * the mean and the median and say which one a claim is about.
 *
 * <p><b>Interval of the mean: BCa bootstrap</b> (Efron 1987) with {@link #BOOTSTRAP_RESAMPLES}
 * resamples. Every resampled mean of non-negative values is non-negative, so the interval never
 * reaches below 0; the bias correction {@code z₀} and the acceleration {@code a} (from the
 * jackknife, which for a mean is the sample skewness: {@code a = Σ(x−x̄)³ / (6 (Σ(x−x̄)²)^{3/2})})
 * stretch the upper end for right-skewed data, where the normal interval is too short above
 * and too long below. It cannot see prompts rarer than {@code 1/N}: with heavy tails the upper
 * end is still optimistic, which is why the median is reported next to it.
 *
 * <p><b>Interval of the median:</b> order statistics {@code x_(l), x_(u)} with
 * {@code l, u = N/2 ∓ 1.96 √N / 2} (normal approximation of the binomial); it needs no
 * assumption on the tail. Quantiles use linear interpolation between order statistics
 * (Hyndman and Fan type 7).
 *
 * <p>Overflow: if any value is {@code +∞} the mean, sd and mean interval are {@code +∞}; the
 * quantiles are still finite where they can be.
 *
 * @param samples    number of prompts
 * @param mean       sample mean
 * @param sd         sample standard deviation (divisor {@code samples − 1})
 * @param ciLow      lower end of the BCa 95% interval of the mean
 * @param ciHigh     upper end of the BCa 95% interval of the mean
 * @param median     sample median
 * @param medianLow  lower end of the 95% order-statistic interval of the median
 * @param medianHigh upper end of that interval
 * @param q10        10% quantile
 * @param q90        90% quantile
 */
public record ErrorSummary(int samples, double mean, double sd, double ciLow, double ciHigh, double median,
                           double medianLow, double medianHigh, double q10, double q90) {

    /** Bootstrap resamples: BCa percentiles at 2.5% / 97.5% need about a thousand (Efron and Tibshirani, ch. 14). */
    public static final int BOOTSTRAP_RESAMPLES = 1000;

    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    /** How the interval of the mean is computed, for JSON outputs. */
    public static final String INTERVAL_METHOD = "bca-bootstrap";

    /** One-line description of the intervals, for reports. */
    public static final String INTERVAL_DESCRIPTION = "mean: 95% BCa bootstrap interval (" + BOOTSTRAP_RESAMPLES
            + " resamples, never below 0); median: 95% order-statistic interval; q10/q90: 10%/90% quantiles";

    /** A summary of a value known exactly (a closed form): every statistic equals it. */
    public static ErrorSummary exact(double value) {
        return new ErrorSummary(0, value, 0, value, value, value, value, value, value, value);
    }

    /**
     * Summarises the columns of {@code values[sample][column]}. The bootstrap resamples are
     * shared by all columns (one set of indices per resample) and drawn from a stream seeded
     * with {@code seed}, so the result is a function of the values and the seed only.
     */
    public static ErrorSummary[] ofColumns(double[][] values, long seed) {
        int n = values.length;
        if (n < 2) {
            throw new IllegalArgumentException("samples: value " + n + " must be >= 2");
        }
        int nc = values[0].length;
        ErrorSummary[] out = new ErrorSummary[nc];
        double[] mean = new double[nc];
        double[] sd = new double[nc];
        double[] scale = new double[nc];
        double[] accel = new double[nc];
        boolean[] skip = new boolean[nc];
        double[] col = new double[n];
        double[][] sorted = new double[nc][];
        for (int j = 0; j < nc; j++) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                col[i] = values[i][j];
                if (!(col[i] >= 0)) {
                    throw new IllegalArgumentException("error values must be >= 0 (got " + col[i] + ")");
                }
                max = Math.max(max, col[i]);
            }
            sorted[j] = col.clone();
            Arrays.sort(sorted[j]);
            if (max == Double.POSITIVE_INFINITY) {
                mean[j] = sd[j] = Double.POSITIVE_INFINITY;
                skip[j] = true;
                continue;
            }
            if (max == 0) {
                skip[j] = true;
                continue;
            }
            // Moments of values scaled by the largest, so huge finite errors cannot overflow.
            scale[j] = max;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += col[i] / max;
            }
            double ms = s / n;
            double s2 = 0;
            double s3 = 0;
            for (int i = 0; i < n; i++) {
                double dev = col[i] / max - ms;
                s2 += dev * dev;
                s3 += dev * dev * dev;
            }
            mean[j] = ms * max;
            sd[j] = Math.sqrt(s2 / (n - 1)) * max;
            skip[j] = s2 == 0;
            accel[j] = s2 == 0 ? 0 : s3 / (6 * Math.pow(s2, 1.5));
        }
        double[][] boot = bootstrapMeans(values, scale, skip, seed);
        for (int j = 0; j < nc; j++) {
            double lo;
            double hi;
            if (skip[j]) {
                lo = hi = mean[j];
            } else {
                double[] b = boot[j];
                Arrays.sort(b);
                double[] levels = bcaLevels(b, mean[j] / scale[j], accel[j]);
                lo = quantileSorted(b, levels[0]) * scale[j];
                hi = quantileSorted(b, levels[1]) * scale[j];
            }
            double[] x = sorted[j];
            double half = Z95 * Math.sqrt(n) / 2;
            int l = (int) Math.max(0, Math.floor(n / 2.0 - half) - 1);
            int u = (int) Math.min(n - 1, Math.ceil(n / 2.0 + half));
            out[j] = new ErrorSummary(n, mean[j], sd[j], lo, hi, quantileSorted(x, 0.5), x[l], x[u],
                    quantileSorted(x, 0.1), quantileSorted(x, 0.9));
        }
        return out;
    }

    /**
     * The two quantile levels of the 95% BCa interval from the sorted bootstrap means {@code b},
     * the sample mean {@code ms} (same scale) and the acceleration {@code a}: the bias correction
     * z0 counts resamples below the mean, ties as half.
     */
    private static double[] bcaLevels(double[] b, double ms, double a) {
        int below = 0;
        int ties = 0;
        for (double v : b) {
            if (v < ms) {
                below++;
            } else if (v == ms) {
                ties++;
            }
        }
        double frac = (below + 0.5 * ties) / b.length;
        // Clamp so a degenerate bootstrap (every resample on one side) stays finite.
        frac = Math.min(1 - 0.5 / b.length, Math.max(0.5 / b.length, frac));
        double z0 = inverseNormal(frac);
        return new double[] {bcaLevel(z0, a, -Z95), bcaLevel(z0, a, Z95)};
    }

    /**
     * Mean, sd and interval of the mean from {@code forMean}, median and quantiles from
     * {@code forQuantiles} (two samples of the same prompts with the same mean: e.g. an error
     * averaged over part of the randomness in closed form, and the realised error).
     */
    public static ErrorSummary[] ofColumns(double[][] forMean, double[][] forQuantiles, long seed) {
        ErrorSummary[] a = ofColumns(forMean, seed);
        ErrorSummary[] b = quantilesOf(forQuantiles);
        ErrorSummary[] out = new ErrorSummary[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = new ErrorSummary(a[j].samples, a[j].mean, a[j].sd, a[j].ciLow, a[j].ciHigh, b[j].median,
                    b[j].medianLow, b[j].medianHigh, b[j].q10, b[j].q90);
        }
        return out;
    }

    /** Quantile statistics only (the mean fields are NaN): no bootstrap. */
    private static ErrorSummary[] quantilesOf(double[][] values) {
        int n = values.length;
        int nc = values[0].length;
        ErrorSummary[] out = new ErrorSummary[nc];
        double[] x = new double[n];
        for (int j = 0; j < nc; j++) {
            for (int i = 0; i < n; i++) {
                x[i] = values[i][j];
            }
            Arrays.sort(x);
            double half = Z95 * Math.sqrt(n) / 2;
            int l = (int) Math.max(0, Math.floor(n / 2.0 - half) - 1);
            int u = (int) Math.min(n - 1, Math.ceil(n / 2.0 + half));
            out[j] = new ErrorSummary(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, quantileSorted(x, 0.5), x[l],
                    x[u], quantileSorted(x, 0.1), quantileSorted(x, 0.9));
        }
        return out;
    }

    /** Summarises one sample of values (see {@link #ofColumns}). */
    public static ErrorSummary of(double[] values, long seed) {
        double[][] v = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            v[i][0] = values[i];
        }
        return ofColumns(v, seed)[0];
    }

    /** Resampled means (divided by {@code scale[j]}) per column; rows of {@code skip} stay empty. */
    private static double[][] bootstrapMeans(double[][] values, double[] scale, boolean[] skip, long seed) {
        int n = values.length;
        int nc = scale.length;
        double[][] out = new double[nc][BOOTSTRAP_RESAMPLES];
        boolean any = false;
        for (boolean s : skip) {
            any |= !s;
        }
        if (!any) {
            return out;
        }
        // A stream of its own: the seed is mixed so it never equals a stream of the draws.
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xB0075L);
        double[] sums = new double[nc];
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            Arrays.fill(sums, 0);
            for (int i = 0; i < n; i++) {
                double[] row = values[rng.nextInt(n)];
                for (int j = 0; j < nc; j++) {
                    if (!skip[j]) {
                        sums[j] += row[j] / scale[j];
                    }
                }
            }
            for (int j = 0; j < nc; j++) {
                out[j][b] = sums[j] / n;
            }
        }
        return out;
    }

    /** BCa-adjusted probability level for the normal quantile {@code z}. */
    static double bcaLevel(double z0, double a, double z) {
        double t = z0 + z;
        double denom = 1 - a * t;
        if (denom <= 0) {
            // Extreme acceleration: the adjusted level runs off the end; take the extreme resample.
            return z > 0 ? 1 : 0;
        }
        return normalCdf(z0 + t / denom);
    }

    /** Type-7 quantile of ascending {@code x} at probability {@code p ∈ [0, 1]}. */
    public static double quantileSorted(double[] x, double p) {
        int n = x.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        double frac = h - lo;
        if (frac == 0 || x[lo] == x[hi]) {
            return x[lo];
        }
        return x[lo] + frac * (x[hi] - x[lo]);
    }

    /** {@code Φ(x)} via the complementary error function (absolute error below 1.2e-7, enough for percentiles). */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** Numerical Recipes' Chebyshev fit of {@code erfc}, fractional error below 1.2e-7 everywhere. */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    /** {@code Φ⁻¹(p)} by Acklam's rational approximation (relative error below 1.2e-9) for {@code 0 < p < 1}. */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double pLow = 0.02425;
        if (p < pLow) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - pLow) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
