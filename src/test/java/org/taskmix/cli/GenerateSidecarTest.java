package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Problem;
import org.taskmix.cli.BadInputTest.Run;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;

/** {@code generate --matrices} above 10^6 entries writes a compact catalog holding the same matrices. */
class GenerateSidecarTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void largeMatrixCatalogGoesToASidecarWithTheSameMatrices() throws Exception {
        // 4,000 tasks at d = 16: 1,024,000 entries, just above the threshold.
        Path specs = tmp.resolve("specs.json");
        Path compact = tmp.resolve("compact.json");
        Run.of("generate", "power-law", "--tasks", "4000", "--dimension", "16", "--seed", "3", "-q", "--out",
                specs.toString()).ok();
        Run r = Run.of("generate", "power-law", "--tasks", "4000", "--dimension", "16", "--seed", "3", "--matrices",
                "--json", "--out", compact.toString()).ok();
        assertTrue(r.out().contains("\"form\" : \"sidecar\""), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("compact.covariances.npy")));
        Problem a = ProblemReader.read(specs);
        Problem b = ProblemReader.read(compact);
        assertEquals(4000, b.catalog().size());
        for (int i = 0; i < 4000; i += 397) {
            assertEquals(a.catalog().task(i).covariance(), b.catalog().task(i).covariance(), "task " + i);
        }
    }
}
