package org.taskmix.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;

/**
 * Task filters of every command that reads a problem ({@code --drop}, {@code --only},
 * {@code --drop-group}; docs/theory.md §12). A dropped task stays in the catalog with its weight
 * limited to 0, so it appears with weight 0 in every output (weights.csv, solution.json, ...) and
 * a weights file may leave it out. Patterns are exact names or globs: {@code *} any run of
 * characters, {@code ?} one character ({@code math-*}).
 *
 * @param drop       task names or globs to drop
 * @param only       task names or globs to keep (all others dropped); empty for no such rule
 * @param dropGroups group names or globs whose tasks are dropped
 */
public record TaskFilter(List<String> drop, List<String> only, List<String> dropGroups) {

    /** No filter. */
    public static final TaskFilter NONE = new TaskFilter(List.of(), List.of(), List.of());

    public TaskFilter {
        drop = List.copyOf(drop);
        only = List.copyOf(only);
        dropGroups = List.copyOf(dropGroups);
    }

    /** True if nothing is filtered. */
    public boolean isEmpty() {
        return drop.isEmpty() && only.isEmpty() && dropGroups.isEmpty();
    }

    /**
     * The names of the tasks this filter drops from {@code catalog}, in catalog order.
     *
     * @throws IllegalArgumentException if a pattern matches no task or group (a typo would
     *         otherwise silently keep a task), or if every task would be dropped
     */
    public Set<String> dropped(Catalog catalog) {
        boolean[] out = new boolean[catalog.size()];
        for (String p : drop) {
            mark(out, catalog, p, "--drop", false, true);
        }
        for (String p : dropGroups) {
            mark(out, catalog, p, "--drop-group", true, true);
        }
        if (!only.isEmpty()) {
            boolean[] keep = new boolean[catalog.size()];
            for (String p : only) {
                mark(keep, catalog, p, "--only", false, true);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] |= !keep[i];
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i]) {
                names.add(catalog.task(i).name());
            }
        }
        if (names.size() == catalog.size()) {
            throw new IllegalArgumentException("--drop/--only/--drop-group: every task of the catalog would be dropped;"
                    + " keep at least one");
        }
        return names;
    }

    /**
     * {@code problem} with the dropped tasks limited to weight 0 (other tasks unchanged).
     *
     * @throws IllegalArgumentException as {@link #dropped}, or if a dropped task has a minimum or
     *         fixed weight above 0 in the problem file
     */
    public Problem apply(Problem problem) {
        if (isEmpty()) {
            return problem;
        }
        Set<String> gone = dropped(problem.catalog());
        List<Task> tasks = new ArrayList<>();
        for (Task t : problem.catalog().tasks()) {
            if (!gone.contains(t.name())) {
                tasks.add(t);
                continue;
            }
            if (t.limits().lower() > 0) {
                throw new IllegalArgumentException("--drop: task \"" + t.name() + "\" has a minimum (or fixed) weight "
                        + t.limits().lower() + " in the problem file, so it cannot be dropped");
            }
            tasks.add(new Task(t.name(), t.group(), t.size(), t.promptLength(), t.covariance(),
                    new WeightLimits(0, 0, null)));
        }
        return new Problem(problem.name(), problem.description(), new Catalog(tasks), problem.targets(),
                problem.settings(), problem.source());
    }

    private static void mark(boolean[] out, Catalog catalog, String pattern, String option, boolean group,
                             boolean mustMatch) {
        Pattern re = glob(pattern);
        boolean any = false;
        for (int i = 0; i < out.length; i++) {
            String s = group ? catalog.task(i).group() : catalog.task(i).name();
            if (s != null && re.matcher(s).matches()) {
                out[i] = true;
                any = true;
            }
        }
        if (!any && mustMatch) {
            throw new IllegalArgumentException(option + ": \"" + pattern + "\" matches no " + (group ? "group" : "task")
                    + " of the catalog");
        }
    }

    /** A glob ({@code *}, {@code ?}; everything else literal) as a regular expression. */
    static Pattern glob(String glob) {
        StringBuilder sb = new StringBuilder();
        for (String part : glob.split("((?<=[*?])|(?=[*?]))")) {
            if (part.equals("*")) {
                sb.append(".*");
            } else if (part.equals("?")) {
                sb.append('.');
            } else if (!part.isEmpty()) {
                sb.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(sb.toString());
    }
}
