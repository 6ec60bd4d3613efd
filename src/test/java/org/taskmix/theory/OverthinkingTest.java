package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class OverthinkingTest {

    /** Non-symmetric eigensolver (QR iterations) on 2×2–20×20 well-conditioned input: ~1e-14; 1e-10 is safe. */
    private static final double EIGEN_TOLERANCE = 1e-10;

    @Test
    void singleTaskOnItsOwnCovarianceOnlyShrinks() {
        SymmetricMatrix lambda = Fixtures.randomSpd(6, 0.1, 2, new Random(1));
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, 10);
        double[] curve = CotError.infiniteM(p, lambda, 16);
        Overthinking o = Overthinking.of(p, lambda, curve);
        assertEquals(0, o.growing());
        assertEquals(0, o.stalled());
        assertEquals(16, o.kStar());
        assertFalse(o.overthinking());
        assertTrue(o.warnings().isEmpty());
        for (Overthinking.Direction dir : o.directions()) {
            assertEquals(Overthinking.Kind.SHRINKS, dir.kind());
            assertEquals(0, dir.im(), EIGEN_TOLERANCE, "Γ⁻¹Λ is similar to a symmetric matrix: real spectrum");
            assertTrue(dir.re() > 0 && dir.re() < 1);
        }
    }

    @Test
    void eigenvaluesMatchTheHandDerivedSpectrumOfTheOverthinkingSetUp() {
        // Λ = diag(1/i), Σ = I: μ_i = 1 / ((1 + 1/n)/i + H_d/n), H_d the harmonic number.
        int d = 12;
        int n = 20;
        double harmonic = 0;
        for (int i = 1; i <= d; i++) {
            harmonic += 1.0 / i;
        }
        double[] expected = new double[d];
        for (int i = 1; i <= d; i++) {
            expected[i - 1] = 1 / ((1 + 1.0 / n) / i + harmonic / n);
        }
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(Fixtures.powerLaw(d, 1));
        List<Overthinking.Direction> dirs = Overthinking.directions(Preconditioner.ofSingle(lambda, n),
                SymmetricMatrix.identity(d));
        double[] actual = dirs.stream().mapToDouble(Overthinking.Direction::re).sorted().toArray();
        Arrays.sort(expected);
        for (int i = 0; i < d; i++) {
            assertEquals(expected[i], actual[i], EIGEN_TOLERANCE * expected[i]);
        }
        // Fastest-growing first, growth = |1 − μ|.
        assertEquals(Math.abs(1 - expected[d - 1]), dirs.get(0).growth(), EIGEN_TOLERANCE);
        assertEquals(Overthinking.Kind.GROWS, dirs.get(0).kind());
    }

    @Test
    void complexEigenvaluesUseTheModulusOfOneMinusMu() {
        // P = [[a, −b], [b, a]], Σ = I: μ = a ± ib, |1 − μ| = √((1 − a)² + b²).
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{0.5, -1.2}, {1.2, 0.5}});
        List<Overthinking.Direction> dirs = Overthinking.directions(p, SymmetricMatrix.identity(2));
        double growth = Math.sqrt(0.25 + 1.44);
        for (Overthinking.Direction dir : dirs) {
            assertEquals(0.5, dir.re(), EIGEN_TOLERANCE);
            assertEquals(1.2, Math.abs(dir.im()), EIGEN_TOLERANCE);
            assertEquals(growth, dir.growth(), EIGEN_TOLERANCE);
            assertEquals(Overthinking.Kind.GROWS, dir.kind());
        }
        double[] curve = CotError.infiniteM(p, SymmetricMatrix.identity(2), 6);
        Overthinking o = Overthinking.of(dirs, curve);
        // R is a scaled rotation, so ‖R^k‖²/d = growth^(2k) exactly.
        assertEquals(Math.pow(growth, 2), curve[0], 1e-14);
        assertEquals(1, o.kStar());
        assertEquals(List.of("error rises after k* = 1: 2 directions grow by up to 1.30x per step"), o.warnings());
    }

    @Test
    void aSkillTheTargetNeedsButTrainingBarelyMovesStalls() {
        // Λ = diag(1000, 1000, 1e-12), n = 1, Σ = diag(1000, 1000, 1): for direction 3,
        // μ = 1/((1 + 1)·1e-12 + 2000) ≈ 5e-4 ≤ 1e-3: it stalls; directions 1–2 have μ = 1000/4000.
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(1000, 1000, 1e-12);
        SymmetricMatrix sigma = SymmetricMatrix.diagonal(1000, 1000, 1);
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, 1);
        double[] curve = CotError.infiniteM(p, sigma, 8);
        Overthinking o = Overthinking.of(p, sigma, curve);
        assertEquals(1, o.stalled());
        assertEquals(0, o.growing());
        Overthinking.Direction stall = o.directions().get(0);
        assertEquals(Overthinking.Kind.STALLS, stall.kind());
        assertEquals(1 / (2e-12 + 2000.000000000001), stall.re(), 1e-12);
        assertEquals(0.25, o.directions().get(1).re(), EIGEN_TOLERANCE);
        assertEquals(List.of("1 direction stalls (|mu| <= 0.001): skills the training mixture lacks; more steps"
                + " cannot reduce that part of the error"), o.warnings());
    }

    @Test
    void kStarIgnoresRoundingOnAPlateau() {
        assertEquals(2, Overthinking.kStar(new double[] {3, 2, 2, 2 * (1 + 1e-13)}));
        assertFalse(Overthinking.risesAfter(new double[] {3, 2, 2, 2 * (1 + 1e-13)}, 2));
        assertEquals(2, Overthinking.kStar(new double[] {3, 1, 2}));
        assertTrue(Overthinking.risesAfter(new double[] {3, 1, 2}, 2));
        assertEquals(1, Overthinking.kStar(new double[] {1, 2, 3}));
        assertEquals(1, Overthinking.kStar(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}));
        assertEquals(3, Overthinking.kStar(new double[] {1, 1e-300, 0, 0}));
    }

    @Test
    void growthBeyondTheHorizonIsAnnounced() {
        // One direction with μ = 2.02 (|1 − μ| = 1.02) and one with μ = 0.5: the shrinking one
        // dominates for small k, the growing one later.
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{2.02, 0}, {0, 0.5}});
        SymmetricMatrix sigma = SymmetricMatrix.diagonal(1, 1);
        double[] shortCurve = CotError.infiniteM(p, sigma, 1);
        Overthinking o = Overthinking.of(p, sigma, shortCurve);
        assertFalse(o.overthinking());
        assertEquals(List.of("no rise up to k = 1, but 1 direction grows by up to 1.02x per step: the error will"
                + " rise with longer CoT"), o.warnings());
        double[] longCurve = CotError.infiniteM(p, sigma, 10);
        Overthinking later = Overthinking.of(p, sigma, longCurve);
        assertTrue(later.overthinking());
        assertTrue(later.kStar() > 1 && later.kStar() < 10, "k* = " + later.kStar());
    }
}
