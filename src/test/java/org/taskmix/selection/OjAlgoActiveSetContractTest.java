package org.taskmix.selection;

class OjAlgoActiveSetContractTest extends SolverContract {
    @Override
    SelectionSolver solver() {
        return SolverSettings.OJALGO_ACTIVE_SET.create();
    }
}
