package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

class ScalarTargetSpectrumTest {

    /**
     * The general (Hessenberg QR) and the symmetric route find the same eigenvalues up to their
     * backward errors, about d·ε·‖PΣ‖ with condition numbers below 10² here: 1e-9 relative to the
     * largest leaves ample margin and still catches a wrong similarity (errors of order 1).
     */
    private static final double EIGENVALUE_TOLERANCE = 1e-9;

    @Test
    void symmetricRouteFindsTheEigenvaluesOfTheGeneralOne() {
        Random rng = new Random(11);
        int d = ScalarTargetSpectrum.MIN_DIM + 3;
        List<Task> tasks = List.of(Task.of("a", Fixtures.randomSpd(d, 0.1, 2, rng)),
                Task.of("b", Fixtures.randomSpd(d, 0.05, 4, rng)), Task.of("c", Fixtures.randomSpd(d, 0.2, 1, rng)));
        Catalog catalog = new Catalog(tasks);
        double[] w = {0.5, 0.3, 0.2};
        SymmetricMatrix sigma = SymmetricMatrix.identity(d).scale(2.5);
        assertTrue(ScalarTargetSpectrum.applies(sigma));
        assertEquals(2.5, ScalarTargetSpectrum.scale(sigma));
        Preconditioner.Solved solved = Preconditioner.solve(catalog, w, 9);
        List<Overthinking.Direction> general = Overthinking.directions(solved.p(), sigma);
        List<Overthinking.Direction> symmetric = ScalarTargetSpectrum.directions(solved, 2.5);
        assertEquals(d, symmetric.size());
        double scale = general.stream().mapToDouble(x -> Math.hypot(x.re(), x.im())).max().orElseThrow();
        for (int i = 0; i < d; i++) {
            assertEquals(general.get(i).re(), symmetric.get(i).re(), EIGENVALUE_TOLERANCE * scale, "eigenvalue " + i);
            assertEquals(0.0, general.get(i).im(), EIGENVALUE_TOLERANCE * scale);
            assertEquals(0.0, symmetric.get(i).im());
            assertEquals(general.get(i).kind(), symmetric.get(i).kind(), "kind " + i);
        }
    }

    @Test
    void onlyAPositiveMultipleOfTheIdentityQualifies() {
        int d = ScalarTargetSpectrum.MIN_DIM;
        double[] diag = new double[d];
        java.util.Arrays.fill(diag, 1.0);
        assertTrue(ScalarTargetSpectrum.applies(SymmetricMatrix.diagonal(diag)));
        diag[d - 1] = 1.5;
        assertFalse(ScalarTargetSpectrum.applies(SymmetricMatrix.diagonal(diag)));
        assertTrue(Double.isNaN(ScalarTargetSpectrum.scale(SymmetricMatrix.identity(4).scale(0))));
        // Below MIN_DIM the general route keeps the small problems' bits.
        assertFalse(ScalarTargetSpectrum.applies(SymmetricMatrix.identity(d - 1)));
    }
}
