package org.taskmix.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * Diagnostics of every task and target of a problem (the {@code inspect} command's content).
 *
 * @param tasks   one entry per task, catalog order
 * @param targets one entry per target
 */
public record ProblemDiagnostics(List<TaskDiagnostics> tasks, List<TargetDiagnostics> targets) {

    /**
     * One task's diagnostics.
     *
     * @param name              task name
     * @param group             group or null
     * @param spectral          spectral summary of Λ
     * @param relevance         target-weighted mean of {@link #relevanceByTarget} (see {@link Relevance})
     * @param relevanceByTarget relevance to each target, in target order
     */
    public record TaskDiagnostics(String name, String group, SpectralDiagnostics spectral, double relevance,
                                  List<Double> relevanceByTarget) {
    }

    /**
     * One target's diagnostics.
     *
     * @param name     target name
     * @param weight   target weight
     * @param spectral spectral summary of Σ
     */
    public record TargetDiagnostics(String name, double weight, SpectralDiagnostics spectral) {
    }

    public ProblemDiagnostics {
        tasks = List.copyOf(tasks);
        targets = List.copyOf(targets);
    }

    /**
     * Computes all diagnostics of {@code problem}, the tasks on all cores (each task's entry is
     * its own computation, so the result does not depend on the threads). Catalogs of 10⁶ tasks
     * are diagnosed in seconds this way (docs/theory.md §8).
     */
    public static ProblemDiagnostics of(Problem problem) {
        List<Target> targets = problem.targets();
        List<SymmetricMatrix> inverses = new ArrayList<>();
        boolean[] diagonal = new boolean[targets.size()];
        double weightSum = 0;
        for (int j = 0; j < targets.size(); j++) {
            inverses.add(Relevance.inverse(targets.get(j).covariance()));
            diagonal[j] = Relevance.isDiagonal(inverses.get(j));
            weightSum += targets.get(j).weight();
        }
        double total = weightSum;
        List<Task> tasks = problem.catalog().tasks();
        TaskDiagnostics[] tds = new TaskDiagnostics[tasks.size()];
        IntStream.range(0, tasks.size()).parallel().forEach(i -> {
            Task task = tasks.get(i);
            List<Double> rel = new ArrayList<>(targets.size());
            double mean = 0;
            for (int j = 0; j < targets.size(); j++) {
                double r = Relevance.of(task.covariance(), inverses.get(j), diagonal[j]);
                rel.add(r);
                mean += targets.get(j).weight() * r;
            }
            tds[i] = new TaskDiagnostics(task.name(), task.group(), SpectralDiagnostics.of(task.covariance()),
                    mean / total, rel);
        });
        List<TargetDiagnostics> gds = new ArrayList<>();
        for (Target t : targets) {
            gds.add(new TargetDiagnostics(t.name(), t.weight(), SpectralDiagnostics.of(t.covariance())));
        }
        return new ProblemDiagnostics(Arrays.asList(tds), gds);
    }
}
