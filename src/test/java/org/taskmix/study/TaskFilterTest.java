package org.taskmix.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;

/** Task filters: names, globs, groups, and weight 0 for what they drop. */
class TaskFilterTest {

    private static Task task(String name, String group, double v) {
        return new Task(name, group, null, null, SymmetricMatrix.diagonal(v, 1), WeightLimits.NONE);
    }

    private static final Problem P = new Problem("f", "", new Catalog(List.of(task("math-1", "math", 2),
            task("math-2", "math", 0.5), task("code-1", "code", 1), task("chat", null, 3))),
            List.of(Target.of("t", SymmetricMatrix.identity(2))), Settings.DEFAULT, "test");

    @Test
    void namesGlobsAndGroupsSelectTheDroppedTasks() {
        assertEquals(Set.of("math-1", "math-2"), new TaskFilter(List.of("math-*"), List.of(), List.of()).dropped(P.catalog()));
        assertEquals(Set.of("math-2", "chat"), new TaskFilter(List.of("chat", "m?th-2"), List.of(), List.of())
                .dropped(P.catalog()));
        assertEquals(Set.of("math-1", "math-2", "chat"), new TaskFilter(List.of(), List.of("code-*"), List.of())
                .dropped(P.catalog()));
        assertEquals(Set.of("code-1"), new TaskFilter(List.of(), List.of(), List.of("co*")).dropped(P.catalog()));
        assertSame(P, TaskFilter.NONE.apply(P));
    }

    @Test
    void droppedTasksWeighZeroInTheOptimumAndStayInTheCatalog() {
        Problem f = new TaskFilter(List.of("chat"), List.of(), List.of("math")).apply(P);
        assertEquals(4, f.catalog().size());
        double[] w = Selection.solve(f, SelectionOptions.DEFAULT, null).result().weights().toArray();
        assertEquals(0, w[0]);
        assertEquals(0, w[1]);
        assertEquals(1, w[2], 1e-12);
        assertEquals(0, w[3]);
    }

    @Test
    void aPatternThatMatchesNothingOrDropsEverythingIsAnError() {
        assertEquals("--drop: \"mth-*\" matches no task of the catalog", assertThrows(IllegalArgumentException.class,
                () -> new TaskFilter(List.of("mth-*"), List.of(), List.of()).dropped(P.catalog())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TaskFilter(List.of("*"), List.of(), List.of()).dropped(P.catalog()));
        assertEquals("--drop-group: \"legal\" matches no group of the catalog", assertThrows(
                IllegalArgumentException.class, () -> new TaskFilter(List.of(), List.of(), List.of("legal"))
                        .dropped(P.catalog())).getMessage());
    }
}
