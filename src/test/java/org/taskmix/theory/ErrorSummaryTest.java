package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ErrorSummaryTest {

    /** Heavy-tailed, non-negative: a Pareto with tail index 1.5 (finite mean 3, infinite variance). */
    private static double[] pareto(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(1 - r.nextDouble(), -1 / 1.5);
        }
        return x;
    }

    @Test
    void meanIntervalNeverGoesBelowZeroOnHeavyTails() {
        // Mostly tiny values and one huge one: the normal interval is [−3.5, 17.8]-like.
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.01;
        }
        x[7] = 500;
        ErrorSummary s = ErrorSummary.of(x, 1);
        double normalLow = s.mean() - ErrorSummary.Z95 * s.sd() / Math.sqrt(x.length);
        assertTrue(normalLow < 0, "the test case must defeat the normal interval");
        assertTrue(s.ciLow() >= 0);
        assertTrue(s.ciLow() <= s.mean() && s.mean() <= s.ciHigh());
        assertEquals(0.01, s.median());
        assertEquals(0.01, s.q10());
    }

    @Test
    void quantilesAndMedianIntervalOfAKnownSample() {
        double[] x = new double[101];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 - i;
        }
        ErrorSummary s = ErrorSummary.of(x, 2);
        assertEquals(50, s.median());
        assertEquals(10, s.q10());
        assertEquals(90, s.q90());
        assertTrue(s.medianLow() < 50 && s.medianHigh() > 50);
        assertEquals(50, s.mean(), 1e-12);
    }

    @Test
    void bcaCoversTheTrueMeanOfASkewedLawAboutAsOftenAsClaimed() {
        // Exponential(1): skewed, mean 1. 200 replications of n = 200. A 95% interval should
        // miss about 10 times; the binomial sd is about 3, so more than 25 misses is a real
        // failure (the normal interval's misses are about 12-14 here, BCa's about 10).
        int misses = 0;
        for (int rep = 0; rep < 200; rep++) {
            SplittableRandom r = new SplittableRandom(1000 + rep);
            double[] x = new double[200];
            for (int i = 0; i < x.length; i++) {
                x[i] = -Math.log(1 - r.nextDouble());
            }
            ErrorSummary s = ErrorSummary.of(x, rep);
            if (s.ciLow() > 1 || s.ciHigh() < 1) {
                misses++;
            }
        }
        assertTrue(misses <= 25, "misses " + misses);
    }

    @Test
    void sameSeedSameSummaryAndInfinityIsKept() {
        double[] x = pareto(1000, 5);
        assertEquals(ErrorSummary.of(x, 3), ErrorSummary.of(x, 3));
        x[0] = Double.POSITIVE_INFINITY;
        ErrorSummary s = ErrorSummary.of(x, 3);
        assertEquals(Double.POSITIVE_INFINITY, s.mean());
        assertTrue(Double.isFinite(s.median()));
    }

    @Test
    void normalHelpersAreAccurate() {
        assertEquals(0.975, ErrorSummary.normalCdf(1.959963984540054), 1e-6);
        assertEquals(1.959963984540054, ErrorSummary.inverseNormal(0.975), 1e-8);
        assertEquals(-2.326347874040841, ErrorSummary.inverseNormal(0.01), 1e-8);
    }
}
