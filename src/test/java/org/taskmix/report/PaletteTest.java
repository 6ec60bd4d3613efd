package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void theFirstExactSpecTakesTheExactColourAndASecondOneDoesNot() {
        Palette p = Palette.of(List.of("surrogate", "exact:8@100", "uniform", "exact:16@inf", "mine.csv"));
        Palette q = Palette.of(List.of("exact"));
        assertEquals(q.colour("exact"), p.colour("exact:8@100"));
        assertNotEquals(p.colour("exact:8@100"), p.colour("exact:16@inf"));
        assertNotEquals(p.colour("exact:16@inf"), p.colour("mine.csv"));
        assertEquals(Palette.of(List.of("uniform")).colour("uniform"), p.colour("uniform"));
    }

    @Test
    void namesAddedLaterKeepTheirColour() {
        Palette p = Palette.of(List.of("uniform"));
        assertEquals(p.colour("exact:8@100"), p.colour("exact:8@100"));
        assertEquals(Palette.of(List.of("exact")).colour("exact"), p.colour("exact:8@100"));
    }
}
