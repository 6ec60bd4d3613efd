package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.TrainingSettings.Gauge;
import org.taskmix.catalog.TrainingSettings.Offset;
import org.taskmix.catalog.TrainingSettings.Optimizer;
import org.taskmix.catalog.TrainingSettings.Schedule;
import org.taskmix.selection.SolverSettings;

/** The settings enums keep the problem file's spellings: parsed in any case, written in lower case. */
class SpelledTest {

    @Test
    void labelsAreTheFileSpellings() {
        assertEquals("adam", Optimizer.ADAM.label());
        assertEquals("sgd", Optimizer.SGD.toString());
        assertEquals("cosine", Schedule.COSINE.toString());
        assertEquals("fixed", Gauge.FIXED.toString());
        assertEquals("anneal", Offset.ANNEAL.toString());
        assertEquals("ojalgo", SolverSettings.Backend.OJALGO.toString());
    }

    @Test
    void parsingIgnoresCaseAndEveryLabelRoundTrips() {
        assertEquals(Optimizer.SGD, Spelled.parse(Optimizer.class, "f", "SGD"));
        assertEquals(Schedule.CONSTANT, Spelled.parse(Schedule.class, "f", "Constant"));
        for (Offset o : Offset.values()) {
            assertEquals(o, Spelled.parse(Offset.class, "f", o.label()));
        }
    }

    @Test
    void aWrongValueNamesTheFieldAndEveryAcceptedSpelling() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings("rmsprop", 1, 1, 0.1, "cosine", 1, 1L));
        assertEquals("settings.train.optimizer: value \"rmsprop\" must be \"adam\" or \"sgd\"", two.getMessage());
        IllegalArgumentException four = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings("adam", 1, 1, 0.1, "cosine", 1, 1L, "free", "drop"));
        assertEquals("settings.train.offset: value \"drop\" must be one of \"train\", \"freeze\", \"average\","
                + " \"anneal\"", four.getMessage());
        IllegalArgumentException unnamed = assertThrows(IllegalArgumentException.class,
                () -> Spelled.parse(Schedule.class, null, null));
        assertEquals("value \"null\" must be \"constant\" or \"cosine\"", unnamed.getMessage());
        IllegalArgumentException backend = assertThrows(IllegalArgumentException.class,
                () -> new SolverSettings("x", "", "cplex", "active-set", SolverSettings.LARGE_SCALE.tolerances(), 1, 1, 2,
                        false));
        assertEquals("backend: value \"cplex\" must be \"ojalgo\" or \"taskmix\"", backend.getMessage());
    }

    @Test
    void theStringConstructorEqualsTheTypedOne() {
        assertEquals(new TrainingSettings(Optimizer.SGD, 10, 4, 0.3, Schedule.CONSTANT, 7, -5L),
                new TrainingSettings("SGD", 10, 4, 0.3, "constant", 7, -5L));
        assertEquals(Gauge.FIXED, TrainingSettings.DEFAULT.withGauge("Fixed", "train").gauge());
    }

    /**
     * A setting compared with a string ({@code s.optimizer().equals("adam")}) still compiles now that
     * the settings are enums, but is always false: none may be left in the main code.
     */
    @Test
    void noSettingIsComparedWithAString() throws IOException {
        Pattern stringCompare = Pattern.compile("\\.(optimizer|schedule|gauge|offset|backend)\\(\\)\\s*\\.equals(IgnoreCase)?\\(\"");
        List<String> found;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            found = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> stringCompare.matcher(l).find())
                            .map(l -> f + ": " + l.strip());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), found);
    }
}
