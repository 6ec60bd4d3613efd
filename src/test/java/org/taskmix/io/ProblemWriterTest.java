package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.CovarianceSpec;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.SpecifiedProblem;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.RandomOrthogonal;
import org.taskmix.linalg.SymmetricMatrix;

/** Writing then reading gives back the same problem, bit for bit. */
class ProblemWriterTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
    }

    @Test
    void generatedSpecsRoundTripBitForBit() {
        SpecifiedProblem sp = Generators.paperTaskSelection(Generators.PaperTaskSelection.defaults(24, 2, 3));
        Path f = tmp.resolve("p.json");
        ProblemWriter.write(f, sp);
        assertSameProblem(sp.problem(), ProblemReader.read(f));
    }

    @Test
    void fullMatricesRoundTripBitForBit() {
        SpecifiedProblem sp = Generators.powerLawCatalog(
                new Generators.PowerLawCatalog(3, 7, 0.1, 1.3, 9, 7, 0.01, 0.5, Settings.DEFAULT));
        Path f = tmp.resolve("m.json");
        ProblemWriter.write(f, sp.problem());
        assertSameProblem(sp.problem(), ProblemReader.read(f));
    }

    @Test
    void everyOptionalFieldAndExplicitBasisRoundTrip() {
        DMatrixRMaj q = RandomOrthogonal.haar(3, 4);
        double[][] basis = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                basis[i][j] = q.get(i, j);
            }
        }
        CovarianceSpec explicit = new CovarianceSpec.ExplicitBasis(new double[] {3, 2, 1e-7}, basis);
        CovarianceSpec diag = new CovarianceSpec.Diagonal(new double[] {1, 0.1, 1.0 / 3});
        Random rng = new Random(2);
        double[][] rows = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                rows[i][j] = rows[j][i] = rng.nextDouble() / 7;
            }
            rows[i][i] += 1;
        }
        CovarianceSpec full = new CovarianceSpec.Matrix(SymmetricMatrix.of(rows));
        List<Task> tasks = List.of(
                new Task("e \"quoted\"", "G1", 12.5, 9, explicit.build(), new WeightLimits(0.1, 0.8, null)),
                new Task("d", null, null, null, diag.build(), new WeightLimits(0, 1, 0.25)),
                new Task("m", "G2", 3.0, null, full.build(), WeightLimits.NONE));
        List<Target> targets = List.of(new Target("t1", diag.build(), 2), new Target("t2", full.build(), 0.5));
        Settings settings = new Settings(11, 33, List.of(1, 3, 9),
                new TrainingSettings("sgd", 10, 4, 0.3, "constant", 7, -5));
        Problem p = new Problem("all", "line one\nline \"two\"", new Catalog(tasks), targets, settings, "x");
        SpecifiedProblem sp = new SpecifiedProblem(p, List.of(explicit, diag, full), List.of(diag, full));
        Path f = tmp.resolve("all.json");
        ProblemWriter.write(f, sp);
        Problem back = ProblemReader.read(f);
        assertSameProblem(p, back);
        assertEquals(p.description(), back.description());
        assertEquals(settings, back.settings());
        assertEquals(new WeightLimits(0.1, 0.8, null), back.catalog().task(0).limits());
        assertEquals(0.25, back.catalog().task(1).limits().fixed());
        assertEquals(12.5, back.catalog().task(0).size());
        assertEquals(9, back.catalog().task(0).promptLength());
        assertEquals(2.0, back.targets().get(0).weight());
    }

    @Test
    void matricesAreWrittenOneRowPerLine() throws IOException {
        Problem p = new Problem("m", "", new Catalog(List.of(Task.of("a", SymmetricMatrix.of(new double[][] {{2, 0.5}, {0.5, 1}})))),
                List.of(Target.of("t", SymmetricMatrix.identity(2))), Settings.DEFAULT, null);
        Path f = tmp.resolve("m.json");
        ProblemWriter.write(f, p);
        String text = Files.readString(f);
        assertTrue(text.contains("\"covariance\": [\n      [2, 0.5],\n      [0.5, 1]\n    ]}"), text);
    }

    @Test
    void committedPaperProblemIsTheGeneratorsOutput() throws IOException {
        // problems/paper-task-selection.json = generate paper-task-selection --dimension 50
        // --tasks-per-type 5 --seed 7 (defaults n = d, m = 2d): regenerating must reproduce it.
        var o = new Generators.PaperTaskSelection(50, 5, 7, Generators.DEFAULT_FLOOR, 10, 50, null, null,
                Generators.HARD_ALPHA, new Settings(50, 100, Settings.DEFAULT.k()));
        String text = ProblemWriter.toJson(Generators.paperTaskSelection(o));
        assertEquals(Files.readString(Path.of("problems/paper-task-selection.json")), text);
    }

    static void assertSameProblem(Problem want, Problem got) {
        assertEquals(want.name(), got.name());
        assertEquals(want.catalog().names(), got.catalog().names());
        for (int i = 0; i < want.catalog().size(); i++) {
            Task a = want.catalog().task(i);
            Task b = got.catalog().task(i);
            assertEquals(a.covariance(), b.covariance(), "task " + a.name());
            assertEquals(a.group(), b.group());
            assertEquals(a.promptLength(), b.promptLength());
        }
        assertEquals(want.targets().size(), got.targets().size());
        for (int i = 0; i < want.targets().size(); i++) {
            assertEquals(want.targets().get(i).covariance(), got.targets().get(i).covariance());
            assertEquals(want.targets().get(i).name(), got.targets().get(i).name());
        }
        assertEquals(want.settings(), got.settings());
    }
}
