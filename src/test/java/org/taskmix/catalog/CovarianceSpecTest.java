package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class CovarianceSpecTest {

    @Test
    void explicitBasisBuildsQDiagQt() {
        double c = Math.sqrt(0.5);
        // Q = rotation by 45°: Q diag(3, 1) Qᵀ = [[2, 1], [1, 2]].
        CovarianceSpec.ExplicitBasis spec = new CovarianceSpec.ExplicitBasis(new double[] {3, 1},
                new double[][] {{c, -c}, {c, c}});
        SymmetricMatrix m = spec.build();
        assertEquals(2.0, m.get(0, 0), 1e-15);
        assertEquals(1.0, m.get(0, 1), 1e-15);
        assertEquals(2.0, m.get(1, 1), 1e-15);
    }

    @Test
    void nonOrthonormalBasisIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CovarianceSpec.ExplicitBasis(new double[] {1, 1}, new double[][] {{1, 0}, {0.5, 1}}));
        assertEquals("basis: max |QᵀQ - I| = 0.5 exceeds 1.0E-8; the basis columns must be orthonormal eigenvectors"
                + " (give at least 10 significant digits)", e.getMessage());
    }

    @Test
    void negativeSpectrumIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CovarianceSpec.RandomBasis(new double[] {1, -0.5}, 3));
        assertEquals("spectrum[1]: value -0.5 is negative; a covariance has eigenvalues >= 0", e.getMessage());
    }

    @Test
    void randomBasisIsReproducibleAndHasItsSpectrum() {
        CovarianceSpec.RandomBasis spec = new CovarianceSpec.RandomBasis(new double[] {5, 2, 1, 0.5}, 11);
        assertEquals(spec.build(), new CovarianceSpec.RandomBasis(new double[] {5, 2, 1, 0.5}, 11).build());
        double[] ev = spec.build().eigen().values();
        assertEquals(0.5, ev[0], 1e-13);
        assertEquals(5.0, ev[3], 1e-13);
    }
}
