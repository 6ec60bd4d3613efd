package org.taskmix.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A problem together with the spec each covariance was made from, so that a writer can store
 * it compactly (a spectrum and a seed rather than a full matrix) and a reader rebuilds exactly
 * the same matrices.
 *
 * @param problem     the problem; task and target covariances equal {@code spec.build()}
 * @param taskSpecs   one spec per task, catalog order
 * @param targetSpecs one spec per target, target order
 */
public record SpecifiedProblem(Problem problem, List<CovarianceSpec> taskSpecs, List<CovarianceSpec> targetSpecs) {

    public SpecifiedProblem {
        Objects.requireNonNull(problem, "problem");
        taskSpecs = List.copyOf(taskSpecs);
        targetSpecs = List.copyOf(targetSpecs);
        if (taskSpecs.size() != problem.catalog().size()) {
            throw new IllegalArgumentException(taskSpecs.size() + " task specs for " + problem.catalog().size() + " tasks");
        }
        if (targetSpecs.size() != problem.targets().size()) {
            throw new IllegalArgumentException(targetSpecs.size() + " target specs for " + problem.targets().size()
                    + " targets");
        }
        for (int i = 0; i < taskSpecs.size(); i++) {
            if (taskSpecs.get(i).dim() != problem.dim()) {
                throw new IllegalArgumentException("tasks[" + i + "]: spec has dimension " + taskSpecs.get(i).dim()
                        + " but the problem has " + problem.dim());
            }
        }
        for (int i = 0; i < targetSpecs.size(); i++) {
            if (targetSpecs.get(i).dim() != problem.dim()) {
                throw new IllegalArgumentException("targets[" + i + "]: spec has dimension " + targetSpecs.get(i).dim()
                        + " but the problem has " + problem.dim());
            }
        }
    }

    /** A problem whose covariances are all written as full matrices. */
    public static SpecifiedProblem ofMatrices(Problem problem) {
        List<CovarianceSpec> tasks = problem.catalog().tasks().stream()
                .<CovarianceSpec>map(t -> new CovarianceSpec.Matrix(t.covariance())).toList();
        List<CovarianceSpec> targets = problem.targets().stream()
                .<CovarianceSpec>map(t -> new CovarianceSpec.Matrix(t.covariance())).toList();
        return new SpecifiedProblem(problem, tasks, targets);
    }

    /**
     * {@link #ofMatrices}, except that a target whose covariance is exactly diagonal (every
     * off-diagonal entry {@code +0.0}, the diagonal finite and {@code >= 0}) is written as
     * {@code {"diagonal": [...]}}, which reads back to the same bits: {@code --target-identity} at
     * d = 4096 is then 4,096 numbers instead of a 50 MB matrix that every later command parses.
     */
    public static SpecifiedProblem withDiagonalTargets(Problem problem) {
        SpecifiedProblem full = ofMatrices(problem);
        List<CovarianceSpec> targets = problem.targets().stream()
                .map(t -> CovarianceSpec.diagonalOrMatrix(t.covariance())).toList();
        return new SpecifiedProblem(problem, full.taskSpecs(), targets);
    }
}
