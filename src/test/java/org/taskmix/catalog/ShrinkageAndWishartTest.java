package org.taskmix.catalog;

import org.taskmix.linalg.RandomVariates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class ShrinkageAndWishartTest {

    /** Hand-computed OAS values are exact rational arithmetic; 1e-14 covers double rounding. */
    private static final double EXACT = 1e-14;

    /**
     * Monte-Carlo checks average R draws; K = 5 standard errors leaves a false-alarm rate below
     * 1e-6 per check, and the draws are seeded, so the outcome is reproducible.
     */
    private static final double K_SIGMA = 5;

    @Test
    void oasIntensityMatchesTheFormulaByHand() {
        // S = diag(1, 2, 3), d = 3, N = 10: tr = 6, tr(S²) = 14.
        // ρ = ((1 − 2/3)·14 + 36) / ((10 + 1 − 2/3)·(14 − 36/3)) = (14/3 + 36) / (31/3 · 2) = 122/62.
        // That exceeds 1, so ρ = 1; with N = 100: (122/3) / ((301/3)·2) = 122/602.
        SymmetricMatrix s = SymmetricMatrix.diagonal(1, 2, 3);
        assertEquals(1.0, Shrinkage.oasIntensity(s, 10), EXACT);
        assertEquals(122.0 / 602, Shrinkage.oasIntensity(s, 100), EXACT);
        Shrinkage.Result r = Shrinkage.apply(s, 100, Shrinkage.Method.OAS);
        double rho = 122.0 / 602;
        assertEquals((1 - rho) * 1 + rho * 2, r.covariance().get(0, 0), EXACT);
        assertEquals((1 - rho) * 3 + rho * 2, r.covariance().get(2, 2), EXACT);
        assertEquals(s.trace(), r.covariance().trace(), EXACT, "shrinkage keeps the trace");
        // A multiple of the identity is already the target: ρ = 1, nothing changes.
        assertEquals(1.0, Shrinkage.oasIntensity(SymmetricMatrix.identity(4).scale(2), 50), EXACT);
        assertEquals(s, Shrinkage.apply(s, 100, Shrinkage.Method.NONE).covariance());
    }

    @Test
    void samplesWarningFollowsTheRatioRule() {
        assertNull(Shrinkage.samplesWarning(5000, 50));
        String w = Shrinkage.samplesWarning(4999, 50);
        assertTrue(w.startsWith("4999 samples for d = 50 (100.0 per dimension, below 100)"), w);
        assertTrue(Shrinkage.samplesWarning(1000, 50).contains("about 40% low"), Shrinkage.samplesWarning(1000, 50));
    }

    @Test
    void wishartDrawsHaveTheSampleMomentsMeanAndVariance() {
        SymmetricMatrix lambda = Generators.powerLaw(4, 0.8, 3).build();
        int n = 30;
        int draws = 4000;
        Wishart w = new Wishart(lambda);
        SplittableRandom rng = new SplittableRandom(5);
        double[][] sum = new double[4][4];
        double sumSq00 = 0;
        for (int r = 0; r < draws; r++) {
            SymmetricMatrix s = w.sampleMoment(n, rng);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    sum[i][j] += s.get(i, j);
                }
            }
            sumSq00 += s.get(0, 0) * s.get(0, 0);
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                // Var Ŝ_ij = (Λ_ii Λ_jj + Λ_ij²)/N (Isserlis), so the mean of R draws has standard
                // error √(that/R).
                double se = Math.sqrt((lambda.get(i, i) * lambda.get(j, j) + lambda.get(i, j) * lambda.get(i, j))
                        / n / draws);
                assertEquals(lambda.get(i, j), sum[i][j] / draws, K_SIGMA * se, "mean of entry " + i + "," + j);
            }
        }
        double mean00 = sum[0][0] / draws;
        double var00 = sumSq00 / draws - mean00 * mean00;
        double expected = 2 * lambda.get(0, 0) * lambda.get(0, 0) / n;
        // The sample variance of R draws has relative standard error about √(2/R)·√(1 + 3·2/N)
        // for this skewed (χ²-like) entry: 0.03; 5 of those is 0.15.
        assertEquals(expected, var00, 0.15 * expected, "variance of entry 0,0");
    }

    @Test
    void oasCutsTheHardnessBiasOfFewSamples() {
        // d = 20, N = 400 (20 per dimension): the raw hardness is far too high on average; OAS
        // brings the average closer to the truth. Averaged over 20 seeded draws.
        SymmetricMatrix lambda = Generators.powerLaw(20, 0.8, 11).build();
        double truth = SpectralDiagnostics.of(lambda).hardness();
        Wishart w = new Wishart(lambda);
        SplittableRandom rng = new SplittableRandom(2);
        double raw = 0;
        double oas = 0;
        int reps = 20;
        for (int r = 0; r < reps; r++) {
            SymmetricMatrix s = w.sampleMoment(400, rng);
            raw += SpectralDiagnostics.of(s).hardness() / reps;
            oas += SpectralDiagnostics.of(Shrinkage.apply(s, 400, Shrinkage.Method.OAS).covariance()).hardness() / reps;
        }
        assertTrue(raw > truth * 1.2, "raw bias is large: " + raw + " vs " + truth);
        assertTrue(Math.abs(oas - truth) < Math.abs(raw - truth), "oas " + oas + ", raw " + raw + ", truth " + truth);
    }

    @Test
    void chiSquareAndGammaHaveTheirMeans() {
        SplittableRandom rng = new SplittableRandom(9);
        for (double k : new double[] {0.5, 3, 40, 5000}) {
            double sum = 0;
            int reps = 20000;
            for (int r = 0; r < reps; r++) {
                sum += RandomVariates.chiSquare(rng, k);
            }
            // χ²_k has variance 2k.
            assertEquals(k, sum / reps, K_SIGMA * Math.sqrt(2 * k / reps), "chi-square " + k);
        }
        assertEquals(0.0, RandomVariates.chiSquare(rng, -1));
    }
}
