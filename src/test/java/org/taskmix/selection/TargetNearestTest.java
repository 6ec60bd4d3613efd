package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.selection.baseline.BaselineContext;
import org.taskmix.selection.baseline.TargetNearest;

/** The {@code target-nearest} baseline: the single most relevant task, registered once, kept feasible. */
class TargetNearestTest {

    @Test
    void picksTheMostRelevantTaskNotTheBestSingle() {
        // Σ = I, d = 2: relevance tr(Λ)/(‖Λ‖_F √2) is 1/√2 for a = diag(1, 0) and b = diag(0, 3) and
        // exactly 1 for c = 0.2 I; best-single ranks by ‖I − Λ‖_F² instead: a 1, b 5, c 1.28.
        Problem p = Fixtures.handDerived(WeightLimits.NONE);
        SelectionProblem sp = SelectionProblem.from(p, SelectionOptions.DEFAULT);
        Mixture m = new TargetNearest().mixture(new BaselineContext(p, sp)).orElseThrow();
        assertEquals("target-nearest", m.name());
        assertArrayEquals(new double[] {0, 0, 1}, m.weights());
        assertTrue(m.note().startsWith("task c alone"), m.note());
        Mixture best = Baselines.named("best-single").orElseThrow().mixture(new BaselineContext(p, sp)).orElseThrow();
        assertArrayEquals(new double[] {1, 0, 0}, best.weights());
    }

    @Test
    void isRegisteredOnceAndProjectedOntoTheLimits() {
        assertEquals(1, Baselines.names().stream().filter("target-nearest"::equals).count());
        // c may take at most 0.5: the vertex e_c is projected onto the limits (0.5 on c, the rest
        // split so the weights sum to 1), and the note says so.
        Problem p = Fixtures.handDerived(WeightLimits.NONE);
        List<org.taskmix.catalog.Task> tasks = new java.util.ArrayList<>(p.catalog().tasks());
        org.taskmix.catalog.Task c = tasks.get(2);
        tasks.set(2, new org.taskmix.catalog.Task(c.name(), c.group(), c.size(), c.promptLength(), c.covariance(),
                new WeightLimits(0, 0.5, null)));
        Problem limited = new Problem(p.name(), p.description(), new org.taskmix.catalog.Catalog(tasks), p.targets(),
                p.settings(), p.source());
        SelectionProblem sp = SelectionProblem.from(limited, SelectionOptions.DEFAULT);
        Mixture m = Baselines.of(limited, sp).stream().filter(x -> x.name().equals("target-nearest")).findFirst()
                .orElseThrow();
        assertEquals(0.5, m.weights()[2], 1e-12);
        assertEquals(1, m.weights()[0] + m.weights()[1] + m.weights()[2], 1e-12);
        assertTrue(m.note().contains("projected onto the weight limits"), m.note());
    }
}
