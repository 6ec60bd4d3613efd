package org.taskmix.cli;

import java.util.List;

import org.taskmix.catalog.Settings;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.InputException;
import picocli.CommandLine.Option;

/**
 * {@code --n N --m M --k K,...}: the settings block of the commands that write a problem file
 * ({@code generate}, {@code estimate}; a picocli mixin). The defaults of {@code n} and {@code m}
 * differ per command, so the help lines are keyed {@code taskmix.COMMAND.n}, {@code .m} and
 * {@code .k} in {@code OptionHelp.properties} where a command's text differs from the one below.
 */
public final class SettingsOptions {

    @Option(names = "--n", paramLabel = "N", descriptionKey = "n",
            description = "settings.n: training prompt length (default: d for paper-task-selection, 20 for power-law).")
    Integer n;

    @Option(names = "--m", paramLabel = "M", descriptionKey = "m",
            description = "settings.m: test prompt length (default: 2d for paper-task-selection, 40 for power-law).")
    Integer m;

    @Option(names = "--k", paramLabel = "K", split = ",", descriptionKey = "k",
            description = "settings.k: CoT lengths, ascending, comma-separated (default: 1,2,4,8,16).")
    List<Integer> k;

    /**
     * The settings given, with {@code defaultN} and {@code defaultM} where {@code --n} or
     * {@code --m} is absent, {@link Settings#DEFAULT}'s k and training settings otherwise.
     *
     * @throws InputException naming the option ({@code --n: ...}) that breaks a settings rule
     */
    Settings settings(int defaultN, int defaultM) {
        try {
            return new Settings(n != null ? n : defaultN, m != null ? m : defaultM,
                    k != null ? k : Settings.DEFAULT.k(), TrainingSettings.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage().replaceFirst("^settings\\.", "--"));
        }
    }
}
