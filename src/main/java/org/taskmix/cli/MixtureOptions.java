package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.taskmix.catalog.Problem;
import org.taskmix.selection.Mixture;
import org.taskmix.study.MixtureResolver;
import org.taskmix.study.MixtureSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The mixture of the commands that take one ({@code predict}, {@code validate}; a picocli mixin):
 * {@code --weights FILE} or {@code --mixture SPEC}, exactly one, and {@code --missing-as-zero}.
 * The help lines are keyed {@code taskmix.COMMAND.weights}, {@code .mixture} and
 * {@code .missing-as-zero} in {@code OptionHelp.properties}.
 */
public final class MixtureOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--missing-as-zero", descriptionKey = "missing-as-zero",
            description = "With --weights: give catalog tasks the file does not name weight 0 (default: an error).")
    boolean missingAsZero;

    /** {@code --weights FILE} or {@code --mixture SPEC} (a picocli exclusive argument group). */
    static final class Choice {

        @Option(names = "--weights", required = true, paramLabel = "FILE", descriptionKey = "weights",
                description = "Mixture weights: JSON with a \"weights\" object (e.g. solve --json output) or CSV task,weight.")
        Path weightsFile;

        @Option(names = "--mixture", required = true, paramLabel = "SPEC", converter = Converters.Mixture.class,
                descriptionKey = "mixture", description = "A named mixture or a weights file.")
        MixtureSpec spec;
    }

    /**
     * The mixture asked for, resolved on {@code problem} without the tasks {@code filters} drop; a
     * retired mixture name's deprecation line goes to {@code err}.
     */
    Mixture resolve(Problem problem, FilterOptions filters, PrintWriter err) {
        MixtureSpec chosen = spec();
        chosen.deprecation().ifPresent(err::println);
        return MixtureResolver.of(problem, missingAsZero, filters.dropped(problem)).resolve("--mixture", chosen);
    }

    /** The mixture asked for: the named one, or the weights file as a spec. */
    MixtureSpec spec() {
        return choice.spec != null ? choice.spec : new MixtureSpec.WeightsFile(choice.weightsFile);
    }

    /** The weights file, or null with {@code --mixture}. */
    Path weightsFile() {
        return choice.weightsFile;
    }
}
