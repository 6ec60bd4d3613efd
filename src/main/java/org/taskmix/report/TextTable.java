package org.taskmix.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numeric columns, for human output on stdout. */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; cells are rendered with {@link String#valueOf}. */
    public TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c instanceof Double d ? num(d) : String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    /** Formats a number compactly: 4 significant digits, "inf" for infinity. */
    public static String num(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /**
     * Like {@link #num} but without trailing zeros ("0.02", "40", "1.2e-05") and with "∞" for
     * infinity: for reports read by people, where a column of "0.02000" suggests precision that
     * is not meant.
     */
    public static String compact(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        String s = num(v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') {
                end--;
            }
            if (mantissa.charAt(end - 1) == '.') {
                end--;
            }
            mantissa = mantissa.substring(0, end);
        }
        return mantissa + exponent;
    }

    @Override
    public String toString() {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, w);
        for (int c = 0; c < w.length; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        }
        sb.append('\n');
        for (List<String> r : rows) {
            appendRow(sb, r, w);
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] w) {
        for (int c = 0; c < w.length; c++) {
            String s = cells.get(c);
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(c == 0 ? pad(s, w[c], false) : pad(s, w[c], true));
        }
        sb.append('\n');
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }
}
