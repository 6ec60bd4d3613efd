package org.taskmix.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, the folder a command also writes its files into (a picocli mixin). Its help
 * line names the files of each command: the description is looked up under the key
 * {@code taskmix.COMMAND.out} in {@code OptionHelp.properties} (the command's
 * {@code resourceBundle}), so one declaration serves every command.
 */
public final class OutputDir {

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "out",
            description = "Also write this command's files into DIR.")
    Path dir;

    /** The folder, or null if {@code --out} was not given. */
    Path dir() {
        return dir;
    }

    /** The folder, or {@code fallback} if {@code --out} was not given. */
    Path dirOr(Path fallback) {
        return dir != null ? dir : fallback;
    }
}
