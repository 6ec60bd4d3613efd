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

    @Test
    void extremesStandForTheSpectrumOnlyWhenBothAreOfOneKind() {
        Random rng = new Random(5);
        int d = 150;
        org.ejml.data.DMatrixRMaj s = Fixtures.randomSpd(d, 0.2, 1.5, rng).toEjml();
        double[] all = SymmetricMatrix.of(s).eigenvalues();
        double lo = java.util.Arrays.stream(all).min().orElseThrow();
        double hi = java.util.Arrays.stream(all).max().orElseThrow();
        List<Overthinking.Direction> two = ScalarTargetSpectrum.sameKindExtremes(s, 1.0);
        assertEquals(2, two.size());
        // Sorted fastest-growing first: |1 − μ| is largest at the smaller μ here (μ < 1 + ...).
        double[] found = two.stream().mapToDouble(Overthinking.Direction::re).sorted().toArray();
        assertEquals(lo, found[0], EIGENVALUE_TOLERANCE * hi);
        assertEquals(hi, found[1], EIGENVALUE_TOLERANCE * hi);
        // c·μ_max above 2 and c·μ_min below: some grow, some shrink, so the full spectrum must decide.
        assertEquals(null, ScalarTargetSpectrum.sameKindExtremes(s, 2.0 / hi * 1.01));
        // c·μ_min at or below the stall tolerance, c·μ_max above it: some stall, some shrink.
        assertEquals(null, ScalarTargetSpectrum.sameKindExtremes(s, 0.99 * Overthinking.STALL_TOLERANCE / lo));
        // Both extremes stall (or both grow): so do all d.
        List<Overthinking.Direction> stall = ScalarTargetSpectrum.sameKindExtremes(s,
                0.5 * Overthinking.STALL_TOLERANCE / hi);
        assertEquals(Overthinking.Kind.STALLS, stall.get(0).kind());
        Overthinking ot = Overthinking.of(stall, d, new double[] {1.0, 0.9});
        assertEquals(d, ot.stalled());
        assertEquals(0, ot.growing());
        List<Overthinking.Direction> grow = ScalarTargetSpectrum.sameKindExtremes(s, 3.0 / lo);
        assertEquals(d, Overthinking.of(grow, d, new double[] {1.0, 2.0}).growing());
    }

    /**
     * Where Lanczos stops short of its 1e-13 rule, the listed Ritz values are still within a
     * few 1e-8 (relative) of the extremes after 600 steps on this spectrum; 1e-6 leaves margin.
     */
    private static final double RITZ_TOLERANCE = 1e-6;

    /**
     * d = 1024 eigenvalues within 2%, bunched at both ends (arcsine-like spacing): Lanczos cannot
     * resolve either end to 1e-13 within its 600 steps, so Gershgorin's enclosure must decide.
     */
    private static double[] crowded(int d) {
        double[] mu = new double[d];
        for (int i = 0; i < d; i++) {
            double x = -1 + 2.0 * i / (d - 1);
            mu[i] = 1e-4 * (1 + 0.01 * (1 + Math.sin(Math.PI * x / 2)));
        }
        return mu;
    }

    @Test
    void aCrowdedSpectrumIsDecidedByGershgorinWhenLanczosFallsShort() {
        int d = 1024;
        double[] mu = crowded(d);
        org.ejml.data.DMatrixRMaj s = SymmetricMatrix.diagonal(mu).toEjml();
        org.taskmix.linalg.LanczosExtremes.Run run = org.taskmix.linalg.LanczosExtremes.run(s.data, d, 2);
        assertFalse(run.converged(), "the premise: Lanczos does not meet its rule here");
        // Diagonal: the discs are the eigenvalues, so [1e-4, 1.02e-4] stalls at c = 1 (all below 1e-3).
        List<Overthinking.Direction> two = ScalarTargetSpectrum.sameKindExtremes(s, 1.0);
        assertEquals(2, two.size());
        assertEquals(Overthinking.Kind.STALLS, two.get(0).kind());
        assertEquals(Overthinking.Kind.STALLS, two.get(1).kind());
        double[] found = two.stream().mapToDouble(Overthinking.Direction::re).sorted().toArray();
        assertEquals(mu[0], found[0], RITZ_TOLERANCE * mu[0]);
        assertEquals(mu[d - 1], found[1], RITZ_TOLERANCE * mu[d - 1]);
        // c puts the stall threshold inside the spectrum: some stall, some shrink; no proof.
        assertEquals(null, ScalarTargetSpectrum.sameKindExtremes(s, Overthinking.STALL_TOLERANCE / 1.01e-4));
        // Rotated, the same spectrum has wide discs (off-diagonal mass): at a c that stalls every
        // eigenvalue but not the enclosure's top, nothing is proved and the full spectrum decides.
        org.ejml.data.DMatrixRMaj q = org.taskmix.linalg.RandomOrthogonal.haar(d, 3);
        org.ejml.data.DMatrixRMaj qd = new org.ejml.data.DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.mult(q, s, qd);
        org.ejml.data.DMatrixRMaj rotated = new org.ejml.data.DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(qd, q, rotated);
        SymmetricMatrix.symmetriseInPlace(rotated.data, d);
        double[] disc = org.taskmix.linalg.Gershgorin.bounds(rotated.data, d);
        double c = Overthinking.STALL_TOLERANCE / (0.5 * (mu[d - 1] + disc[1]));
        assertTrue(c * mu[d - 1] < Overthinking.STALL_TOLERANCE && c * disc[1] > Overthinking.STALL_TOLERANCE);
        assertEquals(null, ScalarTargetSpectrum.sameKindExtremes(rotated, c));
    }

    @Test
    void aNearlySingularSpectrumStillGoesToTheFullSpectrum() {
        // Both runs converge but μ_min < 1e-9·μ_max: the extremes cannot stand for rank and support,
        // and Gershgorin's rescue is only for runs that reached their step limit.
        int d = 1024;
        double[] mu = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = 1e-4 * (i + 1) / d;
        }
        mu[0] = 1e-15;
        org.ejml.data.DMatrixRMaj s = SymmetricMatrix.diagonal(mu).toEjml();
        org.taskmix.linalg.LanczosExtremes.Run run = org.taskmix.linalg.LanczosExtremes.run(s.data, d, 2);
        assertFalse(run.converged());
        assertFalse(Double.isNaN(run.min()) || Double.isNaN(run.max()), "the premise: both runs converged");
        assertEquals(null, ScalarTargetSpectrum.sameKindExtremes(s, 1.0));
    }
}
