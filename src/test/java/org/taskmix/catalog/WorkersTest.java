package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Workers#overlapped}: results in item order, and the failure a sequential loop would report. */
class WorkersTest {

    @Test
    void resultsArriveInItemOrderOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<String> seen = new ArrayList<>();
        Workers.overlapped(5, i -> i * 10, (i, made) -> {
            if (Thread.currentThread() == caller) {
                throw new AssertionError("the second stage must run on its own thread");
            }
            return i + ":" + made;
        }, (i, r) -> {
            assertEquals(caller, Thread.currentThread());
            seen.add(r);
        });
        assertEquals(List.of("0:0", "1:10", "2:20", "3:30", "4:40"), seen);
    }

    @Test
    void theEarliestItemsFailureWins() {
        // Item 1's second stage fails and item 2's first stage fails too: a loop stops at item 1.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.overlapped(4, i -> {
            if (i == 2) {
                throw new IllegalArgumentException("first stage of 2");
            }
            return i;
        }, (i, made) -> {
            if (i == 1) {
                throw new IllegalStateException("second stage of 1");
            }
            return made;
        }, (i, r) -> { }));
        assertEquals("second stage of 1", e.getMessage());
        // Only a first stage failing: that one, with no result after it.
        List<Integer> done = new ArrayList<>();
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> Workers.overlapped(4, i -> {
            if (i == 2) {
                throw new IllegalArgumentException("first stage of 2");
            }
            return i;
        }, (i, made) -> made, (i, r) -> done.add(r)));
        assertEquals("first stage of 2", f.getMessage());
        assertEquals(List.of(0, 1), done);
    }
}
