package org.taskmix.selection;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void run() {
        for (int[] c : new int[][] {{4, 20}, {8, 200}, {16, 1000}, {16, 5000}}) {
            SelectionProblem p = RandomSelectionProblems.problem(1, c[0], c[1]);
            long t0 = System.nanoTime();
            SelectionResult a = new ActiveSetSolver("as", Tolerances.DEFAULT, 100000, 60, 5000).solve(p);
            long t1 = System.nanoTime();
            System.out.printf("d=%d T=%d AS %s f=%.15g gap=%.2e kkt=%.2e it=%d %.3fs %s%n", c[0], c[1], a.status(), a.objective(),
                    a.certificate().gap(), a.certificate().kktResidual(), a.iterations(), (t1 - t0) * 1e-9, a.message());
            if (c[1] <= 1000) {
                SelectionResult f = new FirstOrderSolver("fista", Tolerances.DEFAULT, 100000, 60).solve(p);
                long t2 = System.nanoTime();
                System.out.printf("   FISTA %s f=%.15g gap=%.2e it=%d %.3fs %s%n", f.status(), f.objective(),
                        f.certificate().gap(), f.iterations(), (t2 - t1) * 1e-9, f.message());
            }
        }
    }
}
