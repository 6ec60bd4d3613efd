package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.linalg.Dots;

/**
 * The passes a solve shares (Gram entries, the sum of squares, the last evaluation) give every
 * number the bits of the computations they replace.
 */
class SharedPassesTest {

    private static void assertSameBits(double expected, double actual, String what) {
        ColumnGramTest.assertSameBits(expected, actual, what);
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertSameBits(expected[i], actual[i], what + " [" + i + "]");
        }
    }

    private static void assertSameResult(SelectionResult x, SelectionResult y) {
        assertEquals(x.status(), y.status());
        assertSameBits(x.weights().toArray(), y.weights().toArray(), "weights");
        assertSameBits(x.objective(), y.objective(), "objective");
        assertSameBits(x.targetObjectives().toArray(), y.targetObjectives().toArray(), "target objectives");
        Certificate c = x.certificate();
        Certificate d = y.certificate();
        assertSameBits(new double[] {c.objective(), c.gap(), c.lowerBound(), c.primalResidual(), c.boundViolation(),
            c.kktResidual(), c.multiplier(), c.gradientScale()}, new double[] {d.objective(), d.gap(), d.lowerBound(),
            d.primalResidual(), d.boundViolation(), d.kktResidual(), d.multiplier(), d.gradientScale()}, "certificate");
        assertSameBits(c.targetWeights(), d.targetWeights(), "certificate's target weights");
        assertEquals(x.iterations(), y.iterations());
        assertEquals(x.backendStatus(), y.backendStatus());
        assertEquals(x.message(), y.message());
    }

    @Test
    void theActiveSetMethodGivesTheSameBitsWithAndWithoutGramEntries() {
        for (int t : new int[] {3, 8, 17}) {
            SelectionProblem plain = RandomSelectionProblems.problem(t, 5, t);
            SelectionProblem withGram = RandomSelectionProblems.problem(t, 5, t);
            assertNull(withGram.gramIfFormed());
            assertNotNull(withGram.gram());
            ActiveSetSolver solver = new ActiveSetSolver("as", Tolerances.DEFAULT, 1_000_000, 60, 10_000);
            assertSameResult(solver.solve(plain), solver.solve(withGram));
            double[] warm = plain.bounds().feasiblePoint();
            assertSameResult(solver.solve(plain, warm), solver.solve(withGram, warm));
        }
    }

    @Test
    void gramEntriesAreThoseOfTheProblemsColumns() {
        SelectionProblem p = RandomSelectionProblems.problem(2, 6, 9);
        ColumnGram g = p.gram();
        assertSame(g, p.gram());
        double[] a = p.matrix();
        double[] b = p.target();
        int m = p.rows();
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < p.size(); j++) {
                assertSameBits(Dots.dot2(a, i * m, a, j * m, m), g.dot2(i, j), "dot2");
                assertSameBits(Dots.dot4(a, j * m, a, i * m, m), g.dot4(i, j), "dot4");
            }
            assertSameBits(Dots.dot4(a, i * m, b, 0, m), g.dot4Target(i), "target");
        }
    }

    @Test
    void sumOfSquaresIsTheSequentialSum() {
        SelectionProblem p = RandomSelectionProblems.problem(4, 7, 11);
        double[] a = p.matrix();
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        assertSameBits(s, p.sumOfSquares(), "sum of squares");
        assertSameBits(s, p.sumOfSquares(), "sum of squares, again");
    }

    @Test
    void evaluationsHaveTheBitsOfFreshPasses() {
        SelectionProblem p = RandomSelectionProblems.problem(5, 5, 7);
        double[] x = p.bounds().feasiblePoint();
        double[] y = x.clone();
        y[0] += 1e-3;
        y[1] -= 1e-3;
        for (double[] pi : List.of(x, y, x)) {
            double[] r = new double[p.rows()];
            p.residual(pi, r);
            double[] values = p.blockValues(r);
            double[] g = new double[p.size()];
            p.gradient(pi, r, null, g);
            Evaluation e = p.evaluate(pi, null);
            assertSameBits(r, e.residualUnsafe(), "residual");
            assertSameBits(values, e.blockValues(), "block values");
            assertSameBits(g, e.gradientUnsafe(), "gradient");
            assertSameBits(p.combine(values) + p.priorValue(pi), p.objective(pi), "objective");
            double[] per = values.clone();
            for (int k = 0; k < per.length; k++) {
                per[k] /= p.blocks().get(k).scale();
            }
            assertSameBits(per, p.targetObjectives(pi), "target objectives");
        }
        // The same bits of the weights find the evaluation; other bits make a new one.
        Evaluation e = p.evaluate(y, null);
        assertSame(e, p.evaluate(y.clone(), null));
        double[] z = y.clone();
        z[2] = Math.nextUp(z[2]);
        assertEquals(false, p.evaluate(z, null) == e);
    }
}
