package org.taskmix.theory;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

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
 * <p>The mean, sd and interval per k are read from the summaries, which hold them (one source,
 * so they cannot disagree).
 *
 * @param m       test prompt length
 * @param ks      CoT lengths, ascending
 * @param samples number of test prompts drawn
 * @param seed    seed of the draws
 * @param stats   the summary per k (mean, sd, interval of the mean, median, quantiles, their intervals)
 */
public record MonteCarloCurve(long m, int[] ks, int samples, long seed, ErrorSummary[] stats) {

    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.96;

    public MonteCarloCurve {
        ks = ks.clone();
        stats = stats.clone();
        if (stats.length != ks.length) {
            throw new IllegalArgumentException("curve arrays must all have " + ks.length + " entries (one per k)");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("samples: value " + samples + " must be >= 2");
        }
    }

    @Override
    public ErrorSummary[] stats() {
        return stats.clone();
    }

    /** Sample mean per k. */
    public double[] mean() {
        return column(ErrorSummary::mean);
    }

    /** Sample standard deviation per k. */
    public double[] sd() {
        return column(ErrorSummary::sd);
    }

    /** Lower end of the 95% interval of the mean per k. */
    public double[] ciLow() {
        return column(ErrorSummary::ciLow);
    }

    /** Upper end of the 95% interval of the mean per k. */
    public double[] ciHigh() {
        return column(ErrorSummary::ciHigh);
    }

    /** Median per k. */
    public double[] median() {
        return column(ErrorSummary::median);
    }

    /** 10% quantile per k. */
    public double[] q10() {
        return column(ErrorSummary::q10);
    }

    /** 90% quantile per k. */
    public double[] q90() {
        return column(ErrorSummary::q90);
    }

    private double[] column(ToDoubleFunction<ErrorSummary> statistic) {
        return Arrays.stream(stats).mapToDouble(statistic).toArray();
    }

    @Override
    public int[] ks() {
        return ks.clone();
    }

    /** True if the estimate at index {@code i} overflowed to {@code +∞}. */
    public boolean overflow(int i) {
        return stats[i].mean() == Double.POSITIVE_INFINITY;
    }

    /**
     * Summarises per-sample errors in sample order (a fixed-order reduction, so the result does
     * not depend on how samples were computed): the mean and its interval from the errors
     * averaged over {@code w*}, the median and quantiles from the realised errors (see
     * {@link CotError.PromptErrors}).
     */
    static MonteCarloCurve summarise(long m, int[] ks, CotError.PromptErrors values, long seed) {
        ErrorSummary[] st = ErrorSummary.ofColumns(values.expected(), values.realised(), seed);
        return new MonteCarloCurve(m, ks, values.expected().length, seed, st);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonteCarloCurve c && c.m == m && c.samples == samples && c.seed == seed
                && Arrays.equals(c.ks, ks) && Arrays.equals(c.stats, stats);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(stats) + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
        return "MonteCarloCurve[m=" + m + ", ks=" + Arrays.toString(ks) + ", mean=" + Arrays.toString(mean())
                + ", median=" + Arrays.toString(median()) + ", samples=" + samples + ", seed=" + seed + "]";
    }
}
