package org.taskmix.nonlinear;

import java.util.Arrays;

/**
 * Summary of a sample of per-prompt errors: mean with a 95% interval, median with a 95%
 * distribution-free interval, 10% and 90% quantiles (docs/theory.md §7: the per-prompt error is
 * heavy-tailed at finite {@code m}, so the median is reported beside the mean).
 *
 * @param n        sample size
 * @param mean     sample mean
 * @param sd       sample standard deviation
 * @param meanLow  {@code mean − 1.96·sd/√n}
 * @param meanHigh {@code mean + 1.96·sd/√n}
 * @param median   sample median
 * @param medianLow  order statistic {@code ⌊n/2 − 0.98√n⌋} (binomial interval for the median)
 * @param medianHigh order statistic {@code ⌈n/2 + 0.98√n⌉}
 * @param q10      10% quantile
 * @param q90      90% quantile
 */
public record Stats(int n, double mean, double sd, double meanLow, double meanHigh, double median, double medianLow,
                    double medianHigh, double q10, double q90) {

    /** 97.5% quantile of N(0, 1). */
    public static final double Z95 = 1.959963984540054;

    /** Summary of {@code values} (not modified). */
    public static Stats of(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("values: empty sample");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double half = Z95 * sd / Math.sqrt(n);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = quantile(sorted, 0.5);
        int lo = (int) Math.floor(n / 2.0 - Z95 * Math.sqrt(n) / 2);
        int hi = (int) Math.ceil(n / 2.0 + Z95 * Math.sqrt(n) / 2);
        return new Stats(n, mean, sd, mean - half, mean + half, median, sorted[Math.max(0, Math.min(n - 1, lo))],
                sorted[Math.max(0, Math.min(n - 1, hi))], quantile(sorted, 0.1), quantile(sorted, 0.9));
    }

    /** Linear-interpolation quantile of a sorted sample. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        double f = pos - i;
        return sorted[i] * (1 - f) + sorted[j] * f;
    }
}
