package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.MemoryRows;
import org.taskmix.catalog.Problem;
import org.taskmix.cli.BadInputTest.Run;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.Json;
import org.taskmix.io.NpyWriter;
import org.taskmix.io.ProblemReader;
import org.taskmix.linalg.SymmetricMatrix;

/** {@code estimate --manifest}, {@code --shrinkage}, {@code --bootstrap}, and {@code solve --bootstrap}. */
class EstimateManifestTest {

    /**
     * Splitting rows over files changes only the order of the sums (Chan et al.'s merge is exact
     * in real arithmetic): entries agree to O(√N·ε) of their size; 1e-12 has margin.
     */
    private static final double SPLIT_TOL = 1e-12;

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    private Path npy(Path p, double[] x, int d) throws IOException {
        Files.createDirectories(p.getParent());
        try (NpyWriter w = NpyWriter.create(p, x.length / d, d, true)) {
            for (int r = 0; r < x.length / d; r++) {
                w.row(Arrays.copyOfRange(x, r * d, r * d + d));
            }
        }
        return p;
    }

    @Test
    void manifestWithFolderGlobAndFileEqualsOneFilePerTask() throws IOException {
        int d = 4;
        double[] a = MemoryRows.gaussian(Generators.powerLaw(d, 0.8, 1).build(), 3000, 1);
        double[] b = MemoryRows.gaussian(Generators.powerLaw(d, 0.2, 2).build(), 2000, 2);
        // Task a: one file, and the same rows split over a folder of three files.
        Path whole = npy(tmp.resolve("whole/a.npy"), a, d);
        npy(tmp.resolve("parts/a/0.npy"), Arrays.copyOfRange(a, 0, 1000 * d), d);
        npy(tmp.resolve("parts/a/1.npy"), Arrays.copyOfRange(a, 1000 * d, 2500 * d), d);
        npy(tmp.resolve("parts/a/2.npy"), Arrays.copyOfRange(a, 2500 * d, 3000 * d), d);
        npy(tmp.resolve("parts/b-0.npy"), Arrays.copyOfRange(b, 0, 1500 * d), d);
        npy(tmp.resolve("parts/b-1.npy"), Arrays.copyOfRange(b, 1500 * d, 2000 * d), d);
        Path bWhole = npy(tmp.resolve("whole/b.npy"), b, d);
        Path jsonl = tmp.resolve("tasks.jsonl");
        Files.writeString(jsonl, "{\"name\": \"a\", \"group\": \"G1\", \"path\": \"parts/a\", \"n\": 30}\n\n"
                + "{\"name\": \"b\", \"path\": \"parts/b-*.npy\", \"size\": 123}\n");
        Path csv = tmp.resolve("tasks.csv");
        Files.writeString(csv, "name,group,path,n,size\na,G1,parts/a,30,\nb,,\"parts/b-*.npy\",,123\n");
        Path o1 = tmp.resolve("m1.json");
        Path o2 = tmp.resolve("m2.json");
        Path o3 = tmp.resolve("single.json");
        Run.of("estimate", "--manifest", jsonl.toString(), "--target-identity", "--out", o1.toString()).ok();
        Run.of("estimate", "--manifest", csv.toString(), "--target-identity", "--out", o2.toString()).ok();
        Run.of("estimate", "--task", "a=" + whole, "--task", "b=" + bWhole, "--target-identity", "--out", o3.toString()).ok();
        Problem p1 = ProblemReader.read(o1);
        Problem p2 = ProblemReader.read(o2);
        Problem p3 = ProblemReader.read(o3);
        assertEquals(p1.catalog(), p2.catalog(), "JSONL and CSV manifests give the same catalog");
        assertEquals("G1", p1.catalog().task(0).group());
        assertEquals(30, p1.catalog().task(0).promptLength());
        assertEquals(3000.0, p1.catalog().task(0).size(), "size defaults to the sample count");
        assertEquals(123.0, p1.catalog().task(1).size(), "the manifest's size wins");
        for (int t = 0; t < 2; t++) {
            SymmetricMatrix split = p1.catalog().task(t).covariance();
            SymmetricMatrix one = p3.catalog().task(t).covariance();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    assertEquals(one.get(i, j), split.get(i, j), SPLIT_TOL * Math.abs(one.get(i, i)), t + ":" + i + "," + j);
                }
            }
        }
    }

    @Test
    void badManifestsFailWithOneLine() throws IOException {
        int d = 2;
        npy(tmp.resolve("x.npy"), MemoryRows.gaussian(SymmetricMatrix.identity(d), 500, 1), d);
        String out = tmp.resolve("o.json").toString();
        Path m = tmp.resolve("m.jsonl");
        Files.writeString(m, "{\"name\": \"a\", \"path\": \"x.npy\", \"colour\": 1}\n");
        Run.of("estimate", "--manifest", m.toString(), "--target-identity", "--out", out)
                .inputError(m + ": line 1.colour: unknown field; expected one of [array, column, group, n, name, path,"
                        + " size, taskColumn, taskValue]");
        Files.writeString(m, "{\"name\": \"a\", \"path\": \"x.npy\"}\n{\"name\": \"a\", \"path\": \"x.npy\"}\n");
        Run.of("estimate", "--manifest", m.toString(), "--target-identity", "--out", out)
                .inputError(m + ": line 2.name: value \"a\" is given twice; task names must be unique");
        Files.writeString(m, "{\"name\": \"a\", \"path\": \"nope/*.npy\"}\n");
        Run.of("estimate", "--manifest", m.toString(), "--target-identity", "--out", out)
                .inputError(m + ": line 1.path: value \"nope/*.npy\" matches no file");
        Files.writeString(m, "{\"name\": \"a\", \"path\": \"x.npy\", \"n\": 2.5}\n");
        Run.of("estimate", "--manifest", m.toString(), "--target-identity", "--out", out)
                .inputError(m + ": line 1.n: value 2.5 must be a whole number >= 1");
        Files.writeString(m, "{\"name\": \"a\", \"path\": \"x.npy\"\n");
        Run r = Run.of("estimate", "--manifest", m.toString(), "--target-identity", "--out", out);
        assertEquals(Main.EXIT_INPUT, r.code());
        assertTrue(r.err().startsWith("taskmix: error: " + m + ": line 1: not valid JSON"), r.err());
        Run.of("estimate", "--manifest", m.toString(), "--task", "a=x.npy", "--target-identity", "--out", out)
                .inputError("--task and --manifest: give one of them, not both");
        Run.of("estimate", "--target-identity", "--out", out)
                .inputError("give the tasks with --task NAME=FILE (repeatable) or --manifest FILE");
        Run.of("estimate", "--task", "a=" + tmp.resolve("x.npy"), "--shrinkage", "lw", "--target-identity", "--out", out)
                .inputError("--shrinkage: value \"lw\" must be one of none, oas (run 'taskmix estimate --help' for usage)");
    }

    @Test
    void shrinkageWarningAndBootstrapThenSolveStability() throws IOException {
        int d = 10;
        SymmetricMatrix lambda = Generators.powerLaw(d, 0.8, 4).build();
        Path a = npy(tmp.resolve("a.npy"), MemoryRows.gaussian(lambda, 300, 1), d);
        Path b = npy(tmp.resolve("b.npy"), MemoryRows.gaussian(Generators.powerLaw(d, 0.2, 5).build(), 5000, 2), d);
        Path t = npy(tmp.resolve("t.npy"), MemoryRows.gaussian(Generators.powerLaw(d, 0.5, 6).build(), 5000, 3), d);
        Path out = tmp.resolve("p.json");
        Run r = Run.of("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target", t.toString(), "--shrinkage",
                "oas", "--bootstrap", "50", "--json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // Task a has 30 samples per dimension: warned on stderr and in the JSON; b has 500: not.
        assertEquals("taskmix: warning: task a: " + org.taskmix.catalog.Shrinkage.samplesWarning(300, d)
                + System.lineSeparator(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        assertEquals("oas", doc.get("shrinkage").asText());
        JsonNode ta = doc.get("tasks").get(0);
        assertTrue(ta.has("warning"));
        assertTrue(!doc.get("tasks").get(1).has("warning"));
        double rho = ta.get("shrinkageIntensity").asDouble();
        assertTrue(rho > 0 && rho < 1, "rho " + rho);
        assertTrue(ta.get("hardness").asDouble() < ta.get("rawHardness").asDouble(), "shrinkage lowers hardness");
        assertTrue(ta.get("hardnessLow").asDouble() <= ta.get("hardnessBiasCorrected").asDouble()
                && ta.get("hardnessBiasCorrected").asDouble() <= ta.get("hardnessHigh").asDouble());
        // solve --bootstrap: the stability block, and the same numbers for the same seed.
        Run s1 = Run.of("solve", out.toString(), "--bootstrap", "30", "--bootstrap-shrinkage", "oas", "--json", "-q");
        assertEquals(0, s1.code(), s1.err());
        Run s2 = Run.of("solve", out.toString(), "--bootstrap", "30", "--bootstrap-shrinkage", "oas", "--json", "-q");
        JsonNode st = Json.mapper().readTree(s1.out()).get("stability");
        assertEquals(30, st.get("replicates").asInt());
        assertEquals(300.0, st.get("tasks").get(0).get("samples").asDouble());
        for (JsonNode task : st.get("tasks")) {
            double f = task.get("selectedFraction").asDouble();
            assertTrue(f >= 0 && f <= 1);
            assertTrue(task.get("weightLow").asDouble() <= task.get("weightHigh").asDouble());
        }
        assertEquals(Json.mapper().readTree(s1.out()).get("stability"), Json.mapper().readTree(s2.out()).get("stability"));
        Run human = Run.of("solve", out.toString(), "--bootstrap", "10", "-q");
        assertTrue(human.out().contains("weight stability: 10 bootstrap replicates"), human.out());
        Run.of("solve", out.toString(), "--bootstrap", "1").inputError("--bootstrap: value 1 must be >= 2 (replicates)");
    }
}
