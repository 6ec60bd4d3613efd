package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RecommendationTest {

    /** Sums of a few hundred values agree with the direct difference to this relative error. */
    private static final double ROUNDING = 1e-12;

    @Test
    void exactCandidatesRankByErrorAndHaveNoInterval() {
        Recommendation r = Recommendation.of(List.of(Recommendation.Candidate.exact("uniform", 0.5),
                Recommendation.Candidate.exact("surrogate", 377.0), Recommendation.Candidate.exact("exact", 0.3),
                Recommendation.Candidate.exact("easy-only", Double.NaN)), 8, OptionalLong.empty(), 1);
        assertEquals("exact", r.best().name());
        assertEquals(List.of("exact", "uniform", "surrogate"), r.ranking().stream().map(Recommendation.Candidate::name).toList());
        assertEquals(List.of("easy-only"), r.unranked());
        assertEquals("uniform", r.overRunnerUp().other().name());
        assertEquals(Recommendation.Kind.EXACT, r.overRunnerUp().kind());
        assertEquals(0.2, r.overRunnerUp().difference(), 1e-15);
        assertEquals(r.overRunnerUp().difference(), r.overRunnerUp().low());
        assertEquals(r.overRunnerUp().difference(), r.overRunnerUp().high());
        assertEquals(0.4, r.overRunnerUp().relative(), 1e-15);
        // uniform is also the runner-up: the reference margin is the same comparison.
        assertEquals(r.overRunnerUp(), r.overReference());
    }

    @Test
    void whenUniformIsBestThereIsNoReferenceMargin() {
        Recommendation r = Recommendation.of(List.of(Recommendation.Candidate.exact("uniform", 0.1),
                Recommendation.Candidate.exact("other", 0.2)), 4, OptionalLong.empty(), 1);
        assertEquals("uniform", r.best().name());
        assertNull(r.overReference());
        assertEquals("other", r.overRunnerUp().other().name());
    }

    @Test
    void oneCandidateHasNoMargins() {
        Recommendation r = Recommendation.of(List.of(Recommendation.Candidate.exact("only", 1)), 1,
                OptionalLong.empty(), 1);
        assertNull(r.overRunnerUp());
        assertNull(r.overReference());
    }

    @Test
    void pairedDifferencesOnCommonPromptsGiveANarrowIntervalAroundTheMeanDifference() {
        // Two mixtures on the same 400 heavy-tailed prompts: b = a + 0.05 + small noise. The
        // prompt-to-prompt spread (sd about 1) is shared, so the paired interval is narrow while
        // the unpaired one (from the two separate intervals) is wide.
        SplittableRandom rng = new SplittableRandom(3);
        int n = 400;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = -Math.log(rng.nextDouble()) * 0.5;
            b[i] = a[i] + 0.05 + 0.01 * rng.nextGaussian();
        }
        ErrorSummary sa = ErrorSummary.of(a, 1);
        ErrorSummary sb = ErrorSummary.of(b, 1);
        Recommendation.Candidate ca = new Recommendation.Candidate("a", sa.mean(), sa.ciLow(), sa.ciHigh(), false, a, 9);
        Recommendation.Candidate cb = new Recommendation.Candidate("uniform", sb.mean(), sb.ciLow(), sb.ciHigh(), false, b, 9);
        Recommendation r = Recommendation.of(List.of(cb, ca), 8, OptionalLong.of(100), 5);
        Recommendation.Margin mg = r.overReference();
        assertEquals("a", r.best().name());
        assertEquals(Recommendation.Kind.PAIRED, mg.kind());
        assertEquals(n, mg.prompts());
        assertEquals(sb.mean() - sa.mean(), mg.difference(), ROUNDING);
        assertTrue(mg.low() > 0.045 && mg.high() < 0.055, "paired interval [" + mg.low() + ", " + mg.high() + "]");
        assertTrue(mg.clear());

        // Different prompt seeds: no pairing, and the interval from the two intervals straddles 0.
        Recommendation.Candidate other = new Recommendation.Candidate("uniform", sb.mean(), sb.ciLow(), sb.ciHigh(),
                false, b, 10);
        Recommendation.Margin un = Recommendation.of(List.of(other, ca), 8, OptionalLong.of(100), 5).overReference();
        assertEquals(Recommendation.Kind.UNPAIRED, un.kind());
        assertEquals(sb.ciLow() - sa.ciHigh(), un.low());
        assertEquals(sb.ciHigh() - sa.ciLow(), un.high());
        assertFalse(un.clear(), "unpaired interval [" + un.low() + ", " + un.high() + "] should include 0");
    }

    @Test
    void pairedBootstrapIsSeededAndCoversTheTrueDifference() {
        double[] d = new double[200];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + rng.nextGaussian();
        }
        double[] x = Recommendation.bootstrapMean(d, 4);
        double[] y = Recommendation.bootstrapMean(d, 4);
        assertEquals(x[0], y[0]);
        assertEquals(x[1], y[1]);
        // sd 1 over 200 prompts: half-width about 1.96/sqrt(200) = 0.139.
        assertTrue(x[1] - x[0] > 0.2 && x[1] - x[0] < 0.35, "width " + (x[1] - x[0]));
        assertTrue(x[0] < 1 && x[1] > 1);
    }

    @Test
    void nonFiniteDifferencesFallBackToTheUnpairedInterval() {
        double[] a = {0.1, 0.2, 0.3};
        double[] b = {1, Double.POSITIVE_INFINITY, 2};
        Recommendation.Candidate ca = new Recommendation.Candidate("a", 0.2, 0.1, 0.3, false, a, 1);
        Recommendation.Candidate cb = new Recommendation.Candidate("b", 1e300, 1, Double.POSITIVE_INFINITY, false, b, 1);
        Recommendation.Margin mg = Recommendation.of(List.of(ca, cb), 2, OptionalLong.of(10), 1).overRunnerUp();
        assertEquals(Recommendation.Kind.UNPAIRED, mg.kind());
        assertEquals(Double.POSITIVE_INFINITY, mg.high());
    }

    @Test
    void refusesEmptyAndDuplicateCandidates() {
        assertThrows(IllegalArgumentException.class, () -> Recommendation.of(
                List.of(Recommendation.Candidate.exact("a", Double.NaN)), 1, OptionalLong.empty(), 1));
        assertThrows(IllegalArgumentException.class, () -> Recommendation.of(List.of(
                Recommendation.Candidate.exact("a", 1), Recommendation.Candidate.exact("a", 2)), 1, OptionalLong.empty(), 1));
    }

    @Test
    void promptErrorsOfAPredictionAverageToItsMonteCarloMean() {
        org.taskmix.catalog.Problem p = Fixtures.paperLike(6, 1, 8, 16, 40, 3);
        double[] w = new double[p.catalog().size()];
        java.util.Arrays.fill(w, 1.0 / w.length);
        Prediction pr = Prediction.of(p, w, new Prediction.Settings(new int[] {1, 2, 4}, java.util.OptionalInt.of(40),
                64, 7, p.settings().n(), false));
        double[] e = Recommendation.promptErrors(pr, 4);
        double s = 0;
        for (double v : e) {
            s += v;
        }
        assertEquals(64, e.length);
        assertEquals(pr.curve().get(2).error(), s / e.length, 1e-12 * Math.abs(s / e.length));
        Recommendation.Candidate c = Recommendation.Candidate.of("u", pr, 4);
        assertFalse(c.exact());
        assertEquals(7, c.promptSeed());
        assertTrue(Recommendation.Candidate.of("u", pr, 1).exact(), "k = 1 at finite m is the exact formula");
    }
}
