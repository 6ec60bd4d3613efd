package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.catalog.Problem;

/**
 * The selection layer in one call: build the program, solve it with the chosen (or automatic)
 * solver, explain the answer, and score baselines on the same objective.
 */
public final class Selection {

    private Selection() {
    }

    /**
     * Everything {@code solve} and {@code compare} report.
     *
     * @param problem     the input problem
     * @param program     the reduced program solved
     * @param settings    the solver configuration used
     * @param result      the solver's answer with certificate
     * @param explanation per-task and per-target explanation of the answer
     */
    public record Solution(Problem problem, SelectionProblem program, SolverSettings settings,
                           SelectionResult result, Explanation explanation) {

        /** The optimum as a mixture named "surrogate" (the surrogate program's optimum, docs/theory.md §12). */
        public Mixture mixture() {
            return new Mixture("surrogate", result.weights().toArray(), "solver " + result.solver() + ", status " + result.status());
        }

        /** The optimum followed by every baseline, each scored on the program's objective. */
        public List<ScoredMixture> compare() {
            List<ScoredMixture> out = new ArrayList<>();
            out.add(ScoredMixture.of(program, mixture()));
            for (Mixture m : Baselines.of(problem, program)) {
                out.add(ScoredMixture.of(program, m));
            }
            return out;
        }
    }

    /**
     * Solves {@code problem}.
     *
     * @param settings solver configuration, or null to choose by size ({@link Solvers#choose})
     * @throws IllegalArgumentException for infeasible constraints, bad targets, or a solver that
     *         cannot take this program (e.g. ojAlgo in robust mode)
     */
    public static Solution solve(Problem problem, SelectionOptions options, SolverSettings settings) {
        SelectionProblem program = SelectionProblem.from(problem, options);
        SolverSettings chosen = settings != null ? settings : Solvers.choose(program);
        SelectionSolver solver = chosen.create();
        String why = solver.unsupported(program);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        SelectionResult result = solver.solve(program);
        Explanation explanation = Explanation.of(problem, program, result.weights().toArray(), result.certificate());
        return new Solution(problem, program, chosen, result, explanation);
    }
}
