package org.taskmix.study.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.taskmix.theory.Overthinking;
import org.taskmix.validation.ProgressListener;

class OverthinkingExperimentTest {

    /** Eigenvalues from a non-symmetric eigensolver on a diagonal 4×4 matrix: exact to rounding. */
    private static final double EIGEN = 1e-10;

    private static final int[] NS = {10, 30};
    private static final int K_MAX = 4;
    private static final double[] IDENTITY = {1, 1, 1, 1};

    private static OverthinkingExperiment.Result result;

    @BeforeAll
    static void run() {
        result = OverthinkingExperiment.run(Tiny.singleTask("ot", IDENTITY),
                new OverthinkingExperiment.Config(NS, K_MAX, Tiny.SETTINGS), ProgressListener.NONE);
    }

    @Test
    void everyKIsATableRow() {
        assertEquals(NS.length * K_MAX, result.rows().size());
        for (Series s : result.series()) {
            assertEquals(List.of(1, 2, 3, 4), s.rows().stream().map(Row::k).toList());
        }
    }

    @Test
    void infiniteMTheoryMatchesTheHandFormulaAndRisesForLargeN() {
        double[] l = Tiny.harmonic();
        for (Series s : result.series()) {
            double[] inf = s.mInfinity();
            for (int k = 1; k <= K_MAX; k++) {
                assertEquals(Tiny.infiniteM(l, IDENTITY, s.n(), k), inf[k - 1], 1e-12 * inf[k - 1]);
            }
        }
        // n = 30: the weakest skill has |1 − μ| ≈ 2.06 and dominates from k = 1, so the error rises
        // at every step.
        double[] inf30 = result.series().get(1).mInfinity();
        for (int k = 2; k <= K_MAX; k++) {
            assertTrue(inf30[k - 1] > inf30[k - 2], "n=30 k=" + k);
        }
        // n = 10 at d = 4: |1 − μ| = 0.24, 0.32, 0.74, 1.07, so the shrinking directions win at
        // first: (0.058 + 0.10 + 0.55 + 1.15)/4 = 0.46 at k = 1, 0.41 at k = 2, a dip before the rise.
        assertTrue(Tiny.infiniteM(l, IDENTITY, 10, 2) < Tiny.infiniteM(l, IDENTITY, 10, 1));
        assertEquals(false, result.checks().theoryRisesFromK1());
        assertTrue(result.series().get(0).overthinking().maxGrowth() > 1);
    }

    @Test
    void muAreTheEigenvaluesOfGammaInverse() {
        // Σ = I and Λ diagonal: μ_i = 1/γ_i, real.
        for (Series s : result.series()) {
            double[] g = Tiny.gamma(Tiny.harmonic(), s.n());
            double[] expected = Arrays.stream(g).map(x -> 1 / x).sorted().toArray();
            double[] got = s.overthinking().directions().stream().mapToDouble(Overthinking.Direction::re).sorted().toArray();
            assertArrayEquals(expected, got, EIGEN);
            long growing = Arrays.stream(expected).filter(mu -> Math.abs(1 - mu) > 1).count();
            assertEquals(growing, s.overthinking().growing());
        }
        OverthinkingExperiment.PerN p = result.checks().perN().get(1);
        double[] g = Tiny.gamma(Tiny.harmonic(), 30);
        assertEquals(1 / g[3], p.muMax(), EIGEN);
        assertEquals(Math.pow(1 / g[3] - 1, 2), p.asymptoticGrowth(), EIGEN);
    }

    @Test
    void measuredMatchesTheOneStepFormulaAndGrowsFasterForLargerN() {
        for (Series s : result.series()) {
            assertTrue(s.training().distanceToOptimum() < Tiny.MAX_DISTANCE, s.name());
            Row r = s.row(1);
            assertEquals(Tiny.oneStep(Tiny.harmonic(), IDENTITY, s.n(), Tiny.M), r.predicted(), 1e-12);
            double half = (r.measuredHigh() - r.measuredLow()) / 2;
            assertEquals(r.predicted(), r.measured(), half + Tiny.TRAINED_SLACK * r.predicted(), s.name());
        }
        OverthinkingExperiment.Checks c = result.checks();
        // n = 30 has |1 − μ| ≈ 2.06 on the weakest skill, n = 10 only ≈ 1.07: the measured error
        // must rise, and faster for n = 30.
        assertTrue(c.perN().get(1).rises());
        assertTrue(c.fastestForLargestN());
        assertTrue(c.fastestTheory());
        for (OverthinkingExperiment.PerN p : c.perN()) {
            Series s = result.series().get(c.perN().indexOf(p));
            assertEquals(s.measuredAt(2) / s.measuredAt(1), p.ratio21(), 0);
            assertEquals(p.ratio21() <= OverthinkingExperiment.FLAT_FACTOR
                    && p.ratio21() >= 1 / OverthinkingExperiment.FLAT_FACTOR, p.flatToK2());
            assertEquals(Math.pow(s.measuredAt(K_MAX) / s.measuredAt(1), 1.0 / (K_MAX - 1)), p.growthMeasured(), 1e-12);
        }
        assertTrue(result.verdict().get(2).startsWith("AGREES - it rises fastest"), result.verdict().get(2));
    }

    @Test
    void badConfigurationsAreRejectedWithTheirRule() {
        assertEquals("kMax: value 1 must lie in [2, 4096] (the checks compare k = 1 and k = 2)",
                assertThrows(IllegalArgumentException.class,
                        () -> new OverthinkingExperiment.Config(NS, 1, Tiny.SETTINGS)).getMessage());
        assertEquals("ns[0]: value 0 must lie in [1, 2147483647]",
                assertThrows(IllegalArgumentException.class,
                        () -> new OverthinkingExperiment.Config(new int[] {0, 5}, 4, Tiny.SETTINGS)).getMessage());
    }
}
