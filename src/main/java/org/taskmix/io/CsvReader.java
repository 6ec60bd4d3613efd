package org.taskmix.io;

import java.nio.file.Path;

import org.taskmix.catalog.RowSource;

/**
 * Streams the rows of a CSV file of samples: one sample per line, one number per column,
 * separated by commas. Blank lines and lines starting with {@code #} are skipped; the first
 * remaining line is a header (and skipped) if none of its cells, quotes removed, is a number. Every
 * row must have as many cells as the first data row, and every cell must be a finite number in the
 * strict decimal grammar ({@link DecimalNumbers}); the first failure is reported with its line and
 * column and the rule, never the cell's content (a problem file may point at any file). The text
 * must be UTF-8 (a byte-order mark is skipped) with lines of at most
 * {@link ResourceLimits#MAX_LINE_CHARS} characters. Read once, sequentially.
 */
public final class CsvReader implements RowSource, AutoCloseable {

    /** Rows handed to the sink at a time. */
    public static final int BLOCK_ROWS = 1024;

    private final Path file;
    private final BoundedLines in;
    private final int cols;
    private String pending;
    private long pendingLine;
    private long lineNo;
    private boolean consumed;

    private CsvReader(Path file, BoundedLines in, int cols, String firstData, long firstLine, long lineNo) {
        this.file = file;
        this.in = in;
        this.cols = cols;
        this.pending = firstData;
        this.pendingLine = firstLine;
        this.lineNo = lineNo;
    }

    /**
     * Opens {@code file} and reads up to its first data row to learn the dimension.
     *
     * @throws InputException if the file is missing, unreadable or has no data row
     */
    public static CsvReader open(Path file) {
        BoundedLines in = BoundedLines.open(file);
        try {
            boolean headerAllowed = true;
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (headerAllowed && isHeader(cells)) {
                    headerAllowed = false;
                    continue;
                }
                return new CsvReader(file, in, cells.length, t, in.lineNo(), in.lineNo());
            }
            throw InputException.at(file, null, "has no data rows; expected one sample per line, numbers separated by"
                    + " commas");
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A header has no cell that is a number, even with its quotes removed. */
    private static boolean isHeader(String[] cells) {
        for (String c : cells) {
            String t = c.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (DecimalNumbers.isDecimal(t)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int dim() {
        return cols;
    }

    @Override
    public long rows() {
        return -1;
    }

    @Override
    public void readAll(Sink sink) {
        if (consumed) {
            throw new IllegalStateException(file + " was already read; a CSV source is read once");
        }
        consumed = true;
        double[] block = new double[BLOCK_ROWS * cols];
        int k = 0;
        parse(pending, pendingLine, block, 0);
        k = 1;
        pending = null;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo = in.lineNo();
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            parse(t, lineNo, block, k * cols);
            k++;
            if (k == BLOCK_ROWS) {
                sink.accept(block, k);
                k = 0;
            }
        }
        if (k > 0) {
            sink.accept(block, k);
        }
    }

    private void parse(String line, long no, double[] block, int offset) {
        int col = 0;
        int start = 0;
        int len = line.length();
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            if (col >= cols) {
                throw InputException.at(file, "line " + no, "has " + line.split(",", -1).length + " cells but the"
                        + " first data row has " + cols + "; every row must have one value per dimension");
            }
            String cell = line.substring(start, end).strip();
            double v;
            try {
                v = DecimalNumbers.parse(cell);
            } catch (NumberFormatException e) {
                throw InputException.at(file, "line " + no + ", column " + (col + 1), "cell of " + cell.length()
                        + " characters is not a decimal number (digits, optional sign, point and exponent,"
                        + " no quotes)");
            }
            if (!Double.isFinite(v)) {
                throw InputException.at(file, "line " + no + ", column " + (col + 1), "value overflows a double;"
                        + " samples must be finite numbers");
            }
            block[offset + col] = v;
            col++;
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (col != cols) {
            throw InputException.at(file, "line " + no, "has " + col + " cells but the first data row has " + cols
                    + "; every row must have one value per dimension");
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
