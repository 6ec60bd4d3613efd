import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.io.ProblemReader;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.theory.ExactObjective;
import org.taskmix.theory.ExactSelection;
import org.taskmix.theory.Preconditioner;

/**
 * The taskmix side of the exact-objective peer benchmark (run by peer.py; a single-file program:
 * {@code java -cp target/taskmix.jar src/bench/exact/TaskmixSide.java PROBLEM K M|inf OUT.json [export]}).
 *
 * <p>Minimises {@code J_K} from the surrogate's solution exactly as {@code demo} does at finite m
 * ({@code ExactSelection.Settings.FIXED_SAMPLE}: 64 fixed prompts per target, seed 1) and as
 * {@code solve --objective exact --m inf} does at m = ∞, and writes the evaluation count, the value,
 * the weights and the wall time. With {@code export} it also writes what a peer needs to evaluate
 * the very same function: Λ_ℓ, Γ_ℓΛ_ℓ (each task's own n), the target covariances and weights, the
 * start, the bounds and, at finite m, the fixed prompts Ŝ_i.
 */
public final class TaskmixSide {

    public static void main(String[] args) throws IOException {
        Problem problem = ProblemReader.read(Path.of(args[0]));
        int k = Integer.parseInt(args[1]);
        OptionalInt m = args[2].equals("inf") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(args[2]));
        boolean export = args.length > 4 && args[4].equals("export");
        Selection.Solution s = Selection.solve(problem, new SelectionOptions(false, null), null);
        double[] start = s.result().weights().toArray();
        ExactSelection.Settings settings = ExactSelection.Settings.FIXED_SAMPLE;
        ExactObjective objective = new ExactObjective(problem, k, m, problem.settings().n(), settings.sampling());
        var feasible = ExactSelection.feasibleSet(problem.catalog());
        long t0 = System.nanoTime();
        ExactSelection.Result r = ExactSelection.solve(objective, start, feasible, settings);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"evaluations\": ").append(r.evaluations());
        sb.append(", \"iterations\": ").append(r.iterations());
        sb.append(", \"value\": ").append(num(r.atResult().exact()));
        sb.append(", \"startValue\": ").append(num(r.atStart().exact()));
        sb.append(", \"frankWolfeGap\": ").append(num(r.frankWolfeGap()));
        sb.append(", \"status\": \"").append(r.status()).append('"');
        sb.append(", \"seconds\": ").append(num(seconds));
        sb.append(", \"weights\": ").append(vec(r.weights().toArray()));
        if (export) {
            exportProblem(sb, problem, objective, k, m, start, feasible.lower(), feasible.upper());
        }
        sb.append("}\n");
        Files.writeString(Path.of(args[3]), sb.toString());
    }

    private static void exportProblem(StringBuilder sb, Problem problem, ExactObjective objective, int k,
                                      OptionalInt m, double[] start, double[] lower, double[] upper) {
        int n = problem.settings().n();
        sb.append(", \"d\": ").append(problem.dim()).append(", \"k\": ").append(k);
        sb.append(", \"m\": ").append(m.isPresent() ? String.valueOf(m.getAsInt()) : "null");
        sb.append(", \"start\": ").append(vec(start));
        sb.append(", \"lower\": ").append(vec(lower)).append(", \"upper\": ").append(vec(upper));
        sb.append(", \"lambdas\": [");
        List<Task> tasks = problem.catalog().tasks();
        for (int l = 0; l < tasks.size(); l++) {
            sb.append(l > 0 ? ", " : "").append(mat(tasks.get(l).covariance()));
        }
        sb.append("], \"secondMoments\": [");
        for (int l = 0; l < tasks.size(); l++) {
            Task t = tasks.get(l);
            sb.append(l > 0 ? ", " : "").append(mat(Preconditioner.secondMoment(t.covariance(), t.promptLength(n))));
        }
        sb.append("], \"targets\": [");
        double[] w = objective.targetWeights();
        for (int t = 0; t < problem.targets().size(); t++) {
            sb.append(t > 0 ? ", " : "").append("{\"weight\": ").append(num(w[t]));
            sb.append(", \"sigma\": ").append(mat(problem.targets().get(t).covariance()));
            if (objective.sampled()) {
                sb.append(", \"prompts\": [");
                List<double[]> ps = objective.fixedPrompts(t);
                for (int i = 0; i < ps.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(vec(ps.get(i)));
                }
                sb.append(']');
            }
            sb.append('}');
        }
        sb.append(']');
    }

    private static String mat(SymmetricMatrix a) {
        StringBuilder sb = new StringBuilder("[");
        double[][] x = a.toArray();
        for (int i = 0; i < x.length; i++) {
            sb.append(i > 0 ? ", " : "").append(vec(x[i]));
        }
        return sb.append(']').toString();
    }

    private static String vec(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(num(v[i]));
        }
        return sb.append(']').toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.17g", v) : "null";
    }
}
