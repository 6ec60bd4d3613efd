package org.taskmix.selection;

class OjAlgoAdmmContractTest extends SolverContract {
    @Override
    SelectionSolver solver() {
        return SolverSettings.OJALGO_ADMM.create();
    }
}
