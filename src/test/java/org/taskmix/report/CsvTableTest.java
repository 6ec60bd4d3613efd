package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.WeightsFile;
import org.taskmix.linalg.SymmetricMatrix;

class CsvTableTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetInputs() {
        AtomicFiles.clearInputs();
    }

    @Test
    void quotesCommasQuotesLineBreaksAndEdgeBlanks() {
        CsvTable t = new CsvTable("name", "note").row("a,b", "say \"hi\"").row("line\nbreak", " padded").row("plain", "");
        assertEquals("name,note\n"
                + "\"a,b\",\"say \"\"hi\"\"\"\n"
                + "\"line\nbreak\",\" padded\"\n"
                + "plain,\n", t.toString());
        assertEquals("\"x,\"\"y\"", CsvTable.escape("x,\"y"));
        assertEquals("\"a,b\",c\n", new CsvTable("a,b", "c").toString(), "header cells are escaped too");
    }

    @Test
    void numbersKeepFullPrecisionWhateverTheLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma: must not leak into the file
            double tricky = 0.1 + 0.2;
            CsvTable t = new CsvTable("v").row(tricky).row(1e-300).row(Double.POSITIVE_INFINITY).row(-0.5)
                    .row(42).row(7L).row((Object) null).row(true);
            String[] lines = t.toString().split("\n");
            assertEquals("0.30000000000000004", lines[1]);
            assertEquals(tricky, Double.parseDouble(lines[1]), 0.0, "round trip is exact");
            assertEquals("1.0E-300", lines[2]);
            assertEquals("Infinity", lines[3]);
            assertEquals("-0.5", lines[4]);
            assertEquals("42", lines[5]);
            assertEquals("7", lines[6]);
            assertEquals("", lines.length > 7 ? lines[7] : "");
            assertEquals("true", lines[8]);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void rowLengthMustMatchTheHeader() {
        CsvTable t = new CsvTable("task", "weight").row("a", 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.row("b"));
        assertEquals("CSV row 2: 1 cells for 2 columns [task, weight]", e.getMessage());
        assertEquals(1, t.size());
    }

    @Test
    void writesAtomicallyAndTheWeightsReaderReadsItBackExactly() throws IOException {
        double[] w = {0.1, 0.2, 0.30000000000000004, 0.39999999999999997};
        CsvTable t = new CsvTable("task", "weight");
        for (int i = 0; i < w.length; i++) {
            t.row("t" + i, w[i]);
        }
        Path file = dir.resolve("out/weights.csv");
        t.write(file);
        t.write(file); // overwrite in place
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("weights.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
        Catalog catalog = new Catalog(List.of(task("t0"), task("t1"), task("t2"), task("t3")));
        assertArrayEquals(w, WeightsFile.read(file, catalog), 0.0);
    }

    private static Task task(String name) {
        return Task.of(name, SymmetricMatrix.identity(2));
    }

    @Test
    void columnNamesAreUniqueAndMixturesNamedLikeATaskColumnArePrefixed() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CsvTable("task", "hardness", "hardness"));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("task", "hardness", "relevance", "optimal", "mixture:hardness", "mixture:relevance"),
                CsvTable.withMixtures(java.util.List.of("task", "hardness", "relevance"),
                        java.util.List.of("optimal", "hardness", "relevance")));
    }
}
