package org.taskmix.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.io.ProblemReader;
import org.taskmix.selection.Mixture;
import org.taskmix.theory.ExactSelection;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.ProgressListener;

/** The study engine on problems/tiny.json: every evaluation asked for, none that was not. */
class StudyTest {

    /** Agreement of J_K evaluated twice on the same weights (closed form at m = inf: exact up to rounding). */
    static final double SAME = 1e-12;

    @Test
    void scoresTheExactObjectiveOfEveryMixtureAndTheMinimiserIsNoWorse() {
        Problem p = ProblemReader.read(Path.of("problems/tiny.json"));
        MixtureResolver r = MixtureResolver.of(p, false);
        MixtureSpec.Exact exact = (MixtureSpec.Exact) MixtureSpec.parse("exact:2@inf");
        List<Mixture> ms = r.resolveAll(List.of(MixtureSpec.SURROGATE, exact, MixtureSpec.parse("uniform")));
        Study.Options o = Study.Options.of(p).withExact(exact);
        List<Study.Entry> es = Study.run(p, r.program(), ms, o, ProgressListener.NONE);
        ExactSelection.Result min = r.exactResults().get("exact:2@inf");
        assertEquals(min.atResult().exact(), es.get(1).exactObjective(), SAME * Math.abs(min.atResult().exact()));
        assertEquals(min.atStart().exact(), es.get(0).exactObjective(), SAME * Math.abs(min.atStart().exact()));
        assertTrue(es.get(1).exactObjective() <= es.get(0).exactObjective(), "the minimiser starts at the surrogate");
        for (Study.Entry e : es) {
            assertNull(e.validation(), "no training asked for");
            assertEquals(p.settings().kMax(), e.prediction().curve().size());
            assertEquals(r.program().objective(e.mixture().weights()), e.surrogateObjective());
        }
        // Without the exact evaluation the field is NaN, not a number that could be misread.
        assertTrue(Double.isNaN(Study.run(p, r.program(), ms, Study.Options.of(p), ProgressListener.NONE).get(0)
                .exactObjective()));
    }

    @Test
    void refusesToMeasureAtInfiniteM() {
        Problem p = ProblemReader.read(Path.of("problems/tiny.json"));
        Study.Options o = Study.Options.of(p);
        assertThrows(IllegalArgumentException.class, () -> new Study.Options(o.kMax(), TestLength.INFINITE, o.samples(),
                o.seed(), true, o.train(), 1, null));
    }

    @Test
    void predictsAnArbitraryListOfCotLengthsAtAStatedNExactlyAsTheTheoryDoes() {
        Problem p = ProblemReader.read(Path.of("problems/tiny.json"));
        Mixture uniform = MixtureResolver.of(p, false).resolve("--mixture", MixtureSpec.parse("uniform"));
        int n = p.settings().n() + 7;
        Study.Options o = Study.Options.of(p).withKs(1, 3, 7).withN(n);
        Study.Entry e = Study.run(p, null, List.of(uniform), o, ProgressListener.NONE).get(0);
        Prediction direct = Prediction.of(p, uniform.weights(), new Prediction.Settings(new int[] {1, 3, 7},
                o.m().value(), o.samples(), o.seed(), n, false));
        assertEquals(List.of(1, 3, 7), e.prediction().curve().stream().map(Prediction.Point::k).toList());
        assertEquals(n, e.prediction().settings().n());
        for (int i = 0; i < 3; i++) {
            // Same seed, same samples: the engine adds nothing to the theory's numbers.
            assertEquals(direct.curve().get(i).error(), e.prediction().curve().get(i).error());
        }
        assertEquals(7, e.prediction().mInfinity().length, "the m = inf curve covers k = 1..max k");
        assertTrue(Double.isNaN(e.surrogateObjective()), "no program, no surrogate objective");
    }

    @Test
    void refusesAnUnorderedOrEmptyListOfCotLengths() {
        Problem p = ProblemReader.read(Path.of("problems/tiny.json"));
        Study.Options o = Study.Options.of(p);
        assertThrows(IllegalArgumentException.class, () -> o.withKs(3, 1));
        assertThrows(IllegalArgumentException.class, () -> o.withKs());
        assertThrows(IllegalArgumentException.class, () -> o.withN(0));
    }

    @Test
    void mixturesWithTheSameWeightsArePredictedOnce() {
        List<Mixture> mixtures = List.of(new Mixture("uniform", new double[] {0.5, 0.5}, ""),
                new Mixture("a", new double[] {1, 0}, ""), new Mixture("size", new double[] {0.5, 0.5}, ""),
                new Mixture("b", new double[] {1, 0}, ""), new Mixture("c", new double[] {0.5, 0.5000000001}, ""));
        assertEquals(List.of(0, 1, 0, 1, 4), java.util.Arrays.stream(Study.firstWithSameWeights(mixtures)).boxed()
                .toList());
    }
}
