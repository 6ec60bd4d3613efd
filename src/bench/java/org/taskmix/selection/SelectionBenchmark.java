package org.taskmix.selection;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Solve time of the selection program, measured after the problem is built (random catalogs from
 * {@link RandomSelectionProblems}, seed 1). Each invocation checks that the result is certified
 * optimal, so a fast wrong answer cannot pass for a fast right one.
 *
 * <pre>mvn -B -q -Pbench package -DskipTests
 * java -Xmx2g -jar target/benchmarks.jar SelectionBenchmark -f 1 -wi 1 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SelectionBenchmark {

    /** "d:T" pairs of the issue: 16:1000, 16:100000, 64:10000. */
    @Param({"16:1000", "16:100000", "64:10000"})
    public String size;

    private SelectionProblem problem;

    @Setup(Level.Trial)
    public void build() {
        String[] s = size.split(":");
        problem = RandomSelectionProblems.problem(1, Integer.parseInt(s[0]), Integer.parseInt(s[1]));
    }

    @Benchmark
    public SelectionResult largeScale() {
        SelectionResult r = SolverSettings.LARGE_SCALE.create().solve(problem);
        if (r.status() != Status.OPTIMAL) {
            throw new IllegalStateException(size + ": " + r.status() + " " + r.message());
        }
        return r;
    }

    /** ojAlgo on small catalogs, to find where it stays under 10 s (active-set: about 1 s at 200, 13 s at 300). */
    @State(Scope.Benchmark)
    public static class OjAlgo {
        @Param({"100", "200", "300"})
        public int tasks;

        SelectionProblem problem;

        @Setup(Level.Trial)
        public void build() {
            problem = RandomSelectionProblems.problem(1, 16, tasks);
        }
    }

    @Benchmark
    public SelectionResult ojalgoActiveSet(OjAlgo s) {
        return new OjAlgoSolver("raw", OjAlgoSolver.Algorithm.ACTIVE_SET, Tolerances.DEFAULT, 1_000_000, 600, false)
                .solve(s.problem);
    }

    @Benchmark
    public SelectionResult ojalgoAdmm(OjAlgo s) {
        return new OjAlgoSolver("raw", OjAlgoSolver.Algorithm.ADMM, Tolerances.DEFAULT, 1_000_000, 600, false)
                .solve(s.problem);
    }

    /** Building the reduced problem (the fast path: covariances generated and reduced in parallel). */
    @State(Scope.Benchmark)
    public static class Build {
        @Param({"16:100000", "64:10000"})
        public String size;
    }

    @Benchmark
    public SelectionProblem buildProblem(Build b) {
        String[] s = b.size.split(":");
        return RandomSelectionProblems.problem(1, Integer.parseInt(s[0]), Integer.parseInt(s[1]));
    }
}
