package org.taskmix.selection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.io.ProblemReader;
import org.taskmix.linalg.SymmetricMatrix;

/** Shared test problems. */
final class Fixtures {

    /**
     * Two solvers of an exact method agree far better than this; 1e-8 is the contract of the
     * issue (objectives agree to 1e-8 relative).
     */
    static final double AGREE = 1e-8;

    private Fixtures() {
    }

    /**
     * Hand-derived: d = 2, Σ = I, Λ_a = diag(1, 0), Λ_b = diag(0, 3), Λ_c = 0.2 I. With π_c = 0,
     * f = (1 − x)² + (3x − 2)² for x = π_a, minimised at x = 0.7 (f' = 20x − 14), f* = 0.1. The
     * gradient g_ℓ = 2 tr(Λ_ℓ R) with R = diag(−0.3, −0.1) is −0.6 for a and b and −0.16 for c, so
     * c stays out (its reduced gradient is +0.44).
     */
    static Problem handDerived(WeightLimits aLimits) {
        List<Task> tasks = List.of(
                new Task("a", "Easy-Short", 10.0, null, SymmetricMatrix.diagonal(1, 0), aLimits),
                new Task("b", "Hard-Long", 30.0, null, SymmetricMatrix.diagonal(0, 3), WeightLimits.NONE),
                new Task("c", "Easy-Long", 60.0, null, SymmetricMatrix.diagonal(0.2, 0.2), WeightLimits.NONE));
        return new Problem("hand", "hand-derived", new Catalog(tasks), List.of(Target.of("I", SymmetricMatrix.identity(2))),
                Settings.DEFAULT, "test");
    }

    /** Every problems/*.json of the repository, read. */
    static List<Problem> problemFiles() {
        List<Problem> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("problems"))) {
            for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                out.add(ProblemReader.read(p));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
