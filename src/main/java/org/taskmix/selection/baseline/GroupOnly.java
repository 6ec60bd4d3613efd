package org.taskmix.selection.baseline;

import java.util.Locale;
import java.util.Optional;

import org.taskmix.catalog.Task;
import org.taskmix.selection.Mixture;

/**
 * {@code WORD-only}: uniform over the tasks whose group name contains {@code WORD}
 * (case-insensitive); absent when no group does. The paper compares with {@code easy-only} and
 * {@code hard-only}.
 */
public final class GroupOnly extends Baseline {

    private final String word;

    /** The baseline for groups containing {@code word} (lower case). */
    public GroupOnly(String word) {
        super(word + "-only", "uniform over the tasks whose group contains \"" + word + "\"");
        this.word = word;
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        double[] v = new double[c.size()];
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            Task task = c.problem().catalog().task(i);
            if (task.group() != null && task.group().toLowerCase(Locale.ROOT).contains(word)) {
                v[i] = 1;
                n++;
            }
        }
        return c.proportional(name(), v, "uniform over the " + n + " tasks whose group contains \"" + word + "\"");
    }
}
