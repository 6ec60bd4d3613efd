package org.taskmix.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.taskmix.catalog.RowSource;

/**
 * Streams the rows of a CSV file of samples: one sample per line, one number per column,
 * separated by commas. Blank lines and lines starting with {@code #} are skipped; the first
 * remaining line is a header (and skipped) if none of its cells is a number. Every row must have
 * as many cells as the first data row, and every cell must be a finite number; the first failure
 * is reported with its line and column. Read once, sequentially.
 */
public final class CsvReader implements RowSource, AutoCloseable {

    /** Rows handed to the sink at a time. */
    public static final int BLOCK_ROWS = 1024;

    private final Path file;
    private final BufferedReader in;
    private final int cols;
    private String pending;
    private long pendingLine;
    private long lineNo;
    private boolean consumed;

    private CsvReader(Path file, BufferedReader in, int cols, String firstData, long firstLine, long lineNo) {
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
        BufferedReader in;
        try {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        try {
            long lineNo = 0;
            boolean headerAllowed = true;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (headerAllowed && isHeader(cells)) {
                    headerAllowed = false;
                    continue;
                }
                return new CsvReader(file, in, cells.length, t, lineNo, lineNo);
            }
            throw InputException.at(file, null, "has no data rows; expected one sample per line, numbers separated by"
                    + " commas");
        } catch (IOException e) {
            closeQuietly(in);
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    private static boolean isHeader(String[] cells) {
        for (String c : cells) {
            if (parses(c.strip())) {
                return false;
            }
        }
        return true;
    }

    private static boolean parses(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
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
        try {
            parse(pending, pendingLine, block, 0);
            k = 1;
            pending = null;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
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
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
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
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw InputException.at(file, "line " + no + ", column " + (col + 1), "value \"" + cell
                        + "\" is not a number");
            }
            if (!Double.isFinite(v)) {
                throw InputException.at(file, "line " + no + ", column " + (col + 1), "value " + cell
                        + " is not finite; samples must be finite numbers");
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
        closeQuietly(in);
    }

    private static void closeQuietly(BufferedReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // Closing a reader cannot lose data.
        }
    }
}
