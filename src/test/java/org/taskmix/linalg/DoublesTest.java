package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DoublesTest {

    @Test
    void keepsItsOwnCopyAndHandsOutCopies() {
        double[] in = {1.5, -2, Double.NaN};
        Doubles d = Doubles.of(in);
        in[0] = 99;
        double[] out = d.toArray();
        out[1] = 99;
        assertArrayEquals(new double[] {1.5, -2, Double.NaN}, d.toArray());
        assertEquals(1.5, d.get(0));
        assertEquals(3, d.size());
        assertEquals(1.5 - 2, d.stream().limit(2).sum());
    }

    @Test
    void equalityIsByValueAsArraysEquals() {
        assertEquals(Doubles.of(1, Double.NaN), Doubles.of(1, Double.NaN));
        assertEquals(Doubles.of(1, 2).hashCode(), Doubles.of(1, 2).hashCode());
        assertNotEquals(Doubles.of(0.0), Doubles.of(-0.0));
        assertNotEquals(Doubles.of(1, 2), Doubles.of(1, 2, 3));
        assertEquals("[1.0, 2.5]", Doubles.of(1, 2.5).toString());
    }

    @Test
    void emptyAndAbsent() {
        assertTrue(Doubles.of().isEmpty());
        assertEquals(Doubles.of(), Doubles.of(new double[0]));
        assertNull(Doubles.ofNullable(null));
        assertEquals(Doubles.of(3), Doubles.ofNullable(new double[] {3}));
    }
}
