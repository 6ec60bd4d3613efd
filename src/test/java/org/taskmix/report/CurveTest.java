package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Validation and copying of the chart input records. */
class CurveTest {

    @Test
    void arraysAreCopiedInAndOut() {
        int[] k = {1, 2};
        double[] e = {0.5, 0.25};
        Curve c = Curve.theory("t", null, k, e);
        k[0] = 7;
        e[0] = 9;
        assertArrayEquals(new int[] {1, 2}, c.k());
        assertArrayEquals(new double[] {0.5, 0.25}, c.error().toArray());
        c.error().toArray()[1] = 3;
        assertEquals(0.25, c.error().get(1));
        assertEquals("t", c.group(), "group defaults to the label");
        assertEquals(Curve.theory("t", "t", new int[] {1, 2}, new double[] {0.5, 0.25}), c);
    }

    @Test
    void shapeErrorsNameTheCurve() {
        assertEquals("curve m: error has 1 values for 2 k values", assertThrows(IllegalArgumentException.class,
                () -> Curve.theory("m", null, new int[] {1, 2}, new double[] {1})).getMessage());
        assertEquals("curve m: k[1] = 1 must be >= 0 and greater than the previous k",
                assertThrows(IllegalArgumentException.class,
                        () -> Curve.theory("m", null, new int[] {1, 1}, new double[] {1, 1})).getMessage());
        assertEquals("curve m: ciLow and ciHigh must both be given or both be null",
                assertThrows(IllegalArgumentException.class, () -> Curve.measured("m", null, new int[] {1},
                        new double[] {1}, new double[] {1}, null)).getMessage());
        assertEquals("curve m: ciLow/ciHigh have 1/2 values for 1 k values",
                assertThrows(IllegalArgumentException.class, () -> Curve.measured("m", null, new int[] {1},
                        new double[] {1}, new double[] {1}, new double[] {1, 2})).getMessage());
        assertEquals("curve m: k is empty; need at least one point", assertThrows(IllegalArgumentException.class,
                () -> Curve.theory("m", null, new int[0], new double[0])).getMessage());
    }

    @Test
    void taskRecordsRejectWhatNoChartCanMean() {
        assertEquals("task a: weight NaN must be finite", assertThrows(IllegalArgumentException.class,
                () -> new TaskBar("a", "g", Double.NaN)).getMessage());
        assertEquals("task a: hardness NaN must be positive (or Infinity for a singular covariance)",
                assertThrows(IllegalArgumentException.class, () -> new TaskPoint("a", "g", Double.NaN, 0)).getMessage());
        assertEquals(TaskBar.NO_GROUP, new TaskBar("a", " ", 0).group());
        assertEquals(true, new TaskPoint("a", null, Double.POSITIVE_INFINITY, 0).singular());
    }
}
