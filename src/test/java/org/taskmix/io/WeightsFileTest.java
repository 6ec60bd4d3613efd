package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

class WeightsFileTest {

    @TempDir
    Path dir;

    private final Catalog catalog = new Catalog(List.of(
            Task.of("a", SymmetricMatrix.identity(2)),
            Task.of("b, with comma", SymmetricMatrix.identity(2))));

    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void readsSolveJsonOutputAsWeightsFile() throws IOException {
        Path f = dir.resolve("w.json");
        Files.writeString(f, "{\"status\": \"OPTIMAL\", \"weights\": {\"a\": 0.25, \"b, with comma\": 0.75}}");
        assertArrayEquals(new double[] {0.25, 0.75}, WeightsFile.read(f, catalog));
    }

    @Test
    void readsQuotedCsvNames() throws IOException {
        Path f = dir.resolve("w.csv");
        Files.writeString(f, "task,weight\na,0.5\n\"b, with comma\",0.5\n");
        assertArrayEquals(new double[] {0.5, 0.5}, WeightsFile.read(f, catalog));
    }

    @Test
    void rejectsUnknownTaskNamingIt() throws IOException {
        Path f = dir.resolve("w.json");
        Files.writeString(f, "{\"weights\": {\"a\": 0.5, \"zzz\": 0.5}}");
        InputException e = assertThrows(InputException.class, () -> WeightsFile.read(f, catalog));
        assertEquals(f + ": weights.zzz: task \"zzz\" is not in the catalog (tasks: a, b, with comma)", e.getMessage());
    }

    @Test
    void rejectsMissingNegativeAndUnnormalisedWeights() throws IOException {
        Path f = dir.resolve("w.json");
        Files.writeString(f, "{\"weights\": {\"a\": 1.0}}");
        assertEquals(f + ": weights: task \"b, with comma\" has no weight; give every catalog task a weight (0 to leave it out),"
                + " or pass --missing-as-zero",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog)).getMessage());
        Files.writeString(f, "{\"weights\": {\"a\": -0.5, \"b, with comma\": 1.5}}");
        assertEquals(f + ": weights.a: value -0.5 for task \"a\" is negative; weights must be >= 0",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog)).getMessage());
        Files.writeString(f, "{\"weights\": {\"a\": 0.5, \"b, with comma\": 0.6}}");
        assertEquals(f + ": weights: weights sum to 1.1, not 1 (tolerance 1.0E-6)",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog)).getMessage());
        Files.writeString(f, "{\"weights\": {\"a\": NaN, \"b, with comma\": 0.6}}");
        assertEquals(f + ": weights.a: value NaN is not finite",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog)).getMessage());
    }

    @Test
    void missingAsZeroGivesUnnamedTasksZeroButKeepsTheOtherRules() throws IOException {
        Path f = dir.resolve("w.json");
        Files.writeString(f, "{\"weights\": {\"b, with comma\": 1.0}}");
        assertArrayEquals(new double[] {0.0, 1.0}, WeightsFile.read(f, catalog, true), 0.0);
        Path c = dir.resolve("w.csv");
        Files.writeString(c, "task,weight\na,1\n");
        assertArrayEquals(new double[] {1.0, 0.0}, WeightsFile.read(c, catalog, true), 0.0);
        // The default stays strict.
        assertThrows(InputException.class, () -> WeightsFile.read(c, catalog));
        // The named weights must still sum to 1; unknown names are still errors.
        Files.writeString(f, "{\"weights\": {\"a\": 0.5}}");
        assertEquals(f + ": weights: weights sum to 0.5, not 1 (tolerance 1.0E-6)",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog, true)).getMessage());
        Files.writeString(f, "{\"weights\": {\"a\": 0.5, \"zzz\": 0.5}}");
        assertEquals(f + ": weights.zzz: task \"zzz\" is not in the catalog (tasks: a, b, with comma)",
                assertThrows(InputException.class, () -> WeightsFile.read(f, catalog, true)).getMessage());
    }
}
