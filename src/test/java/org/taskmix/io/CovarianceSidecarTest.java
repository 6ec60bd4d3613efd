package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.MemoryRows;
import org.taskmix.catalog.Problem;
import org.taskmix.linalg.SymmetricMatrix;

/** Compact catalogs: estimate writes a sidecar, the reader maps it back bit for bit, bad sidecars fail in one line. */
class CovarianceSidecarTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
        CovarianceSidecar.clear();
    }

    private Path npy(String name, double[] x, int d) {
        Path p = tmp.resolve(name);
        try (NpyWriter w = NpyWriter.create(p, x.length / d, d, true)) {
            for (int r = 0; r < x.length / d; r++) {
                w.row(Arrays.copyOfRange(x, r * d, r * d + d));
            }
        }
        return p;
    }

    private static org.taskmix.cli.CliResult run(String... args) {
        return org.taskmix.cli.CliResult.of(args);
    }

    @Test
    void sidecarRoundTripsBitForBitAndChecksFails() throws IOException {
        int d = 6;
        Path a = npy("a.npy", MemoryRows.gaussian(Generators.powerLaw(d, 0.8, 1).build(), 2000, 1), d);
        Path b = npy("b.npy", MemoryRows.gaussian(Generators.powerLaw(d, 0.3, 2).build(), 2000, 2), d);
        Path json = tmp.resolve("plain.json");
        Path compact = tmp.resolve("compact.json");
        assertEquals(0, run("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target-identity", "--out",
                json.toString()).code());
        assertEquals(0, run("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target-identity", "--sidecar",
                "always", "--out", compact.toString()).code());
        Path car = tmp.resolve("compact.covariances.npy");
        assertTrue(Files.isRegularFile(car));
        String text = Files.readString(compact);
        assertTrue(text.contains("\"covariance\": {\"sidecar\": \"compact.covariances.npy\", \"index\": 1}"), text);
        assertTrue(text.length() < Files.readString(json).length());
        Problem p = ProblemReader.read(json);
        Problem q = ProblemReader.read(compact);
        for (int i = 0; i < 2; i++) {
            SymmetricMatrix x = p.catalog().task(i).covariance();
            SymmetricMatrix y = q.catalog().task(i).covariance();
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    // JSON prints the shortest decimal that round-trips, so both are the same doubles.
                    assertEquals(Double.doubleToLongBits(x.get(r, c)), Double.doubleToLongBits(y.get(r, c)));
                }
            }
        }
        // A changed sidecar no longer matches the checksum in the problem file.
        CovarianceSidecar.clear();
        byte[] bytes = Files.readAllBytes(car);
        bytes[bytes.length - 1] ^= 1;
        Files.write(car, bytes);
        org.taskmix.cli.CliResult r = run("inspect", compact.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("taskmix: error: " + compact + ": tasks[0].covariance.sidecar: value"
                + " \"compact.covariances.npy\": " + car + ": SHA-256 is "), r.err());
        assertTrue(r.err().contains("the sidecar does not belong to this problem file (or was changed)"), r.err());
        // A path outside the problem's folder is refused.
        Files.writeString(tmp.resolve("bad.json"), text.replace("\"compact.covariances.npy\"", "\"../x.npy\""));
        r = run("inspect", tmp.resolve("bad.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("value \"../x.npy\" must be a plain file name beside the problem file"), r.err());
    }
}
