package org.taskmix.theory;

import java.util.Arrays;

/**
 * A Monte Carlo estimate of the per-dimension CoT error {@code ‖(I − PŜ_m)^k‖_F² / d} over test
 * prompts at finite test length {@code m}, one entry per requested {@code k}: its mean and the
 * distribution around it ({@link ErrorSummary}: median, 10%/90% quantiles; docs/theory.md §7).
 *
 * <p>Interval of the mean: the BCa bootstrap interval of {@link ErrorSummary} (it never reaches
 * below 0; until 2026-11 this was {@code mean ± 1.96 · sd / √samples}, which did). An entry
 * whose estimate overflowed the double range (a growing direction raised to a high power) has
 * mean, sd and both bounds {@code +∞} and {@link #overflow(int)} true; it is never NaN.
 *
 * @param m       test prompt length
 * @param ks      CoT lengths, ascending
 * @param mean    sample mean per k
 * @param sd      sample standard deviation per k
 * @param ciLow   lower end of the 95% interval of the mean per k
 * @param ciHigh  upper end of the 95% interval of the mean per k
 * @param samples number of test prompts drawn
 * @param seed    seed of the draws
 * @param stats   the full summary per k (median, quantiles, their intervals)
 */
public record MonteCarloCurve(long m, int[] ks, double[] mean, double[] sd, double[] ciLow, double[] ciHigh,
                              int samples, long seed, ErrorSummary[] stats) {

    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.96;

    public MonteCarloCurve {
        ks = ks.clone();
        mean = mean.clone();
        sd = sd.clone();
        ciLow = ciLow.clone();
        ciHigh = ciHigh.clone();
        stats = stats.clone();
        int n = ks.length;
        if (mean.length != n || sd.length != n || ciLow.length != n || ciHigh.length != n || stats.length != n) {
            throw new IllegalArgumentException("curve arrays must all have " + n + " entries (one per k)");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("samples: value " + samples + " must be >= 2");
        }
    }

    @Override
    public ErrorSummary[] stats() {
        return stats.clone();
    }

    /** Median per k. */
    public double[] median() {
        return Arrays.stream(stats).mapToDouble(ErrorSummary::median).toArray();
    }

    /** 10% quantile per k. */
    public double[] q10() {
        return Arrays.stream(stats).mapToDouble(ErrorSummary::q10).toArray();
    }

    /** 90% quantile per k. */
    public double[] q90() {
        return Arrays.stream(stats).mapToDouble(ErrorSummary::q90).toArray();
    }

    @Override
    public int[] ks() {
        return ks.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] sd() {
        return sd.clone();
    }

    @Override
    public double[] ciLow() {
        return ciLow.clone();
    }

    @Override
    public double[] ciHigh() {
        return ciHigh.clone();
    }

    /** True if the estimate at index {@code i} overflowed to {@code +∞}. */
    public boolean overflow(int i) {
        return mean[i] == Double.POSITIVE_INFINITY;
    }

    /**
     * Summarises per-sample errors in sample order (a fixed-order reduction, so the result does
     * not depend on how samples were computed): the mean and its interval from the errors
     * averaged over {@code w*}, the median and quantiles from the realised errors (see
     * {@link CotError.PromptErrors}).
     */
    static MonteCarloCurve summarise(long m, int[] ks, CotError.PromptErrors values, long seed) {
        ErrorSummary[] st = ErrorSummary.ofColumns(values.expected(), values.realised(), seed);
        int nk = ks.length;
        double[] mean = new double[nk];
        double[] sd = new double[nk];
        double[] lo = new double[nk];
        double[] hi = new double[nk];
        for (int j = 0; j < nk; j++) {
            mean[j] = st[j].mean();
            sd[j] = st[j].sd();
            lo[j] = st[j].ciLow();
            hi[j] = st[j].ciHigh();
        }
        return new MonteCarloCurve(m, ks, mean, sd, lo, hi, values.expected().length, seed, st);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonteCarloCurve c && c.m == m && c.samples == samples && c.seed == seed
                && Arrays.equals(c.ks, ks) && Arrays.equals(c.mean, mean) && Arrays.equals(c.sd, sd)
                && Arrays.equals(c.ciLow, ciLow) && Arrays.equals(c.ciHigh, ciHigh) && Arrays.equals(c.stats, stats);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
        return "MonteCarloCurve[m=" + m + ", ks=" + Arrays.toString(ks) + ", mean=" + Arrays.toString(mean)
                + ", median=" + Arrays.toString(median()) + ", samples=" + samples + ", seed=" + seed + "]";
    }
}
