package org.taskmix.nonlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.validation.TrainingMixture;

/** The transformer trains, measures, is reproducible, and reports divergence as a status. */
class TransformerTrainerTest {

    @BeforeAll
    static void engine() {
        EngineCheck.prepare(1);
    }

    private static final SymmetricMatrix SIGMA = SymmetricMatrix.identity(3);
    private static final TransformerSettings SETTINGS = new TransformerSettings(150, 32, 3e-3, 10, 2, 64, 5L);

    /**
     * Predicting ŵ = 0 costs 1 per dimension; after 150 steps the tiny model must have learned
     * something from the examples: below this fraction of the first loss (measured about 0.5).
     */
    static final double LEARNED_FRACTION = 0.85;

    @Test
    void trainsAndIsReproducibleAndMeasures() {
        TrainingMixture mix = TrainingMixture.single(SIGMA, 8);
        try (TransformerTrainer.Trained a = TransformerTrainer.train(mix, TransformerConfig.TINY, SETTINGS, 8, 3, null);
             TransformerTrainer.Trained b = TransformerTrainer.train(mix, TransformerConfig.TINY, SETTINGS, 8, 3, null)) {
            assertTrue(a.training().completed(), a.training().message());
            assertTrue(a.training().finalLoss() < LEARNED_FRACTION * a.training().firstLoss(),
                    "first " + a.training().firstLoss() + " final " + a.training().finalLoss());
            assertArrayEquals(a.training().loss().values().toArray(), b.training().loss().values().toArray(), "same seed, same losses");
            assertEquals(15, a.training().warmupSteps(), "throughput leaves out the first tenth of the steps");
            assertTrue(a.training().promptsPerSecond() > 0 && a.training().promptsPerSecondAllSteps() > 0);
            // The optimiser's flat buffer and the parameters are one storage: a parameter is a view.
            float[] flat = a.model().flat.toFloatArray();
            assertEquals(a.model().parameterCount(), flat.length);
            float[] first = a.model().values(0);
            for (int i = 0; i < first.length; i++) {
                assertEquals(flat[i], first[i], 0.0f);
            }
            TransformerCurve c = CotMeasurement.measure(a.model(), SIGMA, 8, 3, 100, 9L, null);
            TransformerCurve c2 = CotMeasurement.measure(b.model(), SIGMA, 8, 3, 100, 9L, null);
            assertEquals(3, c.kMax());
            assertEquals(c.at(3).mean(), c2.at(3).mean(), 0.0);
            assertTrue(c.at(1).mean() < 1.0, "k = 1 error " + c.at(1).mean());
            assertTrue(c.at(1).medianLow() <= c.at(1).median() && c.at(1).median() <= c.at(1).medianHigh());
        }
    }

    @Test
    void warmUpIsTheFirstTenthOfTheSteps() {
        assertEquals(0, TransformerTrainer.warmupSteps(1));
        assertEquals(1, TransformerTrainer.warmupSteps(2));
        assertEquals(1, TransformerTrainer.warmupSteps(6));
        assertEquals(1, TransformerTrainer.warmupSteps(10));
        assertEquals(2, TransformerTrainer.warmupSteps(11));
        assertEquals(60, TransformerTrainer.warmupSteps(600));
    }

    @Test
    void hugeLearningRateIsReportedAsDivergence() {
        TrainingMixture mix = TrainingMixture.single(SIGMA, 8);
        TransformerSettings wild = new TransformerSettings(60, 32, 50.0, 0, 1, 64, 5L);
        try (TransformerTrainer.Trained a = TransformerTrainer.train(mix, TransformerConfig.TINY, wild, 8, 1, null)) {
            assertEquals(TransformerTraining.Status.DIVERGED, a.training().status());
            assertTrue(a.training().message().startsWith("training diverged at step"), a.training().message());
        }
    }
}
