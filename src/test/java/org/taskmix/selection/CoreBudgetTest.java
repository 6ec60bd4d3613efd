package org.taskmix.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoreBudgetTest {

    @Test
    void freeCoresCountOthersRunnableThreads() {
        assertEquals(2, CoreBudget.fromRunnable(1, 2), "only the caller runs: both cores free");
        assertEquals(1, CoreBudget.fromRunnable(2, 2), "one other runnable thread: one core");
        assertEquals(1, CoreBudget.fromRunnable(20, 2), "never fewer than one");
        assertEquals(8, CoreBudget.fromRunnable(1, 8));
        assertEquals(5, CoreBudget.fromRunnable(4, 8));
    }

    @Test
    void liveValueLiesBetweenOneAndTheProcessorCount() {
        int f = CoreBudget.freeCores();
        assertTrue(f >= 1 && f <= Runtime.getRuntime().availableProcessors(), "free cores " + f);
    }
}
