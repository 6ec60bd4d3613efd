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
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/**
 * Test-time CoT evaluation at d = 20, m = 40 in prompt-steps per second (one prompt-step = one
 * forward pass of the chain), on all processors, including the sampling and Gram set-up of
 * every prompt. Each invocation evaluates {@code PROMPTS} prompts of 64 (or 16) steps; at 16 the
 * per-prompt set-up is shared by fewer steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CotBenchmark {

    static final int D = 20;
    static final int M = 40;
    static final int PROMPTS = 512;

    /**
     * "structured": V_31 = −P, W initial (the zero pattern a trained model has exactly);
     * "dense": every entry non-zero, the worst case for the zero-skipping products.
     */
    @Param({"structured", "dense"})
    public String model;

    private LsaModel lsa;
    private SymmetricMatrix sigma;
    private ChainOfThought cot;
    private long seed;

    @Setup
    public void setUp() {
        double[] spectrum = new double[D];
        for (int i = 0; i < D; i++) {
            spectrum[i] = 1.0 / (i + 1);
        }
        sigma = SymmetricMatrix.diagonal(spectrum);
        LsaModel optimum = LsaModel.structured(Preconditioner.ofSingle(sigma, 20));
        double[] v = optimum.v();
        double[] w = optimum.w();
        java.util.Random r = new java.util.Random(2);
        if (model.equals("dense")) {
            for (int i = 0; i < v.length; i++) {
                v[i] += 1e-3 * r.nextGaussian();
                w[i] += 1e-3 * r.nextGaussian();
            }
        }
        lsa = LsaModel.of(D, v, w);
        cot = new ChainOfThought();
    }

    @Benchmark
    @OperationsPerInvocation(PROMPTS * 64)
    public CotCurve evaluate64() {
        return cot.evaluate(lsa, sigma, M, 64, PROMPTS, seed++, null);
    }

    @Benchmark
    @OperationsPerInvocation(PROMPTS * 16)
    public CotCurve evaluate16() {
        return cot.evaluate(lsa, sigma, M, 16, PROMPTS, seed++, null);
    }
}
