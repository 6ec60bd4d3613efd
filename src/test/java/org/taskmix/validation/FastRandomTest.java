package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FastRandomTest {

    /** Draws for the distribution checks: enough for a KS test to see a 0.5% CDF error. */
    private static final int N = 400_000;
    /**
     * Distribution checks allow 5 standard errors: with a fixed seed the test is deterministic,
     * and 5 sigma leaves no room for a flaky pass/fail while still catching any real bias
     * (a wrong ziggurat table shifts moments by tens of standard errors at this N).
     */
    private static final double SIGMAS = 5;

    @Test
    void sameSeedSameSequenceAndStreamsDiffer() {
        FastRandom a = new FastRandom(42);
        FastRandom b = new FastRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
            assertEquals(Double.doubleToRawLongBits(a.nextGaussian()), Double.doubleToRawLongBits(b.nextGaussian()));
        }
        assertNotEquals(FastRandom.stream(1, 1, 0, 0).nextLong(), FastRandom.stream(1, 1, 0, 1).nextLong());
        assertNotEquals(FastRandom.stream(1, 1, 0, 0).nextLong(), FastRandom.stream(1, 1, 1, 0).nextLong());
        assertNotEquals(FastRandom.stream(1, 1, 0, 0).nextLong(), FastRandom.stream(2, 1, 0, 0).nextLong());
        assertEquals(FastRandom.stream(9, 8, 7, 6).nextLong(), FastRandom.stream(9, 8, 7, 6).nextLong());
    }

    @Test
    void bitsAreSplitMix64() {
        // Reference outputs of Vigna's splitmix64.c started from state 0 (an independent
        // implementation: Python big integers, recorded here).
        FastRandom raw = FastRandom.withState(0);
        assertEquals(0xE220A8397B1DCDAFL, raw.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, raw.nextLong());
        assertEquals(0x06C45D188009454FL, raw.nextLong());
    }

    @Test
    void uniformsLieInUnitInterval() {
        FastRandom r = new FastRandom(3);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            sum += u;
        }
        // Mean 1/2, variance 1/12.
        assertEquals(0.5, sum / N, SIGMAS * Math.sqrt(1.0 / 12 / N));
    }

    @Test
    void normalsHaveStandardMomentsAndDistribution() {
        FastRandom r = new FastRandom(11);
        double[] x = new double[N];
        r.fillGaussian(x, 0, N);
        double m1 = 0;
        double m2 = 0;
        double m4 = 0;
        int beyondTail = 0;
        for (double v : x) {
            m1 += v;
            m2 += v * v;
            m4 += v * v * v * v;
            if (Math.abs(v) > 3.6541528853610088) {
                beyondTail++;
            }
        }
        m1 /= N;
        m2 /= N;
        m4 /= N;
        // Standard errors: mean 1/√N; E z² = 1 with variance 2; E z⁴ = 3 with variance 96.
        assertEquals(0, m1, SIGMAS / Math.sqrt(N));
        assertEquals(1, m2, SIGMAS * Math.sqrt(2.0 / N));
        assertEquals(3, m4, SIGMAS * Math.sqrt(96.0 / N));
        // The tail branch: P(|z| > R) = erfc(R/√2) = 2.5829e-4 (a binomial count).
        double pTail = erfc(3.6541528853610088 / Math.sqrt(2));
        assertEquals(pTail * N, beyondTail, SIGMAS * Math.sqrt(N * pTail));
        // Kolmogorov–Smirnov against Φ; the 1e-5 critical value is about 2.3/√N, 5 sigma-like.
        Arrays.sort(x);
        double dMax = 0;
        for (int i = 0; i < N; i++) {
            double f = 0.5 * erfc(-x[i] / Math.sqrt(2));
            dMax = Math.max(dMax, Math.max(Math.abs(f - (double) i / N), Math.abs((double) (i + 1) / N - f)));
        }
        assertTrue(dMax < 2.3 / Math.sqrt(N), "KS distance " + dMax);
    }

    @Test
    void fillIsTheSameAsSingleDraws() {
        double[] a = new double[100];
        new FastRandom(5).fillGaussian(a, 0, 100);
        FastRandom r = new FastRandom(5);
        double[] b = new double[100];
        for (int i = 0; i < 100; i++) {
            b[i] = r.nextGaussian();
        }
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void squeezedWedgeTestDecidesAsTheTwoExponentialTest() {
        // Random points of every wedge, and points placed on the curve itself (where the
        // squeeze must defer to the exact test): the two tests must never disagree.
        java.util.Random r = new java.util.Random(11);
        int deferred = 0;
        for (int t = 0; t < 2_000_000; t++) {
            int i = 1 + r.nextInt(255);
            double lo = FastRandom.layerEdge(i + 1);
            double hi = FastRandom.layerEdge(i);
            double x = (lo + (hi - lo) * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            double v = r.nextDouble();
            if (t % 2 == 1) {
                // v with f(X[i+1]) + v·(f(X[i]) − f(X[i+1])) = f(x), nudged by a few ulps.
                double f0 = Math.exp(-0.5 * hi * hi);
                double f1 = Math.exp(-0.5 * lo * lo);
                v = (Math.exp(-0.5 * x * x) - f1) / (f0 - f1) + (r.nextInt(9) - 4) * Math.ulp(1.0);
                deferred++;
            }
            assertEquals(FastRandom.wedgeAcceptsExactly(i, x, v), FastRandom.wedgeAcceptsFast(i, x, v),
                    "layer " + i + " x " + x + " v " + v);
        }
        assertTrue(deferred > 0);
    }

    /** erfc with relative error below 1.2e-7 (Numerical Recipes' Chebyshev fit). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
