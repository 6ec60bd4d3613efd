package org.taskmix.cli;

import org.taskmix.study.TestLength;
import picocli.CommandLine.Option;

/**
 * {@code --m M|inf}, the test prompt length of the commands that predict or score a curve
 * ({@code predict}, {@code demo}, {@code solve}, {@code compare}; a picocli mixin). What the
 * length applies to differs per command, so its help line is keyed {@code taskmix.COMMAND.m} in
 * {@code OptionHelp.properties}, and each command keeps its own default.
 */
public final class TestLengthOption {

    @Option(names = "--m", paramLabel = "M|inf", converter = Converters.Length.class, descriptionKey = "m",
            description = "Test prompt length m (a whole number, or inf for m = infinity).")
    TestLength m;

    /** True if {@code --m} was given. */
    boolean given() {
        return m != null;
    }

    /** The length given, or {@code settingsM} (the problem's settings.m). */
    TestLength or(int settingsM) {
        return m != null ? m : TestLength.of(settingsM);
    }
}
