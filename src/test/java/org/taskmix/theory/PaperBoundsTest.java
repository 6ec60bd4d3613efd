package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.SymmetricMatrix;

class PaperBoundsTest {

    /**
     * The scaling law is tight for an isotropic task (every direction attains the worst factor),
     * so prediction and bound can coincide; 1e-12 relative absorbs the prediction's rounding.
     */
    private static final double SLACK = 1e-12;

    @Test
    void handValues() {
        SymmetricMatrix lambda = SymmetricMatrix.diagonal(1, 2, 3);
        assertEquals(6.0, PaperBounds.hardness(lambda));
        // d (1 + n/(1 + H))^(−2k) with d = 3, n = 7, H = 6, k = 1: 3 · 2^(−2).
        assertEquals(0.75, PaperBounds.scalingLaw(3, 7, 6, 1));
        assertEquals(0.25, PaperBounds.scalingLawPerDimension(7, 6, 1));
        assertEquals(3 * Math.pow(2, -6), PaperBounds.scalingLaw(3, 7, 6, 3));
        // (d/n²)(1 + H)² + (d/m)(1 + H) with d = 3, n = 7, m = 14, H = 6: 3 + 1.5.
        assertEquals(4.5, PaperBounds.oneStep(3, 7, OptionalInt.of(14), 6));
        assertEquals(1.5, PaperBounds.oneStepPerDimension(7, OptionalInt.of(14), 6));
        assertEquals(3.0, PaperBounds.oneStep(3, 7, OptionalInt.empty(), 6));
        assertEquals(Double.POSITIVE_INFINITY, PaperBounds.hardness(SymmetricMatrix.diagonal(1, 0)));
    }

    @Test
    void scalingLawHoldsAtInfiniteMOnRandomTasks() {
        Random rng = new Random(17);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            int d = 2 + rng.nextInt(12);
            SymmetricMatrix lambda = Fixtures.randomSpd(d, Math.pow(10, -3 * rng.nextDouble()), 1 + 5 * rng.nextDouble(), rng);
            int n = 1 + rng.nextInt(60);
            double hard = PaperBounds.hardness(lambda);
            double[] curve = CotError.infiniteM(Preconditioner.ofSingle(lambda, n), lambda, 20);
            for (int k = 1; k <= 20; k++) {
                double bound = PaperBounds.scalingLawPerDimension(n, hard, k);
                assertTrue(curve[k - 1] <= bound * (1 + SLACK), "d=" + d + " n=" + n + " k=" + k + ": "
                        + curve[k - 1] + " > " + bound);
                assertEquals(d * bound, PaperBounds.scalingLaw(d, n, hard, k), 1e-15 * d * bound);
                checked++;
            }
        }
        assertEquals(800, checked);
    }

    @Test
    void scalingLawIsAttainedByAnIsotropicTask() {
        // Λ = I: Hard = d and every direction has the factor 1/(1 + n/(1 + d)): equality.
        int d = 4;
        int n = 10;
        SymmetricMatrix lambda = SymmetricMatrix.identity(d);
        double[] curve = CotError.infiniteM(Preconditioner.ofSingle(lambda, n), lambda, 5);
        for (int k = 1; k <= 5; k++) {
            assertEquals(PaperBounds.scalingLawPerDimension(n, d, k), curve[k - 1], 1e-14);
        }
    }

    @Test
    void oneStepBoundHoldsAtFiniteMOnRandomTasks() {
        Random rng = new Random(23);
        for (int trial = 0; trial < 40; trial++) {
            int d = 2 + rng.nextInt(12);
            SymmetricMatrix lambda = Fixtures.randomSpd(d, 0.01, 3, rng);
            int n = 1 + rng.nextInt(60);
            int m = 1 + rng.nextInt(100);
            DMatrixRMaj p = Preconditioner.ofSingle(lambda, n);
            double hard = PaperBounds.hardness(lambda);
            double exact = CotError.oneStepFiniteM(p, lambda, m);
            assertTrue(exact <= PaperBounds.oneStepPerDimension(n, OptionalInt.of(m), hard),
                    "d=" + d + " n=" + n + " m=" + m);
        }
    }

    @Test
    void tradeOffFromTheBoundInvertsItExactly() {
        // H = 6, ε = 1/16: (1 + n/7)^(−2k) ≤ 1/16. k = 2 needs n ≥ 7; n = 7 needs k ≥ 2.
        assertEquals(OptionalInt.of(7), PaperBounds.shortestContext(1.0 / 16, 6, 2, 1000));
        assertEquals(OptionalInt.of(2), PaperBounds.fewestSteps(1.0 / 16, 6, 7, 100));
        assertEquals(OptionalInt.of(1), PaperBounds.shortestContext(2.0, 6, 1, 10));
        assertEquals(OptionalInt.empty(), PaperBounds.shortestContext(1e-12, 6, 1, 10));
        assertEquals(OptionalInt.empty(), PaperBounds.fewestSteps(1e-12, 1e6, 1, 10));
        Random rng = new Random(31);
        for (int trial = 0; trial < 200; trial++) {
            double eps = Math.pow(10, -6 * rng.nextDouble());
            double hard = 1 + 200 * rng.nextDouble();
            int k = 1 + rng.nextInt(32);
            OptionalInt n = PaperBounds.shortestContext(eps, hard, k, 1_000_000);
            assertTrue(n.isPresent());
            assertTrue(PaperBounds.scalingLawPerDimension(n.getAsInt(), hard, k) <= eps);
            if (n.getAsInt() > 1) {
                assertTrue(PaperBounds.scalingLawPerDimension(n.getAsInt() - 1, hard, k) > eps);
            }
            int nn = 1 + rng.nextInt(200);
            OptionalInt kk = PaperBounds.fewestSteps(eps, hard, nn, 1_000_000);
            assertTrue(kk.isPresent());
            assertTrue(PaperBounds.scalingLawPerDimension(nn, hard, kk.getAsInt()) <= eps);
            if (kk.getAsInt() > 1) {
                assertTrue(PaperBounds.scalingLawPerDimension(nn, hard, kk.getAsInt() - 1) > eps);
            }
        }
    }

    @Test
    void moreStepsAllowAShorterContextAndTheExactCurveNeedsNoMoreThanTheBound() {
        SymmetricMatrix lambda = Fixtures.withSpectrum(Fixtures.powerLaw(8, 0.8), new Random(5));
        double eps = 1e-3;
        double hard = PaperBounds.hardness(lambda);
        TradeOff bound = TradeOff.fromBound(eps, hard, 16, 400);
        TradeOff exact = TradeOff.exact(lambda, lambda, eps, 16, 400);
        int previousBound = Integer.MAX_VALUE;
        int previousExact = Integer.MAX_VALUE;
        for (int k = 1; k <= 16; k++) {
            TradeOff.ContextForSteps b = bound.contextForSteps().get(k - 1);
            TradeOff.ContextForSteps e = exact.contextForSteps().get(k - 1);
            assertEquals(k, b.k());
            if (b.shortestN().isPresent()) {
                assertTrue(e.shortestN().isPresent(), "exact error is below the bound, so it reaches eps too");
                assertTrue(e.shortestN().getAsInt() <= b.shortestN().getAsInt());
                assertTrue(b.shortestN().getAsInt() <= previousBound);
                previousBound = b.shortestN().getAsInt();
            }
            if (e.shortestN().isPresent()) {
                assertTrue(e.shortestN().getAsInt() <= previousExact);
                previousExact = e.shortestN().getAsInt();
            }
        }
        assertTrue(bound.contextForSteps().get(15).shortestN().getAsInt()
                < bound.contextForSteps().get(0).shortestN().orElse(401), "16 steps need less context than 1");
        for (TradeOff.StepsForContext s : exact.stepsForContext()) {
            OptionalInt fromBound = bound.stepsForContext().get(s.n() - 1).fewestK();
            if (fromBound.isPresent()) {
                assertTrue(s.fewestK().isPresent() && s.fewestK().getAsInt() <= fromBound.getAsInt());
            }
        }
        assertEquals(TradeOff.EXACT, exact.basis());
        assertFalse(bound.stepsForContext().isEmpty());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("n: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> PaperBounds.scalingLawPerDimension(0, 3, 1)).getMessage());
        assertEquals("k: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> PaperBounds.scalingLawPerDimension(3, 3, 0)).getMessage());
        assertEquals("m: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> PaperBounds.oneStepPerDimension(3, OptionalInt.of(0), 3)).getMessage());
        assertEquals("epsilon: value 0.0 must be finite and > 0", assertThrows(IllegalArgumentException.class,
                () -> PaperBounds.fewestSteps(0, 3, 1, 10)).getMessage());
    }
}
