package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link SymmetricMatrix#eigenvalues()}: the values-only path used by diagnostics and PSD checks. */
class EigenvaluesTest {

    /** Two symmetric eigensolvers agree to their backward error, about d·ε·λ_max ≈ 1e-14 here. */
    private static final double AGREE = 1e-12;

    private static SymmetricMatrix sample(long seed) {
        double[] spectrum = new double[30];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = Math.pow(i + 1, -0.7);
        }
        return SymmetricMatrix.fromEigen(spectrum, RandomOrthogonal.haar(30, seed));
    }

    @Test
    void agreesWithTheFullDecompositionAndTheSpectrumBuiltIn() {
        SymmetricMatrix m = sample(4);
        double[] values = m.eigenvalues();
        assertArrayEquals(m.eigen().values(), values, AGREE);
        assertEquals(Math.pow(30, -0.7), values[0], AGREE);
        assertEquals(1.0, values[29], AGREE);
    }

    @Test
    void doesNotDependOnWhetherEigenWasComputedFirst() {
        SymmetricMatrix fresh = sample(9);
        SymmetricMatrix decomposed = sample(9);
        decomposed.eigen();
        assertArrayEquals(fresh.eigenvalues(), decomposed.eigenvalues());
    }

    @Test
    void returnsACopy() {
        SymmetricMatrix m = SymmetricMatrix.diagonal(3, 1, 2);
        double[] v = m.eigenvalues();
        v[0] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, m.eigenvalues(), 1e-15);
    }
}
