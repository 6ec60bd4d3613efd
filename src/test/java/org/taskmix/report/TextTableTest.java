package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void compactDropsTrailingZerosButKeepsFourSignificantDigits() {
        assertEquals("0.02", TextTable.compact(0.02));
        assertEquals("40", TextTable.compact(40));
        assertEquals("0.1235", TextTable.compact(0.123456789));
        assertEquals("1234", TextTable.compact(1234.4));
        assertEquals("1.2e-05", TextTable.compact(1.2e-5));
        assertEquals("1.235e+05", TextTable.compact(123456));
        assertEquals("0", TextTable.compact(0));
        assertEquals("-0.5", TextTable.compact(-0.5));
        assertEquals("∞", TextTable.compact(Double.POSITIVE_INFINITY));
        assertEquals("−∞", TextTable.compact(Double.NEGATIVE_INFINITY));
        assertEquals("nan", TextTable.compact(Double.NaN));
        assertEquals("100", TextTable.compact(100));
    }

    @Test
    void numKeepsItsFixedWidthForm() {
        assertEquals("0.02000", TextTable.num(0.02));
        assertEquals("inf", TextTable.num(Double.POSITIVE_INFINITY));
    }
}
