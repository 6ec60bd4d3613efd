package org.taskmix.io;

/**
 * The strict decimal grammar of numbers in data files (docs/formats.md, "Limits and input
 * rules"): {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}. Java's
 * {@link Double#parseDouble} also takes {@code 0x1p3}, {@code 1d}, {@code 2f}, {@code NaN},
 * {@code Infinity} and surrounding spaces, which are Java syntax rather than data.
 */
public final class DecimalNumbers {

    /** Longest number text accepted (digits beyond about 800 cannot change a double). */
    public static final int MAX_CHARS = 1000;

    private DecimalNumbers() {
    }

    /** True if {@code s} matches the grammar exactly. */
    public static boolean isDecimal(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > MAX_CHARS) {
            return false;
        }
        int i = 0;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            i++;
        }
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses {@code s} if it matches the grammar.
     *
     * @throws NumberFormatException if it does not (the message does not echo {@code s})
     */
    public static double parse(String s) {
        if (!isDecimal(s)) {
            throw new NumberFormatException("not a decimal number");
        }
        return Double.parseDouble(s);
    }
}
