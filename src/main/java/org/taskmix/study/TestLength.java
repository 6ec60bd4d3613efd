package org.taskmix.study;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A test prompt length {@code m}: a whole number {@code ≥ 1} or infinity (docs/theory.md §7).
 * One parser for every {@code --m} option and for {@code exact:K@M}.
 *
 * @param value the length, empty for {@code m = ∞}
 */
public record TestLength(OptionalLong value) {

    /** {@code m = ∞}. */
    public static final TestLength INFINITE = new TestLength(OptionalLong.empty());

    public TestLength {
        if (value.isPresent() && value.getAsLong() < 1) {
            throw new IllegalArgumentException("m: value " + value.getAsLong() + " must be >= 1");
        }
    }

    /** A finite length. */
    public static TestLength of(long m) {
        return new TestLength(OptionalLong.of(m));
    }

    /**
     * Parses {@code inf}, {@code infinity} (any case) or a whole number written plainly or in
     * scientific notation ({@code 100}, {@code 1e9}, {@code 2.5e6}), at least 1 and at most
     * {@link Long#MAX_VALUE}.
     *
     * @throws IllegalArgumentException {@code value "TEXT" must be ...} (the caller prefixes the option)
     */
    public static TestLength parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("inf") || s.equals("infinity")) {
            return INFINITE;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value \"" + text + "\" must be a whole number >= 1 (e.g. 100, 1e9) or \"inf\"");
        }
        if (v.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("value " + text + " must be >= 1 (or \"inf\")");
        }
        BigDecimal whole = v.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw new IllegalArgumentException("value " + text + " must be a whole number");
        }
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("value " + text + " must be at most " + Long.MAX_VALUE + " (or \"inf\")");
        }
        return of(whole.longValueExact());
    }

    /** True for {@code m = ∞}. */
    public boolean infinite() {
        return value.isEmpty();
    }

    /**
     * The length as an int for computations that hold an {@code m × d} prompt (training,
     * measurement, the exact objective at finite m), empty for ∞.
     *
     * @throws IllegalArgumentException if finite and above {@link Integer#MAX_VALUE}
     */
    public OptionalInt asInt(String what) {
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.getAsLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": value " + value.getAsLong() + " must be at most "
                    + Integer.MAX_VALUE + " here (or \"inf\")");
        }
        return OptionalInt.of((int) value.getAsLong());
    }

    /** {@code inf} or the number, as users type it. */
    @Override
    public String toString() {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "inf";
    }
}
