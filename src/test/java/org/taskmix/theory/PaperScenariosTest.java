package org.taskmix.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;

/**
 * The paper's two LSA experiments as predictions (docs/theory.md §11), built from catalog types. Prints
 * the curves so the numbers can be reported.
 */
class PaperScenariosTest {

    private static final int[] NS = {10, 20, 30};
    private static final int[] KS = {1, 2, 4, 8, 16};

    @Test
    void overthinkingErrorRisesWithKAndFasterForLargerN() {
        int d = 20;
        double[][] curves = new double[NS.length][];
        for (int i = 0; i < NS.length; i++) {
            Problem problem = Fixtures.overthinking(d, NS[i]);
            Prediction p = Prediction.of(problem, new double[] {1},
                    new Prediction.Settings(KS, OptionalInt.empty(), 2, 1, NS[i], false));
            curves[i] = p.mInfinity();
            print("overthinking d=20 n=" + NS[i] + " (m=inf)", curves[i]);
            for (int k = 2; k <= 16; k++) {
                assertTrue(curves[i][k - 1] > curves[i][k - 2], "n=" + NS[i] + ": error must rise at k=" + k);
            }
            assertEquals(1, p.kStar());
            assertTrue(p.overthinking());
            assertTrue(p.warnings().get(0).startsWith("error rises after k* = 1: "), p.warnings().get(0));
            assertTrue(p.targets().get(0).overthinking().growing() > 0);
        }
        for (int i = 1; i < NS.length; i++) {
            for (int k = 1; k <= 16; k++) {
                assertTrue(curves[i][k - 1] > curves[i - 1][k - 1], "larger n is worse at k=" + k);
            }
            double rate = Math.log(curves[i][15] / curves[i][0]);
            double previous = Math.log(curves[i - 1][15] / curves[i - 1][0]);
            assertTrue(rate > previous, "rises faster for n=" + NS[i] + " than n=" + NS[i - 1]);
        }
    }

    @Test
    void overthinkingAlsoAtFiniteM() {
        Problem problem = Fixtures.overthinking(20, 30);
        Prediction p = Prediction.of(problem, new double[] {1},
                new Prediction.Settings(KS, OptionalInt.of(40), 400, 7, 30, true));
        double[] e = p.curve().stream().mapToDouble(Prediction.Point::error).toArray();
        StringBuilder sb = new StringBuilder("overthinking d=20 n=30 m=40 (k=1 exact, k>1 MC 400):");
        for (Prediction.Point pt : p.curve()) {
            sb.append(" k=").append(pt.k()).append(' ').append(fmt(pt.error()));
        }
        System.out.println(sb);
        assertEquals(Prediction.Method.EXACT, p.curve().get(0).method());
        assertEquals(Prediction.Method.MONTE_CARLO, p.curve().get(1).method());
        for (int j = 1; j < e.length; j++) {
            assertTrue(p.curve().get(j).ciLow() > p.curve().get(j - 1).ciHigh(), "rises at k=" + KS[j]);
        }
        assertEquals(OptionalInt.of(1), p.kStarFiniteM());
        assertTrue(p.overthinkingFiniteM());
        assertTrue(p.warnings().contains("at m = 40 the error rises after k = 1 (beyond the 95% intervals): finite"
                + " test prompts spread the spectrum of P*S_m, so long CoT overshoots"), p.warnings().toString());
    }

    @Test
    void computeVersusContextFallsWithKAndShortContextsCatchUpWithMoreSteps() {
        int d = 20;
        double[][] curves = new double[NS.length][];
        for (int i = 0; i < NS.length; i++) {
            Problem problem = Fixtures.computeVsContext(d, NS[i], 3);
            Prediction p = Prediction.of(problem, new double[] {1},
                    new Prediction.Settings(KS, OptionalInt.empty(), 2, 1, NS[i], false));
            curves[i] = p.mInfinity();
            print("compute-vs-context d=20 n=" + NS[i] + " (m=inf)", curves[i]);
            for (int k = 2; k <= 16; k++) {
                assertTrue(curves[i][k - 1] < curves[i][k - 2], "n=" + NS[i] + ": error must fall at k=" + k);
            }
            assertEquals(16, p.kStar());
            assertTrue(p.warnings().isEmpty());
            Prediction.BoundCheck b = p.targets().get(0).bounds();
            assertNotNull(b, "Σ = Λ for a single task: the paper's bounds apply");
            assertTrue(b.holds());
        }
        for (int i = 1; i < NS.length; i++) {
            for (int k = 1; k <= 16; k++) {
                assertTrue(curves[i][k - 1] < curves[i - 1][k - 1], "larger n is better at k=" + k);
            }
        }
        double target = curves[2][0];
        int catchUp = 0;
        for (int k = 1; k <= 16; k++) {
            if (curves[0][k - 1] <= target) {
                catchUp = k;
                break;
            }
        }
        System.out.println("compute-vs-context: n=10 reaches n=30's one-step error " + fmt(target) + " at k = " + catchUp);
        assertTrue(catchUp > 1, "n=10 needs more than one step");
        assertTrue(catchUp <= 4, "and only a few: k = " + catchUp);
        // The same at finite m: n = 10 with more steps beats n = 30 with one (k=1 exact, MC with CI).
        Prediction n10 = Prediction.of(Fixtures.computeVsContext(d, 10, 3), new double[] {1},
                new Prediction.Settings(new int[] {1, 8}, OptionalInt.of(40), 400, 3, 10, true));
        Prediction n30 = Prediction.of(Fixtures.computeVsContext(d, 30, 3), new double[] {1},
                new Prediction.Settings(new int[] {1}, OptionalInt.of(40), 2, 3, 30, true));
        System.out.println("compute-vs-context m=40: n=30 k=1 " + fmt(n30.curve().get(0).error()) + "; n=10 k=1 "
                + fmt(n10.curve().get(0).error()) + ", k=8 " + fmt(n10.curve().get(1).error()) + " ["
                + fmt(n10.curve().get(1).ciLow()) + ", " + fmt(n10.curve().get(1).ciHigh()) + "]");
        assertTrue(n10.curve().get(1).ciHigh() < n30.curve().get(0).error());
    }

    private static void print(String label, double[] curve) {
        StringBuilder sb = new StringBuilder(label).append(":");
        for (int k : KS) {
            if (k <= curve.length) {
                sb.append(" k=").append(k).append(' ').append(fmt(curve[k - 1]));
            }
        }
        System.out.println(sb);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
