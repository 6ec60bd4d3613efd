package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

class ValidationTest {

    private static final TrainingSettings QUICK = new TrainingSettings("adam", 400, 64, 0.02, "cosine", 200, 4L);

    @Test
    void runTrainsMeasuresAndComparesWithTheOptimum() {
        Catalog cat = new Catalog(List.of(Task.of("a", SymmetricMatrix.diagonal(2, 0.5)),
                Task.of("b", SymmetricMatrix.diagonal(0.5, 2))));
        double[] pi = {0.25, 0.75};
        ValidationResult r = new Validation(2).run(cat, pi, 8, SymmetricMatrix.identity(2), 16, 5, QUICK, null);
        assertTrue(r.training().completed());
        assertEquals(5, r.measured().kMax());
        assertEquals(200, r.measured().prompts());
        assertEquals(16, r.measured().m());
        DMatrixRMaj p = Preconditioner.of(cat, pi, 8);
        assertEquals(Validation.distance(r.training().model(), p), r.distanceToOptimum(), 0.0);
        assertTrue(r.distanceToOptimum() < 0.1, "distance " + r.distanceToOptimum());
        assertEquals(p.get(0, 1), r.optimum().get(0, 1), 0.0);
    }

    @Test
    void distanceIsRelativeFrobenius() {
        // V_31 = -P/2 is at distance exactly 1/2.
        int d = 2;
        int dim = 6;
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        double[] v = new double[dim * dim];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[(d + 1 + i) * dim + j] = -0.5 * p.get(i, j);
            }
        }
        assertEquals(0.5, Validation.distance(LsaModel.of(d, v, LsaModel.initial(d).w()), p), 1e-15);
    }

    @Test
    void mixtureWithoutVarianceInSomeDirectionHasNoOptimum() {
        Catalog cat = new Catalog(List.of(Task.of("flat", SymmetricMatrix.diagonal(0, 1))));
        ValidationResult r = new Validation(1).run(cat, new double[] {1}, 8, SymmetricMatrix.identity(2), 16, 2, QUICK,
                null);
        assertNull(r.optimum());
        assertTrue(Double.isNaN(r.distanceToOptimum()));
        assertTrue(r.training().completed());
        // The direction without variance has h_x[0] = 0 always: column 0 of V_31 never moves.
        assertEquals(0.0, r.training().model().v31().get(0, 0), 0.0);
    }
}
