package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Output.record: a record's components as a JSON object, in order, with the contract's names. */
class OutputRecordTest {

    private record Point(int k, double rho, String label) {
    }

    @Test
    void writesEveryComponentInDeclarationOrderUnderItsJsonName() {
        Map<String, Object> m = Output.record(new Point(3, Double.NaN, "a"), "rho", "spearman");
        assertEquals(List.of("k", "spearman", "label"), List.copyOf(m.keySet()));
        assertEquals(3, m.get("k"));
        assertEquals(Double.NaN, (double) m.get("spearman"));
        assertEquals("a", m.get("label"));
    }

    @Test
    void refusesARenameOfAComponentThatDoesNotExist() {
        assertThrows(IllegalArgumentException.class, () -> Output.record(new Point(1, 0, "b"), "mean", "meanError"));
    }
}
