package org.taskmix.study.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.theory.ExactObjective;
import org.taskmix.validation.ProgressListener;

class TaskSelectionExperimentTest {

    /** Group totals are sums of at most 5 weights: exact to rounding. */
    private static final double SUM = 1e-12;

    private static final int[] KS = {1, 2, 4};

    private static Problem problem;
    private static TaskSelectionExperiment.Result result;

    @BeforeAll
    static void run() {
        // The paper's generator at d = 8, one task per type: 4 tasks, seconds to train all five mixtures.
        Generators.PaperTaskSelection base = Generators.PaperTaskSelection.defaults(8, 1, 7);
        problem = Generators.paperTaskSelection(new Generators.PaperTaskSelection(base.dimension(), 1, 7, base.floor(),
                base.shortSkills(), base.longSkills(), null, null, base.targetAlpha(),
                new Settings(16, 32, List.of(1, 2, 4), Tiny.TRAIN))).problem();
        result = TaskSelectionExperiment.run(problem, TaskSelectionExperiment.Config.of(problem, Tiny.SETTINGS)
                .withBudget(2), ProgressListener.NONE);
    }

    @Test
    void mixturesAreTheSelectedOnesAndTheBaselines() {
        assertEquals(List.of("surrogate", "exact-J2", "uniform", "easy-only", "hard-only"),
                result.mixtures().stream().map(TaskSelectionExperiment.Selected::name).toList());
        assertEquals(result.mixtures().stream().map(TaskSelectionExperiment.Selected::name).toList(),
                result.series().stream().map(Series::name).toList());
        assertArrayEquals(Selection.solve(problem, SelectionOptions.DEFAULT, null).result().weights().toArray(),
                result.mixtures().get(0).weights().toArray());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, result.mixtures().get(2).weights().toArray());
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, result.mixtures().get(3).weights().toArray());
        assertEquals(5 * KS.length, result.rows().size());
        assertEquals(2 * 3 * KS.length, result.comparisons().size());
    }

    @Test
    void groupWeightsAddUpAndOrderingIsTheirArgmaxAndArgmin() {
        for (TaskSelectionExperiment.Selected s : result.mixtures()) {
            double total = 0;
            for (int i = 0; i < problem.catalog().size(); i++) {
                // One task per group here, so each group holds exactly its task's weight.
                assertEquals(s.weights().get(i), s.group(problem.catalog().task(i).group()), SUM);
                total += s.weights().get(i);
            }
            assertEquals(1, total, 1e-9);
        }
        for (TaskSelectionExperiment.Ordering o : result.orderings()) {
            TaskSelectionExperiment.Selected s = result.mixtures().stream()
                    .filter(x -> x.name().equals(o.mixture())).findFirst().orElseThrow();
            for (TaskSelectionExperiment.GroupWeight g : s.groups()) {
                assertTrue(g.weight() <= s.group(o.heaviest()));
                assertTrue(g.weight() >= s.group(o.lightest()));
            }
            assertEquals(s.group("Hard-Short") + s.group("Hard-Long"), o.hardShare(), SUM);
            assertEquals(o.heaviest().equals("Hard-Long") && o.lightest().equals("Easy-Short"), o.paper());
        }
    }

    @Test
    void exactOptimumIsNoWorseThanTheSurrogateOnItsObjective() {
        ExactObjective j = new ExactObjective(problem, 2, OptionalInt.of(32), 16, ExactObjective.Sampling.DEFAULT);
        double surrogate = j.value(result.mixtures().get(0).weights().toArray());
        double exact = j.value(result.mixtures().get(1).weights().toArray());
        assertEquals(surrogate, result.mixtures().get(0).exact(), 0);
        assertEquals(exact, result.mixtures().get(1).exact(), 0);
        assertTrue(exact <= surrogate, exact + " > " + surrogate);
    }

    @Test
    void trainedUniformMixtureMatchesTheOneStepPrediction() {
        Series uniform = result.series().get(2);
        assertTrue(uniform.training().distanceToOptimum() < Tiny.MAX_DISTANCE, "" + uniform.training().distanceToOptimum());
        Row r = uniform.row(1);
        double half = (r.measuredHigh() - r.measuredLow()) / 2;
        assertEquals(r.predicted(), r.measured(), half + Tiny.TRAINED_SLACK * r.predicted());
    }

    @Test
    void comparisonsReadTheMeasuredRows() {
        for (TaskSelectionExperiment.Comparison c : result.comparisons()) {
            Series a = result.series().stream().filter(s -> s.name().equals(c.selected())).findFirst().orElseThrow();
            Series b = result.series().stream().filter(s -> s.name().equals(c.baseline())).findFirst().orElseThrow();
            assertEquals(a.measuredAt(c.k()), c.selectedError(), 0);
            assertEquals(b.measuredAt(c.k()), c.baselineError(), 0);
            assertEquals(c.selectedError() < c.baselineError(), c.lower());
        }
        assertTrue(result.verdict().stream().anyMatch(v -> v.contains("surrogate beats uniform")));
    }

    @Test
    void badBudgetIsRejected() {
        assertEquals("budget: value 0 must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new TaskSelectionExperiment.Config(KS, 0, OptionalInt.empty(), Tiny.SETTINGS)).getMessage());
    }
}
