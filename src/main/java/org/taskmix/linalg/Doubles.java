package org.taskmix.linalg;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * An immutable vector of doubles with value semantics: it keeps a private copy of what it is
 * given and hands out copies, so a record can hold it as a component without the defensive
 * {@code clone()} in its constructor and accessors that a {@code double[]} component needs
 * (an array component leaks: a caller could change the record's state through it).
 *
 * <p>Equality is element by element as in {@link Arrays#equals(double[], double[])} (bitwise:
 * {@code NaN} equals {@code NaN}, {@code 0.0} differs from {@code -0.0}); {@link #toString()}
 * is that of {@link Arrays#toString(double[])}. The JSON writer writes it exactly as it writes
 * a {@code double[]}.
 */
public final class Doubles {

    private static final Doubles EMPTY = new Doubles(new double[0]);

    private final double[] values;

    private Doubles(double[] owned) {
        this.values = owned;
    }

    /** A vector holding a copy of {@code values} (which must not be null). */
    public static Doubles of(double... values) {
        return values.length == 0 ? EMPTY : new Doubles(values.clone());
    }

    /** {@link #of} of {@code values}, or null if {@code values} is null (an absent optional array). */
    public static Doubles ofNullable(double[] values) {
        return values == null ? null : of(values);
    }

    /** The value at {@code i}. */
    public double get(int i) {
        return values[i];
    }

    /** Number of values. */
    public int size() {
        return values.length;
    }

    /** True if there are no values. */
    public boolean isEmpty() {
        return values.length == 0;
    }

    /** A fresh copy of the values, the caller's to change. */
    public double[] toArray() {
        return values.clone();
    }

    /** The values in order. */
    public DoubleStream stream() {
        return Arrays.stream(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Doubles d && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
