package org.taskmix.io;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.SpecifiedProblem;
import org.taskmix.cli.Main;
import picocli.CommandLine;

/**
 * {@code inspect} of a 1,000-task, d = 64 catalog: the whole command (read, validate every
 * covariance incl. its PSD check, diagnostics with one Σ⁻¹, JSON output), with covariances
 * stored as full matrices (what {@code estimate} writes, ~80 MB of JSON) or as spectrum + seed
 * specs (what {@code generate} writes); and the diagnostics alone on an in-memory problem.
 *
 * <pre>java -jar target/benchmarks.jar InspectBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class InspectBenchmark {

    @Param({"matrices", "specs"})
    String form;

    Path file;
    SpecifiedProblem generated;
    Problem problem;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SpecifiedProblem sp = Generators.powerLawCatalog(
                new Generators.PowerLawCatalog(1000, 64, 0.1, 1.5, 3, 64, 0.01, 0.8, Settings.DEFAULT));
        generated = sp;
        file = Files.createTempFile("taskmix-bench-inspect-", ".json");
        ProblemWriter.write(file, form.equals("matrices") ? SpecifiedProblem.ofMatrices(sp.problem()) : sp);
    }

    /**
     * Fresh matrix objects before every iteration: {@code SymmetricMatrix} caches its
     * eigendecomposition, and reusing one problem would time only the cached path.
     */
    @Setup(Level.Iteration)
    public void freshProblem() {
        Problem p = generated.problem();
        java.util.List<org.taskmix.catalog.Task> tasks = new java.util.ArrayList<>();
        for (org.taskmix.catalog.Task t : p.catalog().tasks()) {
            tasks.add(org.taskmix.catalog.Task.of(t.name(),
                    org.taskmix.linalg.SymmetricMatrix.of(t.covariance().toArray())));
        }
        problem = new Problem(p.name(), p.description(), new org.taskmix.catalog.Catalog(tasks),
                java.util.List.of(org.taskmix.catalog.Target.of("t",
                        org.taskmix.linalg.SymmetricMatrix.of(p.target().covariance().toArray()))), p.settings(), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int inspectCommand() {
        CommandLine cl = Main.commandLine();
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        cl.setOut(sink);
        cl.setErr(sink);
        int code = cl.execute("inspect", "--json", file.toString());
        AtomicFiles.clearInputs();
        if (code != 0) {
            throw new IllegalStateException("inspect exited " + code);
        }
        return code;
    }

    @Benchmark
    public ProblemDiagnostics diagnosticsOnly() {
        return ProblemDiagnostics.of(problem);
    }
}
