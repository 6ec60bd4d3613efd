package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fuzzer ({@link Fuzzer}) as part of the test suite: {@value #CI_CASES} cases by
 * default (well under a minute); {@code -Dtaskmix.fuzz.cases=5000} (or the {@code fuzz} Maven
 * profile) runs a larger campaign, {@code -Dtaskmix.fuzz.seed=S} another seed. The counts are
 * printed for the report.
 */
class FuzzTest {

    /** Cases in the normal test run. */
    static final int CI_CASES = 200;

    @TempDir
    Path work;

    @Test
    void everyCaseExitsCleanly() throws Exception {
        int cases = Integer.getInteger("taskmix.fuzz.cases", CI_CASES);
        long seed = Long.getLong("taskmix.fuzz.seed", 20261130L);
        Fuzzer f = new Fuzzer(Path.of("").toAbsolutePath(), work, seed);
        long t0 = System.nanoTime();
        Fuzzer.Counts c = f.run(cases);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz: seed %d, %d cases, %d clean (%d exit 0, %d exit 2, %d exit 3), %d defects, %.1f s%n",
                seed, c.cases(), c.clean(), c.exit0(), c.exit2(), c.exit3(), c.defects().size(), seconds);
        System.out.println("fuzz: mutation kinds " + f.kinds());
        c.defects().forEach(d -> System.out.println("fuzz defect: " + d));
        assertEquals(java.util.List.of(), c.defects());
    }
}
