package org.taskmix.cli;

import org.taskmix.io.InputException;

/** Checks of numeric command-line options shared by the commands. */
final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * {@code value} if given (it must be {@code >= 1}), else {@code fallback}.
     *
     * @throws InputException {@code OPTION: value V must be >= 1}
     */
    static int positive(String option, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new InputException(option + ": value " + value + " must be >= 1");
        }
        return value;
    }
}
