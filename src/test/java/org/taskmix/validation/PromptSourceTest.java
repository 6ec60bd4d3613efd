package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;

class PromptSourceTest {

    private static final TrainingSettings QUICK = new TrainingSettings("adam", 400, 64, 0.02, "cosine", 200, 4L);

    /**
     * Bootstrap frequencies of 4 rows over 40,000 draws: each is 1/4 with standard deviation
     * sqrt(0.25 · 0.75 / 40000) ≈ 0.0022; 0.01 is 4.6 standard deviations, so a uniform sampler
     * fails with probability below 1e-5 per row, and a biased one (e.g. never drawing the last
     * row, or an off-by-one) fails surely.
     */
    private static final double FREQUENCY_TOLERANCE = 0.01;

    @Test
    void empiricalExamplesAreRowsInBothLayoutsDrawnUniformly() {
        int d = 3;
        double[] rows = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        PromptSource.Empirical src = PromptSource.Empirical.of(d, new double[][] {rows});
        int n = 10_000;
        double[] rowMajor = new double[n * d];
        double[] featureMajor = new double[n * d];
        src.examples(new FastRandom(7), 0, rowMajor, n, false);
        src.examples(new FastRandom(7), 0, featureMajor, n, true);
        int[] counts = new int[4];
        for (int rep = 0; rep < 4; rep++) {
            src.examples(new FastRandom(100 + rep), 0, rowMajor, n, false);
            for (int e = 0; e < n; e++) {
                int row = (int) Math.round(rowMajor[e * d] - 1) / d;
                counts[row]++;
                for (int a = 0; a < d; a++) {
                    assertEquals(rows[row * d + a], rowMajor[e * d + a], 0.0);
                }
            }
        }
        for (int r = 0; r < 4; r++) {
            assertEquals(0.25, counts[r] / 40_000.0, FREQUENCY_TOLERANCE, "row " + r);
        }
        // Same seed, other layout: the same rows, transposed.
        src.examples(new FastRandom(7), 0, rowMajor, n, false);
        for (int e = 0; e < n; e++) {
            for (int a = 0; a < d; a++) {
                assertEquals(rowMajor[e * d + a], featureMajor[a * n + e], 0.0);
            }
        }
        assertEquals(1.0, src.root(0)[2], 0.0);
        assertTrue(src.diagonal(0));
    }

    @Test
    void raggedOrEmptyRowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromptSource.Empirical.of(3, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> PromptSource.Empirical.of(3, new double[][] {{}}));
    }

    @Test
    void gaussianIsTheDefaultSourceAndThreadIndependent() {
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(2, 0.5)),
                Task.of("b", SymmetricMatrix.of(new double[][] {{1, 0.3}, {0.3, 1}}))));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.5, 0.5}, 6);
        TrainingResult a = new Trainer(1).train(mix, QUICK, null);
        TrainingResult b = new Trainer(2).train(mix, QUICK, null);
        assertArrayEquals(a.model().v(), b.model().v());
        assertEquals("gaussian", mix.source().kind());
    }

    @Test
    void empiricalRowsFromTheGaussianMatchTheGaussianOptimum() {
        // Many rows drawn from N(0, Λ): the bootstrap is then (nearly) the Gaussian, so training on it
        // must reach the theory's optimum as closely as Gaussian training does (ValidationTest: < 0.1).
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(2, 0.5)),
                Task.of("b", SymmetricMatrix.diagonal(0.5, 2))));
        double[][] rows = {gaussianRows(new double[] {Math.sqrt(2), Math.sqrt(0.5)}, 20_000, 1),
            gaussianRows(new double[] {Math.sqrt(0.5), Math.sqrt(2)}, 20_000, 2)};
        double[] target = gaussianRows(new double[] {1, 1}, 20_000, 3);
        Validation.Features f = new Validation.Features(PromptSource.Empirical.of(2, rows),
                PromptSource.Empirical.of(2, new double[][] {target}));
        ValidationResult r = new Validation(2).run(cat, new double[] {0.25, 0.75}, 8, SymmetricMatrix.identity(2), 16,
                3, QUICK, null, f);
        assertTrue(r.training().completed());
        assertTrue(r.distanceToOptimum() < 0.1, "distance " + r.distanceToOptimum());
        // Rademacher rows (±1, Λ = I, far from Gaussian) train too, and differently.
        double[] signs = new double[2 * 5000];
        FastRandom rng = new FastRandom(9);
        for (int i = 0; i < signs.length; i++) {
            signs[i] = rng.nextDouble() < 0.5 ? -1 : 1;
        }
        Validation.Features g = new Validation.Features(PromptSource.Empirical.of(2, new double[][] {signs, signs}),
                PromptSource.Empirical.of(2, new double[][] {signs}));
        ValidationResult s = new Validation(2).run(cat, new double[] {0.5, 0.5}, 8, SymmetricMatrix.identity(2), 16,
                3, QUICK, null, g);
        assertTrue(s.training().completed());
        assertTrue(s.measured().at(1).mean() != r.measured().at(1).mean());
    }

    private static double[] gaussianRows(double[] scale, int n, long seed) {
        FastRandom rng = new FastRandom(seed);
        int d = scale.length;
        double[] out = new double[n * d];
        rng.fillGaussian(out, 0, out.length);
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale[i % d];
        }
        return out;
    }
}
