package org.taskmix.selection;

class LargeScaleContractTest extends SolverContract {
    @Override
    SelectionSolver solver() {
        return SolverSettings.LARGE_SCALE.create();
    }
}
