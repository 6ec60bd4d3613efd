package org.taskmix.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.taskmix.catalog.Problem;
import org.taskmix.study.TaskFilter;
import picocli.CommandLine.Option;

/**
 * The task filters shared by every command that reads a problem (a picocli mixin; the rules are
 * {@link TaskFilter}'s, docs/theory.md §12).
 */
public final class FilterOptions {

    @Option(names = "--drop", paramLabel = "NAME", split = ",",
            description = "Drop these tasks (names or globs such as math-*, comma-separated): their weight is 0 in every"
                    + " output and a weights file may leave them out.")
    List<String> drop = new ArrayList<>();

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Keep only these tasks (names or globs, comma-separated); the others are dropped.")
    List<String> only = new ArrayList<>();

    @Option(names = "--drop-group", paramLabel = "GROUP", split = ",",
            description = "Drop every task of these groups (names or globs, comma-separated).")
    List<String> dropGroups = new ArrayList<>();

    /** The filter the options describe. */
    TaskFilter filter() {
        return new TaskFilter(drop, only, dropGroups);
    }

    /** {@code problem} with the dropped tasks limited to weight 0. */
    Problem apply(Problem problem) {
        return filter().apply(problem);
    }

    /** The names of the dropped tasks of {@code problem}. */
    Set<String> dropped(Problem problem) {
        TaskFilter f = filter();
        return f.isEmpty() ? Set.of() : f.dropped(problem.catalog());
    }
}
