package org.taskmix.selection;

/** The first-order method is slow to reach a 1e-9 gap, so only small problems are in its contract. */
class FirstOrderContractTest extends SolverContract {
    @Override
    SelectionSolver solver() {
        return new FirstOrderSolver("first-order", Tolerances.DEFAULT, 200_000, 20);
    }

    @Override
    boolean handles(SelectionProblem p) {
        return p.size() <= 10 && p.rows() <= 10;
    }
}
