package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class SpectralDiagnosticsTest {

    /** Hand values of a diagonal matrix: the eigensolver returns diagonal entries to a few ulps. */
    private static final double HAND_REL = 1e-12;
    /** A rotated copy has the same spectrum up to the eigensolver's backward error, ~d·ε·λ_max. */
    private static final double ROTATED_REL = 1e-10;

    @Test
    void diagonalSpectrumMatchesHandValues() {
        // Λ = diag(4, 1, 0.25): tr = 5.25, λ_min = 0.25, hardness = 21, condition = 16,
        // effective rank = tr² / tr(Λ²) = 27.5625 / 17.0625 = 441/273 = 21/13.
        SpectralDiagnostics s = SpectralDiagnostics.of(SymmetricMatrix.diagonal(4, 1, 0.25));
        assertRel(21.0, s.hardness(), HAND_REL);
        assertRel(16.0, s.condition(), HAND_REL);
        assertRel(21.0 / 13.0, s.effectiveRank(), HAND_REL);
        assertRel(5.25, s.trace(), HAND_REL);
        assertEquals(0.25, s.lambdaMin(), 0.25 * HAND_REL);
        assertEquals(4.0, s.lambdaMax(), 4 * HAND_REL);
        assertArrayEquals(new double[] {0.25, 1, 4}, s.eigenvalues(), 4 * HAND_REL);
        assertFalse(s.singular());
        assertEquals(3, s.rank());
        assertEquals(s.hardness(), s.hardnessOnSupport());
    }

    @Test
    void powerLawHardnessMatchesClosedForm() {
        // λ_i = i^-α, i = 1..d: hardness = Σ i^-α / d^-α.
        int d = 40;
        double alpha = 0.8;
        double tr = 0;
        for (int i = 1; i <= d; i++) {
            tr += Math.pow(i, -alpha);
        }
        double hand = tr / Math.pow(d, -alpha);
        SpectralDiagnostics diag = SpectralDiagnostics.of(SymmetricMatrix.diagonal(Generators.powerLawSpectrum(d, alpha)));
        assertRel(hand, diag.hardness(), HAND_REL);
        SpectralDiagnostics rotated = SpectralDiagnostics.of(Generators.powerLaw(d, alpha, 5).build());
        assertRel(hand, rotated.hardness(), ROTATED_REL);
    }

    @Test
    void hardnessIsScaleInvariantAndAtLeastD() {
        SymmetricMatrix m = Generators.powerLaw(8, 0.5, 3).build();
        SpectralDiagnostics a = SpectralDiagnostics.of(m);
        SpectralDiagnostics b = SpectralDiagnostics.of(m.scale(1000));
        assertRel(a.hardness(), b.hardness(), ROTATED_REL);
        assertTrue(a.hardness() > 8);
        assertRel(8.0, SpectralDiagnostics.of(SymmetricMatrix.identity(8).scale(3)).hardness(), HAND_REL);
    }

    @Test
    void singularMatrixHasInfiniteHardnessAndFiniteHardnessOnSupport() {
        SpectralDiagnostics s = SpectralDiagnostics.of(SymmetricMatrix.diagonal(0, 3, 1));
        assertTrue(s.singular());
        assertEquals(Double.POSITIVE_INFINITY, s.hardness());
        assertEquals(Double.POSITIVE_INFINITY, s.condition());
        assertEquals(2, s.rank());
        assertRel(4.0, s.hardnessOnSupport(), HAND_REL);
    }

    static void assertRel(double expected, double actual, double rel) {
        assertEquals(expected, actual, rel * Math.abs(expected), () -> "expected " + expected + " got " + actual);
    }
}
