package org.taskmix.linalg;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One rank-k update {@code C += XᵀX} (upper triangle) of the covariance estimator, one thread:
 * GFLOP/s = {@code rows·d·(d+1) / (µs per op · 1000)}. {@code impl = vector} is the Vector API
 * kernel (this fork adds {@code jdk.incubator.vector}), {@code scalar} the plain-Java one.
 *
 * <pre>mvn -B -q -Pbench package -DskipTests &amp;&amp; java -jar target/benchmarks.jar RankKUpdateBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class RankKUpdateBenchmark {

    @Param({"768", "4096"})
    int d;

    @Param({"64", "128", "256"})
    int rows;

    @Param({"vector", "scalar"})
    String impl;

    double[][] x;
    double[][] c;
    RankKUpdate kernel;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[rows][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (rng.nextDouble() - 0.5);
            }
        }
        c = new double[d][d];
        kernel = "vector".equals(impl) ? RankKUpdate.create(d, rows) : RankKUpdate.scalar(d, rows);
        if ("vector".equals(impl) && !kernel.name().startsWith("vector")) {
            throw new IllegalStateException("the Vector API kernel is not available in this fork");
        }
    }

    @Benchmark
    public double[][] update() {
        kernel.update(x, rows, c, 1);
        return c;
    }
}
