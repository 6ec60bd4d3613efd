package org.taskmix.validation;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Training throughput at d = 20, n = 20 in prompts per second: sampling, forward, backward,
 * the ordered reduction and the Adam update, on all processors. The score is prompts/s
 * because each invocation trains {@code STEPS · BATCH} prompts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainingBenchmark {

    static final int D = 20;
    static final int N = 20;
    static final int STEPS = 40;
    static final int BATCH = 256;

    /** "rotated": Λ in a random basis (d² root products); "diagonal": the O(d) root path. */
    @Param({"rotated", "diagonal"})
    public String covariance;

    private TrainingMixture mixture;
    private Trainer trainer;
    private long seed;

    @Setup
    public void setUp() {
        SymmetricMatrix lambda;
        if (covariance.equals("diagonal")) {
            double[] spectrum = new double[D];
            for (int i = 0; i < D; i++) {
                spectrum[i] = 1.0 / (i + 1);
            }
            lambda = SymmetricMatrix.diagonal(spectrum);
        } else {
            lambda = KernelBench.rotated(D);
        }
        mixture = TrainingMixture.single(lambda, N);
        trainer = new Trainer();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * BATCH)
    public TrainingResult train() {
        TrainingSettings s = new TrainingSettings("adam", STEPS, BATCH, 0.01, "cosine", 10, seed++);
        return trainer.train(mixture, s, null);
    }
}
