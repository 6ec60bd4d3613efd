package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.taskmix.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.taskmix.io.AtomicFiles;

/** {@code validate --precision double|float32}: recorded in the JSON off the default, checked spelling. */
class PrecisionOptionTest {

    private static final String[] FAST = {"validate", "problems/tiny.json", "--mixture", "uniform", "--steps", "200", "--batch", "64",
        "--test-prompts", "200", "--quiet", "--json"};

    @BeforeEach
    @AfterEach
    void inputs() {
        AtomicFiles.clearInputs();
    }

    private static String[] with(String... more) {
        String[] a = java.util.Arrays.copyOf(FAST, FAST.length + more.length);
        System.arraycopy(more, 0, a, FAST.length, more.length);
        return a;
    }

    /** The document without the lines that differ between any two runs: timings, start time, command line. */
    private static String withoutRunDetails(String json) {
        return json.replaceAll("(?m)^.*(econds\"|startTime|commandLine).*$", "");
    }

    @Test
    void float32IsRecordedAndDoubleIsTheUnchangedDefault() throws Exception {
        CliRun dflt = run(FAST);
        CliRun dbl = run(with("--precision", "DOUBLE"));
        CliRun f32 = run(with("--precision", "float32"));
        assertEquals(0, dflt.code(), dflt.err());
        assertEquals(0, f32.code(), f32.err());
        JsonNode d = dflt.json().get("training");
        JsonNode f = f32.json().get("training");
        assertFalse(d.has("precision"), "the default's JSON is unchanged");
        assertEquals(withoutRunDetails(dflt.out()), withoutRunDetails(dbl.out()));
        assertEquals("float32", f.get("precision").asText());
        assertNotEquals(d.get("finalLoss").asDouble(), f.get("finalLoss").asDouble());
        assertEquals(d.get("finalLoss").asDouble(), f.get("finalLoss").asDouble(), 0.05 * d.get("finalLoss").asDouble());
    }

    @Test
    void aWrongSpellingIsAUsageError() {
        CliRun r = run(with("--precision", "half"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--precision"), r.err());
        assertTrue(r.err().contains("float32"), r.err());
    }

    @Test
    void theTransformerRefusesItInsteadOfIgnoringIt() {
        // Refused before the engine loads, so this runs without it.
        CliRun r = run(with("--model", "transformer", "--precision", "float32"));
        assertEquals(2, r.code(), r.err());
        assertEquals("taskmix: error: --precision: the transformer trains in the engine's float32 always; the option is"
                + " for the LSA model's kernel (docs/theory.md section 9.2)", r.err().strip());
    }
}
