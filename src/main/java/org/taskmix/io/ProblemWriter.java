package org.taskmix.io;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.taskmix.catalog.CovarianceSpec;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.SpecifiedProblem;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.WeightLimits;

/**
 * Writes {@code taskmix/problem-1} files that {@link ProblemReader} reads back to the same
 * problem, bit for bit: doubles are printed with {@link Double#toString(double)}, which
 * round-trips exactly, and spec covariances (spectrum + basis seed) are rebuilt by the same code
 * that generated them. Files are written atomically ({@link AtomicFiles}) and laid out for
 * people: one task per block, one matrix row per line.
 */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    /** Writes {@code problem} with every covariance as a full matrix. */
    public static void write(Path file, Problem problem) {
        write(file, SpecifiedProblem.ofMatrices(problem));
    }

    /** Writes {@code problem} with each covariance in the form of its spec. */
    public static void write(Path file, SpecifiedProblem problem) {
        AtomicFiles.writeString(file, toJson(problem));
    }

    /**
     * Writes {@code problem} as a compact catalog: the task covariances go to {@code sidecar}
     * (one NPY of shape (T, d, d), written first), the problem file refers to them by index and
     * carries the sidecar's SHA-256 on the first task. Targets stay in the JSON, an exactly
     * diagonal one (such as {@code --target-identity}'s) as {@code {"diagonal": [...]}}.
     *
     * @param sidecar a file beside {@code file}
     */
    public static void writeCompact(Path file, Problem problem, Path sidecar) {
        java.util.List<org.taskmix.linalg.SymmetricMatrix> ms = new java.util.ArrayList<>();
        for (Task t : problem.catalog().tasks()) {
            ms.add(t.covariance());
        }
        String sha = CovarianceSidecar.write(sidecar, ms);
        SpecifiedProblem sp = SpecifiedProblem.withDiagonalTargets(problem);
        String name = sidecar.getFileName().toString();
        compact = new CompactRef(name, sha);
        try {
            AtomicFiles.writeString(file, toJson(sp));
        } finally {
            compact = null;
        }
    }

    /** The sidecar being referred to while {@link #writeCompact} renders (single-threaded CLI use). */
    private record CompactRef(String file, String sha256) {
    }

    private static CompactRef compact;

    /** The file text. */
    public static String toJson(SpecifiedProblem sp) {
        Problem p = sp.problem();
        StringBuilder sb = new StringBuilder(1 << 12);
        sb.append("{\n");
        sb.append("  \"format\": ").append(str(ProblemReader.FORMAT)).append(",\n");
        sb.append("  \"name\": ").append(str(p.name())).append(",\n");
        if (!p.description().isEmpty()) {
            sb.append("  \"description\": ").append(str(p.description())).append(",\n");
        }
        sb.append("  \"dimension\": ").append(p.dim()).append(",\n");
        sb.append("  \"tasks\": [\n");
        List<Task> tasks = p.catalog().tasks();
        for (int i = 0; i < tasks.size(); i++) {
            if (compact != null) {
                taskHead(sb, tasks.get(i));
                sb.append("{\"sidecar\": ").append(str(compact.file())).append(", \"index\": ").append(i);
                if (i == 0) {
                    sb.append(", \"sha256\": ").append(str(compact.sha256()));
                }
                sb.append("}}").append(i + 1 < tasks.size() ? ",\n" : "\n");
                continue;
            }
            task(sb, tasks.get(i), sp.taskSpecs().get(i));
            sb.append(i + 1 < tasks.size() ? ",\n" : "\n");
        }
        sb.append("  ],\n");
        List<Target> targets = p.targets();
        if (targets.size() == 1 && targets.get(0).weight() == 1.0) {
            sb.append("  \"target\": ");
            target(sb, targets.get(0), sp.targetSpecs().get(0), false, "  ");
            sb.append(",\n");
        } else {
            sb.append("  \"targets\": [\n");
            for (int i = 0; i < targets.size(); i++) {
                sb.append("    ");
                target(sb, targets.get(i), sp.targetSpecs().get(i), true, "    ");
                sb.append(i + 1 < targets.size() ? ",\n" : "\n");
            }
            sb.append("  ],\n");
        }
        settings(sb, p.settings());
        sb.append("}\n");
        return sb.toString();
    }

    private static void task(StringBuilder sb, Task t, CovarianceSpec spec) {
        taskHead(sb, t);
        covariance(sb, spec, "    ");
        sb.append('}');
    }

    /** A task's fields up to and including {@code "covariance": }. */
    private static void taskHead(StringBuilder sb, Task t) {
        sb.append("    {\"name\": ").append(str(t.name()));
        if (t.group() != null) {
            sb.append(", \"group\": ").append(str(t.group()));
        }
        if (t.size() != null) {
            sb.append(", \"size\": ").append(num(t.size()));
        }
        if (t.promptLength() != null) {
            sb.append(", \"n\": ").append(t.promptLength());
        }
        WeightLimits l = t.limits();
        if (l.min() != 0) {
            sb.append(", \"minWeight\": ").append(num(l.min()));
        }
        if (l.max() != 1) {
            sb.append(", \"maxWeight\": ").append(num(l.max()));
        }
        if (l.fixed() != null) {
            sb.append(", \"fixedWeight\": ").append(num(l.fixed()));
        }
        sb.append(", \"covariance\": ");
    }

    private static void target(StringBuilder sb, Target t, CovarianceSpec spec, boolean weighted, String indent) {
        sb.append("{\"name\": ").append(str(t.name()));
        if (weighted) {
            sb.append(", \"weight\": ").append(num(t.weight()));
        }
        sb.append(", \"covariance\": ");
        covariance(sb, spec, indent);
        sb.append('}');
    }

    private static void covariance(StringBuilder sb, CovarianceSpec spec, String indent) {
        if (spec instanceof CovarianceSpec.Matrix m) {
            matrix(sb, m.matrix().toArray(), indent);
        } else if (spec instanceof CovarianceSpec.Diagonal g) {
            vector(sb.append("{\"diagonal\": "), g.values().toArray()).append('}');
        } else if (spec instanceof CovarianceSpec.RandomBasis r) {
            vector(sb.append("{\"spectrum\": "), r.spectrum().toArray())
                    .append(", \"basis\": \"random\", \"seed\": ").append(r.seed()).append('}');
        } else if (spec instanceof CovarianceSpec.ExplicitBasis e) {
            vector(sb.append("{\"spectrum\": "), e.spectrum()).append(", \"basis\": ");
            matrix(sb, e.basis(), indent);
            sb.append('}');
        } else {
            throw new IllegalArgumentException("unknown covariance spec " + spec);
        }
    }

    private static void matrix(StringBuilder sb, double[][] rows, String indent) {
        sb.append("[\n");
        for (int i = 0; i < rows.length; i++) {
            sb.append(indent).append("  ");
            vector(sb, rows[i]);
            sb.append(i + 1 < rows.length ? ",\n" : "\n");
        }
        sb.append(indent).append(']');
    }

    private static StringBuilder vector(StringBuilder sb, double[] v) {
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(num(v[i]));
        }
        return sb.append(']');
    }

    private static void settings(StringBuilder sb, Settings s) {
        sb.append("  \"settings\": {\"n\": ").append(s.n()).append(", \"m\": ").append(s.m()).append(", \"k\": [");
        for (int i = 0; i < s.k().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(s.k().get(i));
        }
        TrainingSettings t = s.train();
        sb.append("],\n    \"train\": {\"optimizer\": ").append(str(t.optimizer().label()))
                .append(", \"steps\": ").append(t.steps())
                .append(", \"batch\": ").append(t.batch())
                .append(", \"learningRate\": ").append(num(t.learningRate()))
                .append(", \"schedule\": ").append(str(t.schedule().label()))
                .append(", \"testPrompts\": ").append(t.testPrompts())
                .append(", \"seed\": ").append(t.seed());
        // Written only when not the defaults, so files from before these options round-trip unchanged.
        if (t.gauge() != TrainingSettings.Gauge.FREE || t.offset() != TrainingSettings.Offset.TRAIN) {
            sb.append(", \"gauge\": ").append(str(t.gauge().label())).append(", \"offset\": ").append(str(t.offset().label()));
        }
        sb.append("}}\n");
    }

    /** A finite double, exactly: integers without a fraction, others by {@link Double#toString}. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("value " + v + " is not finite and cannot be written to a problem file");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String str(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
