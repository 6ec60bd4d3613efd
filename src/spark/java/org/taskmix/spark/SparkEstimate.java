package org.taskmix.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.CovarianceEstimator;
import org.taskmix.catalog.CovarianceRules;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.CovarianceSidecar;
import org.taskmix.io.InputException;
import org.taskmix.io.Manifest;
import org.taskmix.io.ProblemWriter;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * {@code estimate --manifest} on Apache Spark (docs/formats.md, "Spark estimation"): the same
 * manifest and Parquet layout in, the same problem file (and sidecar) out, with the per-task
 * moments computed by {@link SparkMoments} on the cluster.
 *
 * <pre>
 * spark-submit --class org.taskmix.spark.SparkEstimate taskmix.jar --manifest tasks.jsonl
 *     (--target FILE | --target-identity) [--target-name NAME] [--center] [--shrinkage none|oas]
 *     [--sidecar auto|always|never] [--n N] [--m M] [--k K,K,…] [--no-size] [--name NAME] --out PROBLEM
 * </pre>
 * Manifest paths are resolved on the driver (globs and folders expanded as {@code estimate}
 * does), so they must be visible there and under the same names on the executors (a shared
 * file system; for HDFS or S3, list the files with a local mirror of the layout).
 */
public final class SparkEstimate {

    /** Options, as {@code estimate} names them. */
    public static final class Options {
        Path manifest;
        Path target;
        boolean targetIdentity;
        String targetName = "target";
        boolean center;
        String shrinkage = "none";
        String sidecar = "auto";
        Integer n;
        Integer m;
        List<Integer> k;
        boolean noSize;
        String name;
        Path out;

        /** Parses {@code args}; throws {@link IllegalArgumentException} with the option's name. */
        public static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--center" -> o.center = true;
                    case "--no-size" -> o.noSize = true;
                    case "--target-identity" -> o.targetIdentity = true;
                    default -> {
                        if (i + 1 >= args.length || !a.startsWith("--")) {
                            throw new IllegalArgumentException(a + ": unknown option or missing value");
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--manifest" -> o.manifest = Path.of(v);
                            case "--target" -> o.target = Path.of(v);
                            case "--target-name" -> o.targetName = v;
                            case "--shrinkage" -> o.shrinkage = v;
                            case "--sidecar" -> o.sidecar = v;
                            case "--n" -> o.n = Integer.parseInt(v);
                            case "--m" -> o.m = Integer.parseInt(v);
                            case "--k" -> o.k = java.util.Arrays.stream(v.split(",")).map(s -> Integer.valueOf(s.strip()))
                                    .toList();
                            case "--name" -> o.name = v;
                            case "--out" -> o.out = Path.of(v);
                            default -> throw new IllegalArgumentException(a + ": unknown option");
                        }
                    }
                }
            }
            if (o.manifest == null || o.out == null || (o.target == null) == !o.targetIdentity) {
                throw new IllegalArgumentException("usage: SparkEstimate --manifest FILE (--target FILE |"
                        + " --target-identity) --out PROBLEM [--target-name NAME] [--center] [--shrinkage none|oas]"
                        + " [--sidecar auto|always|never] [--n N] [--m M] [--k K,...] [--no-size] [--name NAME]");
            }
            return o;
        }
    }

    private SparkEstimate() {
    }

    /** Entry point for spark-submit: one error line and exit 2 on bad input. */
    public static void main(String[] args) {
        SparkSession spark = null;
        try {
            Options o = Options.parse(args);
            spark = SparkSession.builder().appName("taskmix-estimate").getOrCreate();
            AtomicFiles.beginRun();
            Problem p = run(spark, o);
            AtomicFiles.commitRun();
            System.out.printf(Locale.ROOT, "wrote %s: %d tasks, d = %d%n", o.out, p.catalog().size(), p.dim());
        } catch (IllegalArgumentException e) {
            AtomicFiles.abortRun();
            System.err.println("taskmix: error: " + e.getMessage());
            System.exit(2);
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** Estimates every manifest task (and the target) on {@code spark} and writes the problem. */
    public static Problem run(SparkSession spark, Options o) {
        Shrinkage.Method method = Shrinkage.Method.parse(o.shrinkage);
        List<Manifest.Entry> entries = Manifest.read(o.manifest);
        List<SparkMoments.Input> inputs = new ArrayList<>();
        for (Manifest.Entry e : entries) {
            if (e.array() != null) {
                throw InputException.at(o.manifest, null, e.where() + ": \"array\" (NPZ) is not read by the Spark job;"
                        + " it reads Parquet only");
            }
            inputs.add(new SparkMoments.Input(e.files().stream().map(Path::toString).toList(), e.column(),
                    e.taskColumn(), e.taskValue()));
        }
        if (o.target != null) {
            inputs.add(new SparkMoments.Input(List.of(o.target.toString()), null, null, null));
        }
        List<CovarianceEstimator> est = SparkMoments.estimate(spark, inputs, o.center);
        int d = est.get(0).dim();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Manifest.Entry e = entries.get(i);
            SymmetricMatrix cov = shrunk(est.get(i), d, method, e.files().get(0));
            Double size = o.noSize ? null : e.size() != null ? e.size() : (Double) (double) est.get(i).count();
            tasks.add(new Task(e.name(), e.group(), size, e.n(), cov, WeightLimits.NONE));
        }
        SymmetricMatrix sigma = o.targetIdentity ? SymmetricMatrix.identity(d)
                : shrunk(est.get(entries.size()), d, method, o.target);
        String bad = CovarianceRules.targetViolation(sigma);
        if (bad != null) {
            throw InputException.at(o.target, null, bad);
        }
        Settings defaults = Settings.DEFAULT;
        Settings settings = new Settings(o.n != null ? o.n : defaults.n(), o.m != null ? o.m : defaults.m(),
                o.k != null ? o.k : defaults.k(), defaults.train());
        String stem = o.out.getFileName().toString().replaceFirst("\\.json$", "");
        Problem problem = new Problem(o.name != null ? o.name : stem, "estimated on Spark from " + o.manifest + " ("
                + (o.center ? "sample covariance" : "second moment") + ", shrinkage " + o.shrinkage.toLowerCase(Locale.ROOT)
                + ")", new Catalog(tasks), List.of(Target.of(o.targetName, sigma)), settings, o.out.toString());
        long entriesCount = (long) tasks.size() * d * d;
        boolean compact = switch (o.sidecar.toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> entriesCount > CovarianceSidecar.AUTO_THRESHOLD_ENTRIES;
            default -> throw new IllegalArgumentException("--sidecar: value \"" + o.sidecar
                    + "\" must be auto, always or never");
        };
        if (compact) {
            ProblemWriter.writeCompact(o.out, problem, o.out.resolveSibling(stem + ".covariances.npy"));
        } else {
            ProblemWriter.write(o.out, problem);
        }
        return problem;
    }

    /** The covariance of one input after the sample-count check and shrinkage, as estimate does. */
    private static SymmetricMatrix shrunk(CovarianceEstimator e, int d, Shrinkage.Method method, Object where) {
        long needed = e.centered() ? d + 1L : d;
        if (e.count() < needed) {
            throw InputException.at(where, null, "has " + e.count() + " samples but the dimension is " + d + "; a "
                    + (e.centered() ? "centred " : "") + "sample covariance from fewer than " + needed
                    + " samples is singular: give at least " + needed + " samples");
        }
        SymmetricMatrix raw = e.covariance();
        String psd = CovarianceRules.psdViolation(raw);
        if (psd != null) {
            throw InputException.at(where, null, psd);
        }
        return Shrinkage.apply(raw, e.centered() ? e.count() - 1.0 : e.count(), method).covariance();
    }
}
