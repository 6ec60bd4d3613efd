package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.TrainingSettings.Precision;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/** {@code --precision float32}: reproducible on any thread count, and it still learns −Γ⁻¹. */
class PrecisionTest {

    /** The single-task acceptance bound of {@link TrainerTest}: within 5% of −Γ⁻¹. */
    private static final double SINGLE_TASK_TOLERANCE = 0.05;

    @Test
    void float32IsBitIdenticalOnAnyNumberOfThreads() {
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0.5, 2)),
                new Task("b", null, null, 4, TrainerTest.rotated(1, 1, 2, 3), null)));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.3, 0.7}, 6);
        TrainingSettings s = new TrainingSettings("adam", 60, 100, 0.02, "cosine", 10, 99L)
                .withPrecision(Precision.FLOAT32);
        TrainingResult one = new Trainer(1).train(mix, s, null);
        TrainingResult three;
        ChunkRunner.adaptive = false;
        try {
            three = new Trainer(3).train(mix, s, null);
        } finally {
            ChunkRunner.adaptive = true;
        }
        assertArrayEquals(one.rawModel().v(), three.rawModel().v(), 0.0);
        assertArrayEquals(one.rawModel().w(), three.rawModel().w(), 0.0);
        assertArrayEquals(one.loss().values().toArray(), three.loss().values().toArray(), 0.0);
        // A different computation from double (else the option would do nothing).
        TrainingResult dbl = new Trainer(1).train(mix, s.withPrecision(Precision.DOUBLE), null);
        assertNotEquals(one.rawModel(), dbl.rawModel());
    }

    @Test
    void float32LandsNearMinusInverseGammaLikeDouble() {
        SymmetricMatrix lambda = TrainerTest.rotated(3, 2, 1, 0.5, 0.3, 0.2);
        int n = 10;
        TrainingSettings s = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", 100, 17L);
        DMatrixRMaj gammaInv = Preconditioner.ofSingle(lambda, n);
        TrainingResult f = new Trainer().train(TrainingMixture.single(lambda, n), s.withPrecision(Precision.FLOAT32), null);
        TrainingResult d = new Trainer().train(TrainingMixture.single(lambda, n), s, null);
        assertTrue(f.completed(), f.message());
        double distF = Validation.distance(f.model(), gammaInv);
        double distD = Validation.distance(d.model(), gammaInv);
        assertTrue(distF < SINGLE_TASK_TOLERANCE, "float32: ||V_31 + Gamma^-1|| / ||Gamma^-1|| = " + distF);
        // Same draws, so the two runs' distances agree to far better than their sampling noise (~1e-2).
        assertEquals(distD, distF, 0.2 * distD, "double " + distD + " vs float32 " + distF);
    }
}
