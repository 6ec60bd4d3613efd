package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.CovarianceEstimator;
import org.taskmix.catalog.CovarianceSpec;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.MemoryRows;
import org.taskmix.catalog.Problem;
import org.taskmix.linalg.SymmetricMatrix;

/** The covariance spec objects of problem files, read through {@link ProblemReader}. */
class CovarianceSpecsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void onlyExactlyDiagonalMatricesAreWrittenAsDiagonals() {
        assertTrue(CovarianceSpec.diagonalOrMatrix(SymmetricMatrix.diagonal(2, 0, 3)) instanceof CovarianceSpec.Diagonal g
                && g.build().equals(SymmetricMatrix.diagonal(2, 0, 3)));
        // -0.0 off the diagonal would read back as +0.0: other bits, so the matrix is kept.
        assertTrue(CovarianceSpec.diagonalOrMatrix(SymmetricMatrix.of(new double[][] {{1, -0.0}, {-0.0, 1}}))
                instanceof CovarianceSpec.Matrix);
        assertTrue(CovarianceSpec.diagonalOrMatrix(SymmetricMatrix.of(new double[][] {{1, 1e-300}, {1e-300, 1}}))
                instanceof CovarianceSpec.Matrix);
        assertTrue(CovarianceSpec.diagonalOrMatrix(SymmetricMatrix.diagonal(1, -1)) instanceof CovarianceSpec.Matrix);
    }

    @Test
    void samplesSpecResolvesRelativeToTheProblemAndMatchesTheEstimator() throws IOException {
        int d = 3;
        int n = 500;
        double[] x = MemoryRows.gaussian(SymmetricMatrix.diagonal(3, 2, 1), n, 4);
        Files.createDirectories(tmp.resolve("data"));
        try (NpyWriter w = NpyWriter.create(tmp.resolve("data/t.npy"), n, d, false)) {
            for (int r = 0; r < n; r++) {
                w.row(java.util.Arrays.copyOfRange(x, r * d, r * d + d));
            }
        }
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int r = 0; r < n; r++) {
            csv.append(x[r * d]).append(',').append(x[r * d + 1]).append(',').append(x[r * d + 2]).append('\n');
        }
        Files.writeString(tmp.resolve("data/t.csv"), csv);
        Path problem = write("""
                {"format": "taskmix/problem-1", "name": "s", "dimension": 3,
                 "tasks": [{"name": "npy", "covariance": {"samples": "data/t.npy"}},
                           {"name": "csv", "covariance": {"samples": "data/t.csv", "center": false}},
                           {"name": "centred", "covariance": {"samples": "data/t.npy", "center": true}}],
                 "target": {"name": "t", "covariance": {"samples": "data/t.csv"}}}
                """);
        Problem p = ProblemReader.read(problem);
        SymmetricMatrix raw = CovarianceEstimator.of(new MemoryRows(x, d, 64), false, 1).covariance();
        SymmetricMatrix centred = CovarianceEstimator.of(new MemoryRows(x, d, 64), true, 1).covariance();
        assertEquals(raw, p.catalog().task(0).covariance());
        // Double.toString round-trips, so the CSV holds exactly the same doubles.
        assertEquals(raw, p.catalog().task(1).covariance());
        assertEquals(centred, p.catalog().task(2).covariance());
        assertEquals(raw, p.target().covariance());
    }

    @Test
    void randomBasisSpecRebuildsTheGeneratorsMatrix() throws IOException {
        Path f = write("""
                {"format": "taskmix/problem-1", "name": "r", "dimension": 4,
                 "tasks": [{"name": "a", "covariance": {"spectrum": [1, 0.5, 0.25, 0.125], "basis": "random", "seed": 99}}],
                 "target": {"name": "t", "covariance": {"spectrum": [1, 1, 1, 1], "basis": "identity"}}}
                """);
        Problem p = ProblemReader.read(f);
        assertEquals(Generators.lowRankPlusFloor(4, new double[] {1, 0.5, 0.25, 0.125}, 0, 99).build(),
                p.catalog().task(0).covariance());
        assertEquals(SymmetricMatrix.identity(4), p.target().covariance());
    }

    @Test
    void explicitBasisIsAppliedAsColumns() throws IOException {
        double c = Math.sqrt(0.5);
        Path f = write("{\"format\": \"taskmix/problem-1\", \"name\": \"e\", \"dimension\": 2, \"tasks\": [{\"name\": \"a\","
                + " \"covariance\": {\"spectrum\": [3, 1], \"basis\": [[" + c + ", " + (-c) + "], [" + c + ", " + c + "]]}}],"
                + " \"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 1]}}}");
        SymmetricMatrix m = ProblemReader.read(f).catalog().task(0).covariance();
        assertEquals(2.0, m.get(0, 0), 1e-15);
        assertEquals(1.0, m.get(0, 1), 1e-15);
    }

    @Test
    void specFieldErrorsNameTheField() throws IOException {
        assertError("{\"spectrum\": [1, 1], \"basis\": \"random\"}",
                "tasks[0].covariance.seed: missing required field: \"basis\": \"random\" needs an integer \"seed\" so the"
                        + " basis can be reproduced");
        assertError("{\"spectrum\": [1, 1], \"seed\": 3}",
                "tasks[0].covariance.seed: a seed is only used with \"basis\": \"random\"");
        assertError("{\"spectrum\": [1, 1], \"basis\": \"pca\"}",
                "tasks[0].covariance.basis: value \"pca\" is not a supported basis; expected \"identity\", \"random\""
                        + " (with \"seed\") or a d x d matrix whose columns are orthonormal eigenvectors");
        assertError("{\"spectrum\": [1, 1], \"basis\": [[1, 0], [0.001, 1]]}",
                "tasks[0].covariance.basis: columns are not orthonormal: max |Q^T Q - I| = 0.001 exceeds 1.0E-8; give"
                        + " the eigenvectors as orthonormal columns with at least 10 significant digits");
        assertError("{\"spectrum\": [1, -2]}",
                "tasks[0].covariance.spectrum[1]: value -2.0 is negative; covariance eigenvalues (and variances) must be >= 0");
        assertError("{\"diagonal\": [1, 1], \"spectrum\": [1, 1]}",
                "tasks[0].covariance.spectrum: a covariance spec has exactly one of diagonal, spectrum, samples; this one"
                        + " also has \"diagonal\"");
        assertError("{\"diagonal\": [1, 1], \"center\": true}",
                "tasks[0].covariance.center: field not used by a \"diagonal\" spec; it takes only diagonal");
        assertError("{\"diagonal\": [1, 1, 1]}", "tasks[0].covariance.diagonal: has 3 entries but \"dimension\" is 2");
        assertError("{}", "tasks[0].covariance: spec object must have one of: diagonal, spectrum, samples (or give the"
                + " full matrix)");
    }

    /** Tasks are validated in parallel, but the error reported is the first bad task in the file. */
    @Test
    void firstBadTaskInFileOrderIsReported() throws IOException {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String cov = i == 17 ? "[[1, 2], [2, 1]]" : i == 41 ? "{\"diagonal\": [1]}" : "{\"spectrum\": [1, 0.5], \"basis\": \"random\", \"seed\": " + i + "}";
            tasks.append(i > 0 ? ", " : "").append("{\"name\": \"t").append(i).append("\", \"covariance\": ").append(cov).append('}');
        }
        Path f = write("{\"format\": \"taskmix/problem-1\", \"name\": \"x\", \"dimension\": 2, \"tasks\": [" + tasks
                + "], \"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 1]}}}");
        for (int run = 0; run < 5; run++) {
            InputException e = assertThrows(InputException.class, () -> ProblemReader.read(f));
            assertTrue(e.getMessage().startsWith(f + ": tasks[17].covariance: smallest eigenvalue -"), e.getMessage());
        }
    }

    private void assertError(String spec, String expected) throws IOException {
        Path f = write("{\"format\": \"taskmix/problem-1\", \"name\": \"x\", \"dimension\": 2, \"tasks\": [{\"name\": \"a\","
                + " \"covariance\": " + spec + "}], \"target\": {\"name\": \"t\", \"covariance\": {\"diagonal\": [1, 1]}}}");
        InputException e = assertThrows(InputException.class, () -> ProblemReader.read(f));
        assertEquals(f + ": " + expected, e.getMessage());
    }

    private int files;

    private Path write(String text) throws IOException {
        Path p = tmp.resolve("p" + (files++) + ".json");
        Files.writeString(p, text);
        return p;
    }
}
