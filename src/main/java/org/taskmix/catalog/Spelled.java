package org.taskmix.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum constant of a setting with its one spelling in problem files, JSON documents and on the
 * command line ({@link #label()}, also its {@code toString()}). Parsing is case-insensitive and a
 * wrong value names every accepted spelling, in declaration order.
 */
public interface Spelled {

    /**
     * The spelling in files and on the command line: the constant's name in lower case with
     * {@code _} as {@code -} (so each enum states its spellings once, by its constants).
     */
    default String label() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} spelled {@code value} (any case).
     *
     * @param field the field or option named in the error, e.g. {@code settings.train.optimizer}, or
     *              null for a message that starts with {@code value} (the caller names the field)
     * @throws IllegalArgumentException {@code FIELD: value "V" must be "a" or "b"} (or
     *                                  {@code must be one of "a", "b", "c"} for more than two)
     */
    static <E extends Enum<E> & Spelled> E parse(Class<E> type, String field, String value) {
        E[] all = type.getEnumConstants();
        if (value != null) {
            String v = value.toLowerCase(Locale.ROOT);
            for (E e : all) {
                if (e.label().equals(v)) {
                    return e;
                }
            }
        }
        String quoted = Arrays.stream(all).map(e -> "\"" + e.label() + "\"").collect(Collectors.joining(", "));
        String rule = all.length == 2 ? "\"" + all[0].label() + "\" or \"" + all[1].label() + "\"" : "one of " + quoted;
        throw new IllegalArgumentException((field == null ? "" : field + ": ") + "value \"" + value + "\" must be " + rule);
    }
}
