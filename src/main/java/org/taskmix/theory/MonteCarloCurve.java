package org.taskmix.theory;

import java.util.Arrays;

/**
 * A Monte Carlo estimate of the per-dimension CoT error {@code E‖(I − PŜ_m)^k‖_F² / d} at
 * finite test length {@code m}, one entry per requested {@code k}.
 *
 * <p>Interval: {@code mean ± 1.96 · sd / √samples}, the normal-approximation 95% confidence
 * interval of the mean with {@code sd} the sample standard deviation (divisor
 * {@code samples − 1}); not clipped at 0. An entry whose estimate overflowed the double range
 * (a growing direction raised to a high power) has mean, sd and both bounds {@code +∞} and
 * {@link #overflow(int)} true; it is never NaN.
 *
 * @param m       test prompt length
 * @param ks      CoT lengths, ascending
 * @param mean    sample mean per k
 * @param sd      sample standard deviation per k
 * @param ciLow   lower end of the 95% interval per k
 * @param ciHigh  upper end of the 95% interval per k
 * @param samples number of test prompts drawn
 * @param seed    seed of the draws
 */
public record MonteCarloCurve(int m, int[] ks, double[] mean, double[] sd, double[] ciLow, double[] ciHigh,
                              int samples, long seed) {

    /** Two-sided 95% normal quantile. */
    public static final double Z95 = 1.96;

    public MonteCarloCurve {
        ks = ks.clone();
        mean = mean.clone();
        sd = sd.clone();
        ciLow = ciLow.clone();
        ciHigh = ciHigh.clone();
        int n = ks.length;
        if (mean.length != n || sd.length != n || ciLow.length != n || ciHigh.length != n) {
            throw new IllegalArgumentException("curve arrays must all have " + n + " entries (one per k)");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("samples: value " + samples + " must be >= 2");
        }
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
     * Summarises per-sample errors {@code values[sample][kIndex]} in sample order (a fixed-order
     * reduction, so the result does not depend on how samples were computed).
     */
    static MonteCarloCurve summarise(int m, int[] ks, double[][] values, long seed) {
        int n = values.length;
        int nk = ks.length;
        double[] mean = new double[nk];
        double[] sd = new double[nk];
        double[] lo = new double[nk];
        double[] hi = new double[nk];
        for (int j = 0; j < nk; j++) {
            double max = 0;
            for (double[] v : values) {
                max = Math.max(max, v[j]);
            }
            if (max == Double.POSITIVE_INFINITY) {
                mean[j] = sd[j] = lo[j] = hi[j] = Double.POSITIVE_INFINITY;
                continue;
            }
            if (max == 0) {
                continue;
            }
            // Sums of values scaled by the largest, so huge errors do not overflow the sum or
            // the squares while each value is still finite.
            double s = 0;
            for (double[] v : values) {
                s += v[j] / max;
            }
            double meanScaled = s / n;
            double ss = 0;
            for (double[] v : values) {
                double dev = v[j] / max - meanScaled;
                ss += dev * dev;
            }
            mean[j] = meanScaled * max;
            sd[j] = Math.sqrt(ss / (n - 1)) * max;
            double half = Z95 * sd[j] / Math.sqrt(n);
            lo[j] = mean[j] - half;
            hi[j] = mean[j] + half;
        }
        return new MonteCarloCurve(m, ks, mean, sd, lo, hi, n, seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonteCarloCurve c && c.m == m && c.samples == samples && c.seed == seed
                && Arrays.equals(c.ks, ks) && Arrays.equals(c.mean, mean) && Arrays.equals(c.sd, sd)
                && Arrays.equals(c.ciLow, ciLow) && Arrays.equals(c.ciHigh, ciHigh);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
        return "MonteCarloCurve[m=" + m + ", ks=" + Arrays.toString(ks) + ", mean=" + Arrays.toString(mean)
                + ", samples=" + samples + ", seed=" + seed + "]";
    }
}
