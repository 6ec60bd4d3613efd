package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.RowSource;

class CsvReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsRowsSkippingHeaderCommentsAndBlankLines() throws IOException {
        Path p = write("# embeddings\nx, y, z\n1, 2, 3\n\n4.5,-5e-1,6\n");
        try (CsvReader r = CsvReader.open(p)) {
            assertEquals(3, r.dim());
            assertEquals(-1, r.rows());
            assertArrayEquals(new double[] {1, 2, 3, 4.5, -0.5, 6}, read(r));
        }
    }

    @Test
    void manyRowsCrossBlocks() throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = CsvReader.BLOCK_ROWS * 2 + 5;
        for (int i = 0; i < n; i++) {
            sb.append(i).append(',').append(-i).append('\n');
        }
        try (CsvReader r = CsvReader.open(write(sb.toString()))) {
            double[] got = read(r);
            assertEquals(2 * n, got.length);
            assertEquals(n - 1, got[2 * n - 2]);
            assertEquals(-(n - 1), got[2 * n - 1]);
        }
    }

    @Test
    void nonNumericCellIsNamedByLineAndColumn() throws IOException {
        Path p = write("1,2,3\n4,abc,6\n");
        try (CsvReader r = CsvReader.open(p)) {
            InputException e = assertThrows(InputException.class, () -> read(r));
            assertEquals(p + ": line 2, column 2: cell of 3 characters is not a decimal number (digits, optional sign,"
                    + " point and exponent, no quotes)", e.getMessage());
        }
    }

    @Test
    void raggedRowsAreRejected() throws IOException {
        Path p = write("1,2,3\n4,5\n");
        try (CsvReader r = CsvReader.open(p)) {
            InputException e = assertThrows(InputException.class, () -> read(r));
            assertEquals(p + ": line 2: has 2 cells but the first data row has 3; every row must have one value per"
                    + " dimension", e.getMessage());
        }
        Path q = write("1,2\n4,5,6,7\n");
        try (CsvReader r = CsvReader.open(q)) {
            InputException e = assertThrows(InputException.class, () -> read(r));
            assertEquals(q + ": line 2: has 4 cells but the first data row has 2; every row must have one value per"
                    + " dimension", e.getMessage());
        }
    }

    @Test
    void nonFiniteAndEmptyAreRejected() throws IOException {
        Path p = write("1,NaN\n");
        try (CsvReader r = CsvReader.open(p)) {
            InputException e = assertThrows(InputException.class, () -> read(r));
            assertEquals(p + ": line 1, column 2: cell of 3 characters is not a decimal number (digits, optional sign,"
                    + " point and exponent, no quotes)", e.getMessage());
        }
        Path empty = write("a,b\n\n");
        InputException e = assertThrows(InputException.class, () -> CsvReader.open(empty));
        assertEquals(empty + ": has no data rows; expected one sample per line, numbers separated by commas", e.getMessage());
    }

    private int files;

    private Path write(String text) throws IOException {
        Path p = tmp.resolve("s" + (files++) + ".csv");
        Files.writeString(p, text);
        return p;
    }

    private static double[] read(RowSource r) {
        List<Double> out = new ArrayList<>();
        r.readAll(new RowSource.Sink() {
            @Override
            public void accept(double[] rows, int k) {
                for (int i = 0; i < k * r.dim(); i++) {
                    out.add(rows[i]);
                }
            }

            @Override
            public void accept(float[] rows, int k) {
                throw new AssertionError("CSV delivers doubles");
            }
        });
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
