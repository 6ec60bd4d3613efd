package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

class TrainerTest {

    /** The acceptance bound for one task: within 5% of −Γ⁻¹ (relative Frobenius). */
    private static final double SINGLE_TASK_TOLERANCE = 0.05;
    /** A mixture counts as telling P(π) and Γ(Λ̄)⁻¹ apart only if they differ by more than 20%. */
    private static final double MIXTURE_GAP = 0.20;

    /** Adam, 2000 steps of 256 prompts, lr 0.01 with cosine decay: about 1 s at d = 5. */
    private static final TrainingSettings ADAM = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", 100, 17L);

    /** Spectrum in a random orthonormal basis (QR of a Gaussian matrix), so Λ is not diagonal. */
    static SymmetricMatrix rotated(long seed, double... spectrum) {
        int d = spectrum.length;
        Random r = new Random(seed);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = r.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        qr.decompose(g);
        return SymmetricMatrix.fromEigen(spectrum, qr.getQ(null, false));
    }

    private static double relativeDistance(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj scale) {
        DMatrixRMaj diff = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, diff);
        return NormOps_DDRM.normF(diff) / NormOps_DDRM.normF(scale);
    }

    @Test
    void oneTaskLandsNearMinusInverseGamma() {
        SymmetricMatrix lambda = rotated(3, 2, 1, 0.5, 0.3, 0.2);
        int n = 10;
        TrainingResult r = new Trainer().train(TrainingMixture.single(lambda, n), ADAM, null);
        assertTrue(r.completed(), r.message());
        DMatrixRMaj gammaInv = Preconditioner.ofSingle(lambda, n);
        double dist = Validation.distance(r.model(), gammaInv);
        assertTrue(dist < SINGLE_TASK_TOLERANCE, "||V_31 + Gamma^-1|| / ||Gamma^-1|| = " + dist);
        // The reported model is in the documented gauge; the raw one drifted along the flat direction.
        assertEquals(-1.0, r.model().w(5, 11), 1e-12);
        assertEquals(r.gaugeScale(), -r.rawModel().w(5, 11), 0.0);
        assertEquals(2000L * 256, r.promptsTrained());
        assertEquals(2000, r.stepsCompleted());
        // Loss falls from d/2 (V = 0) to well below it.
        double[] loss = r.loss().values().toArray();
        assertEquals(2000, loss.length);
        assertEquals(2.5, loss[0], 0.5);
        assertTrue(r.loss().last() < 0.6 * loss[0]);
        // Untrained blocks keep their initial values exactly: W_13 = I never receives a gradient.
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == j ? 1.0 : 0.0, r.model().w(i, 6 + j), 0.0);
            }
        }
    }

    @Test
    void sgdAlsoConverges() {
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(1, 0.5, 0.25);
        int n = 10;
        TrainingSettings sgd = new TrainingSettings("sgd", 1500, 128, 0.1, "cosine", 100, 5L);
        TrainingResult r = new Trainer().train(TrainingMixture.single(lambda, n), sgd, null);
        assertTrue(r.completed(), r.message());
        double dist = Validation.distance(r.model(), Preconditioner.ofSingle(lambda, n));
        assertTrue(dist < SINGLE_TASK_TOLERANCE, "SGD distance " + dist);
    }

    @Test
    void mixtureTrainsToMixturePreconditionerNotToGammaOfTheAverage() {
        int n = 10;
        SymmetricMatrix big = SymmetricMatrix.diagonal(4, 2, 1, 0.5);
        SymmetricMatrix small = rotated(9, 0.1, 0.1, 0.1, 0.1);
        Catalog cat = new Catalog(List.of(Task.of("big", big), Task.of("small", small)));
        double[] pi = {0.5, 0.5};
        DMatrixRMaj p = Preconditioner.of(cat, pi, n);
        SymmetricMatrix average = SymmetricMatrix.weightedSum(pi, List.of(big, small));
        DMatrixRMaj gammaAvgInv = Preconditioner.ofSingle(average, n);
        double gap = relativeDistance(p, gammaAvgInv, p);
        assertTrue(gap > MIXTURE_GAP, "the mixture must separate P(pi) from Gamma(mean Lambda)^-1; gap " + gap);

        TrainingResult r = new Trainer().train(TrainingMixture.of(cat, pi, n), ADAM, null);
        assertTrue(r.completed(), r.message());
        DMatrixRMaj minusV31 = r.model().v31();
        CommonOps_DDRM.scale(-1, minusV31);
        double toP = relativeDistance(minusV31, p, p);
        double toGamma = relativeDistance(minusV31, gammaAvgInv, p);
        assertTrue(toP < SINGLE_TASK_TOLERANCE, "distance to P(pi) " + toP);
        assertTrue(toP < toGamma / 4, "to P(pi) " + toP + " vs to Gamma(mean)^-1 " + toGamma);
    }

    @Test
    void sameSeedGivesBitIdenticalParametersOnAnyNumberOfThreads() {
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(1, 0.5, 2)),
                new Task("b", null, null, 4, rotated(1, 1, 2, 3), null)));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.3, 0.7}, 6);
        // 100 prompts: chunks of 32, 32, 32 and 4, so the reduction order matters.
        TrainingSettings s = new TrainingSettings("adam", 60, 100, 0.02, "cosine", 10, 99L);
        TrainingResult one = new Trainer(1).train(mix, s, null);
        TrainingResult adaptive = new Trainer(3).train(mix, s, null);
        TrainingResult two;
        TrainingResult three;
        ChunkRunner.adaptive = false; // every thread works, however busy the machine is
        try {
            two = new Trainer(2).train(mix, s, null);
            three = new Trainer(3).train(mix, s, null);
        } finally {
            ChunkRunner.adaptive = true;
        }
        assertEquals(one.rawModel(), adaptive.rawModel());
        assertArrayEquals(one.rawModel().v(), two.rawModel().v(), 0.0);
        assertArrayEquals(one.rawModel().w(), two.rawModel().w(), 0.0);
        assertArrayEquals(one.rawModel().v(), three.rawModel().v(), 0.0);
        assertArrayEquals(one.rawModel().w(), three.rawModel().w(), 0.0);
        assertArrayEquals(one.loss().values().toArray(), three.loss().values().toArray(), 0.0);
        assertEquals(one.model(), three.model());
        TrainingResult other = new Trainer(2).train(mix, new TrainingSettings("adam", 60, 100, 0.02, "cosine", 10, 100L), null);
        assertNotEquals(one.rawModel(), other.rawModel());
    }

    @Test
    void divergenceStopsWithTheStepAndNoNonFiniteHistory() {
        TrainingSettings wild = new TrainingSettings("sgd", 50, 64, 100.0, "constant", 10, 1L);
        TrainingResult r = new Trainer().train(TrainingMixture.single(SymmetricMatrix.identity(3), 5), wild, null);
        assertEquals(TrainingResult.Status.DIVERGED, r.status());
        assertTrue(r.divergedAtStep() >= 2 && r.divergedAtStep() < 50, "step " + r.divergedAtStep());
        assertEquals(r.divergedAtStep() - 1, r.stepsCompleted());
        assertTrue(r.message().matches("training diverged at step " + r.divergedAtStep() + " of 50: "
                + "(loss \\S+ exceeds 1000 x the first step's loss \\S+|loss is NaN|loss is Infinity)"
                + "; lower the learning rate \\(now 100\\.0, optimizer sgd\\)"), r.message());
        for (double v : r.loss().values().toArray()) {
            assertTrue(Double.isFinite(v));
        }
        assertFalse(r.completed());
    }

    @Test
    void learningRateSchedules() {
        TrainingSettings cos = new TrainingSettings("adam", 100, 1, 0.4, "cosine", 10, 1L);
        assertEquals(0.4, Trainer.learningRate(cos, 0), 0.0);
        assertEquals(0.2, Trainer.learningRate(cos, 50), 1e-15);
        assertEquals(0.4 * 0.5 * (1 + Math.cos(Math.PI * 0.99)), Trainer.learningRate(cos, 99), 1e-15);
        TrainingSettings flat = new TrainingSettings("adam", 100, 1, 0.4, "constant", 10, 1L);
        assertEquals(0.4, Trainer.learningRate(flat, 99), 0.0);
    }

    @Test
    void longRunsKeepADecimatedHistory() {
        int steps = 2 * Trainer.MAX_HISTORY + 1;
        TrainingSettings s = new TrainingSettings("sgd", steps, 1, 1e-3, "constant", 10, 1L);
        TrainingResult r = new Trainer(1).train(TrainingMixture.single(SymmetricMatrix.identity(1), 2), s, null);
        assertEquals(3, r.loss().stride());
        assertEquals((steps + 2) / 3, r.loss().size());
        int[] at = r.loss().steps();
        assertEquals(3, at[0]);
        assertEquals(steps, at[at.length - 1]);
    }

    @Test
    void progressIsReportedPerPhase() {
        StringBuilder log = new StringBuilder();
        ProgressListener p = new ProgressListener() {
            @Override
            public void start(String phase, long total) {
                log.append("start ").append(phase).append(' ').append(total).append(';');
            }

            @Override
            public void advance(long done) {
                log.append(done).append(';');
            }

            @Override
            public void finish() {
                log.append("finish");
            }
        };
        new Trainer(1).train(TrainingMixture.single(SymmetricMatrix.identity(1), 2),
                new TrainingSettings("sgd", 3, 1, 1e-3, "constant", 10, 1L), p);
        assertEquals("start train 3;1;2;3;finish", log.toString());
    }
}
