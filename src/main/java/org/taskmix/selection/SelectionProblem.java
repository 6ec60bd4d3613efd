package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.Dots;

/**
 * The task-selection program in reduced least-squares form (docs/theory.md §6):
 *
 * <pre>  minimise  Σ_k ‖A_k π − b_k‖²  (or max_k ‖A_k π − b_k‖², robust)  + γ‖π − π_prior‖²
 *   over     { π : lower ≤ π ≤ upper, Σ π = 1 }</pre>
 *
 * <p>Each target {@code k} contributes a block of {@code p = d(d+1)/2} rows ({@link ReducedForm});
 * in the weighted-sum mode the block is scaled by {@code √w_k}, so the sum of blocks is
 * {@code Σ_k w_k ‖I − Σ_k⁻¹Λ̄‖_F²}. The matrix {@code A} ({@code rows × T}) is stored column-major:
 * task {@code ℓ}'s column occupies {@code [ℓ·rows, (ℓ+1)·rows)}. The {@code T × T} matrix
 * {@code AᵀA} is never formed here.
 *
 * <p>Immutable; arrays are copied in and out (solvers in this package read them in place).
 */
public final class SelectionProblem {

    /** How the per-target blocks combine. */
    public enum Aggregation {
        /** {@code Σ_k ‖A_k π − b_k‖²} (blocks carry {@code √w_k}). */
        SUM,
        /** {@code max_k ‖A_k π − b_k‖²} (robust mode; blocks unscaled). */
        MAX
    }

    /**
     * The rows of one target.
     *
     * @param name   target name
     * @param weight the target's weight in the problem file
     * @param scale  factor multiplying {@code ‖I − Σ⁻¹Λ̄‖_F²} in this block ({@code w} for SUM, 1 for MAX)
     * @param offset first row
     * @param rows   number of rows ({@code p})
     */
    public record Block(String name, double weight, double scale, int offset, int rows) {
        public Block {
            Objects.requireNonNull(name, "name");
            if (!(scale > 0 && Double.isFinite(scale)) || offset < 0 || rows < 1) {
                throw new IllegalArgumentException("block " + name + ": scale " + scale + ", offset " + offset
                        + ", rows " + rows + " must be > 0, >= 0, >= 1");
            }
        }
    }

    private final List<String> names;
    private final int rows;
    private final int tasks;
    private final double[] a;
    private final double[] b;
    private final BoundedSimplex bounds;
    private final List<Block> blocks;
    private final Aggregation aggregation;
    private final Prior prior;

    /*
     * Derived data, each a deterministic function of the fields above, computed on first use and
     * then shared (so the problem stays immutable to its users): at d = 4096 each costs one or more
     * passes over a matrix of a gigabyte or more, and the solve, the certificate, the result and
     * the explanation all ask for them.
     */
    /** Set once by {@link #gram()}; guarded by {@code this}. */
    private ColumnGram gram;
    private boolean gramDone;
    /** {@link #sumOfSquares()}, NaN until computed (the sum of finite squares is never NaN). */
    private volatile double sumOfSquares = Double.NaN;
    /** The evaluation asked for last (one only: it holds a rows-long residual). */
    private volatile Evaluation lastEvaluation;

    private SelectionProblem(List<String> names, int rows, double[] a, double[] b, BoundedSimplex bounds,
                             List<Block> blocks, Aggregation aggregation, Prior prior) {
        this.names = List.copyOf(names);
        this.rows = rows;
        this.tasks = this.names.size();
        this.a = a;
        this.b = b;
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.blocks = List.copyOf(blocks);
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        this.prior = prior;
        if (tasks == 0) {
            throw new IllegalArgumentException("a selection problem needs at least one task");
        }
        if (rows < 1 || a.length != (long) rows * tasks || b.length != rows) {
            throw new IllegalArgumentException("matrix of " + a.length + " entries and target of " + b.length
                    + " for " + rows + " rows and " + tasks + " tasks");
        }
        if (bounds.size() != tasks) {
            throw new IllegalArgumentException("bounds for " + bounds.size() + " tasks but " + tasks + " tasks");
        }
        if (prior != null && prior.weightsUnsafe().length != tasks) {
            throw new IllegalArgumentException("prior has " + prior.weightsUnsafe().length + " weights for " + tasks + " tasks");
        }
        int covered = 0;
        for (Block k : this.blocks) {
            if (k.offset() != covered) {
                throw new IllegalArgumentException("block " + k.name() + " starts at row " + k.offset() + ", expected " + covered);
            }
            covered += k.rows();
        }
        if (covered != rows || this.blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks cover " + covered + " of " + rows + " rows");
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                int task = i / rows;
                throw new IllegalArgumentException("task \"" + this.names.get(task) + "\": reduced column entry "
                        + (i % rows) + " is " + a[i] + "; the selection program needs finite numbers");
            }
        }
        for (int i = 0; i < b.length; i++) {
            if (!Double.isFinite(b[i])) {
                throw new IllegalArgumentException("reduced target entry " + i + " is " + b[i] + "; must be finite");
            }
        }
    }

    /**
     * A problem from explicit data (copied).
     *
     * @param names       task names
     * @param rows        rows of the reduced system
     * @param columnMajor {@code rows × T} matrix, column-major
     * @param b           right-hand side
     * @param bounds      feasible set
     * @param blocks      target blocks covering the rows in order
     * @param aggregation SUM or MAX over blocks
     * @param prior       prior pull or null
     */
    public static SelectionProblem of(List<String> names, int rows, double[] columnMajor, double[] b,
                                      BoundedSimplex bounds, List<Block> blocks, Aggregation aggregation, Prior prior) {
        return new SelectionProblem(names, rows, columnMajor.clone(), b.clone(), bounds, blocks, aggregation, prior);
    }

    /** The plain single-block problem {@code min ‖Aπ − b‖²} on {@code bounds}. */
    public static SelectionProblem leastSquares(List<String> names, int rows, double[] columnMajor, double[] b,
                                                BoundedSimplex bounds) {
        return of(names, rows, columnMajor, b, bounds, List.of(new Block("target", 1, 1, 0, rows)),
                Aggregation.SUM, null);
    }

    /** Builds the program of {@code problem} with no variant. */
    public static SelectionProblem from(Problem problem) {
        return from(problem, SelectionOptions.DEFAULT);
    }

    /**
     * Builds the program of {@code problem}: checks the weight constraints first (an infeasible set
     * is rejected naming the tasks), then reduces every task against every target, in parallel.
     *
     * @throws IllegalArgumentException for infeasible constraints, a target that is not positive
     *         definite, a prior of the wrong length, or non-finite reduced data
     */
    public static SelectionProblem from(Problem problem, SelectionOptions options) {
        Catalog catalog = problem.catalog();
        BoundedSimplex bounds = Constraints.of(catalog);
        int d = catalog.dim();
        return build(catalog.names(), i -> catalog.task(i).covariance().toEjml(), d, problem.targets(), bounds, options);
    }

    /**
     * The fast path for large catalogs: covariances are produced on demand by {@code covariance}
     * (called from several threads, once per task; it must be thread-safe and deterministic), so
     * the {@code T} covariances never need to be held at once.
     */
    public static SelectionProblem build(List<String> names, IntFunction<DMatrixRMaj> covariance, int d,
                                         List<Target> targets, BoundedSimplex bounds, SelectionOptions options) {
        Objects.requireNonNull(options, "options");
        int t = names.size();
        int p = ReducedForm.length(d);
        boolean robust = options.robust();
        List<ReducedForm> forms = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        double[] b = new double[p * targets.size()];
        for (int k = 0; k < targets.size(); k++) {
            Target target = targets.get(k);
            ReducedForm form;
            try {
                form = ReducedForm.of(target.covariance());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("target \"" + target.name() + "\": " + e.getMessage(), e);
            }
            forms.add(form);
            double scale = robust ? 1.0 : target.weight();
            blocks.add(new Block(target.name(), target.weight(), scale, k * p, p));
            double[] bk = form.target();
            double f = Math.sqrt(scale);
            for (int i = 0; i < p; i++) {
                b[k * p + i] = f * bk[i];
            }
        }
        int rows = p * targets.size();
        if ((long) rows * t > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(t + " tasks x " + rows + " reduced rows exceed one Java array ("
                    + Integer.MAX_VALUE + " entries); reduce the catalog or the dimension");
        }
        double[] a = new double[rows * t];
        Parallel.forRange(t, 2L * d * d * d * targets.size(), (from, to) -> {
            ReducedForm.Workspace ws = new ReducedForm.Workspace(d);
            for (int l = from; l < to; l++) {
                DMatrixRMaj lambda = covariance.apply(l);
                if (lambda.numRows != d || lambda.numCols != d) {
                    throw new IllegalArgumentException("task \"" + names.get(l) + "\": covariance is " + lambda.numRows
                            + "x" + lambda.numCols + ", expected " + d + "x" + d);
                }
                for (int k = 0; k < forms.size(); k++) {
                    forms.get(k).reduce(lambda, a, l * rows + k * p, ws, Math.sqrt(blocks.get(k).scale()));
                }
            }
        });
        Prior prior = options.prior();
        if (prior != null && prior.weightsUnsafe().length != t) {
            throw new IllegalArgumentException("prior \"" + prior.name() + "\" has " + prior.weightsUnsafe().length
                    + " weights but the catalog has " + t + " tasks");
        }
        return new SelectionProblem(names, rows, a, b, bounds, blocks,
                robust ? Aggregation.MAX : Aggregation.SUM, prior);
    }

    // ---------------------------------------------------------------- accessors

    /** Task names in order. */
    public List<String> names() {
        return names;
    }

    /** Number of tasks {@code T}. */
    public int size() {
        return tasks;
    }

    /** Rows of the reduced system ({@code p} per target). */
    public int rows() {
        return rows;
    }

    /** Feasible set. */
    public BoundedSimplex bounds() {
        return bounds;
    }

    /** Target blocks. */
    public List<Block> blocks() {
        return blocks;
    }

    /** SUM or MAX. */
    public Aggregation aggregation() {
        return aggregation;
    }

    /** True in robust (MAX) mode with more than one target; with one target MAX equals SUM. */
    public boolean isRobust() {
        return aggregation == Aggregation.MAX && blocks.size() > 1;
    }

    /** The prior pull, or null. */
    public Prior prior() {
        return prior;
    }

    /** {@code γ}, 0 without prior. */
    public double priorStrength() {
        return prior == null ? 0 : prior.strength();
    }

    /** The column of task {@code l} (a copy). */
    public double[] column(int l) {
        double[] c = new double[rows];
        System.arraycopy(a, l * rows, c, 0, rows);
        return c;
    }

    /** The right-hand side (a copy). */
    public double[] target() {
        return b.clone();
    }

    /**
     * {@code ‖a_ℓ − b‖²}: the unweighted residual of the single-task mixture {@code e_ℓ}, in
     * {@code rows} work without forming the weights (what {@code best-single} ranks tasks by when
     * there are no limits, prior or robust targets).
     */
    public double vertexResidual(int l) {
        int m = rows();
        double[] a = matrixUnsafe();
        double[] b = targetUnsafe();
        double s = 0;
        for (int i = 0; i < m; i++) {
            double e = a[l * m + i] - b[i];
            s += e * e;
        }
        return s;
    }

    /** The matrix, column-major (a copy). */
    public double[] matrix() {
        return a.clone();
    }

    double[] matrixUnsafe() {
        return a;
    }

    double[] targetUnsafe() {
        return b;
    }

    /**
     * The dot products of the columns with each other and with the target ({@link ColumnGram}),
     * formed in one pass on the first call; null when {@code T} exceeds
     * {@link ColumnGram#MAX_TASKS} (callers then take products pair by pair).
     */
    synchronized ColumnGram gram() {
        if (!gramDone) {
            gram = tasks <= ColumnGram.MAX_TASKS ? ColumnGram.of(a, rows, tasks, b) : null;
            gramDone = true;
        }
        return gram;
    }

    /** {@link #gram()} if it has been formed already, else null (without forming it). */
    synchronized ColumnGram gramIfFormed() {
        return gram;
    }

    /**
     * {@code Σ a_i²} over the whole matrix in storage order, one accumulator (the scale of
     * {@link ActiveSetRun}'s {@code ρ}); computed once.
     */
    double sumOfSquares() {
        double s = sumOfSquares;
        if (Double.isNaN(s)) {
            s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * a[i];
            }
            sumOfSquares = s;
        }
        return s;
    }

    /**
     * The residual at {@code pi} with its block values: the last evaluation when it was made at
     * the same bits of {@code pi}, else a new one (its residual written into {@code scratch} when
     * given, which then belongs to the evaluation and must not be written again), which becomes
     * the last.
     */
    Evaluation evaluate(double[] pi, double[] scratch) {
        Evaluation e = lastEvaluation;
        if (e != null && e.isAt(pi)) {
            return e;
        }
        double[] r = scratch != null ? scratch : new double[rows];
        residual(pi, r);
        e = new Evaluation(this, pi.clone(), r, blockValues(r), null);
        lastEvaluation = e;
        return e;
    }

    /** Makes {@code e}, computed elsewhere in this problem's order, the last evaluation. */
    void remember(Evaluation e) {
        lastEvaluation = e;
    }

    // ---------------------------------------------------------------- objective

    /** Residual {@code r = Aπ − b} into {@code r}; skips zero weights, so it costs rows × nnz(π). */
    public void residual(double[] pi, double[] r) {
        for (int i = 0; i < rows; i++) {
            r[i] = -b[i];
        }
        for (int l = 0; l < tasks; l++) {
            double w = pi[l];
            if (w != 0) {
                int off = l * rows;
                for (int i = 0; i < rows; i++) {
                    r[i] += w * a[off + i];
                }
            }
        }
    }

    /** {@code ‖A_k π − b_k‖²} for every block, from a residual. */
    public double[] blockValues(double[] r) {
        double[] v = new double[blocks.size()];
        for (int k = 0; k < v.length; k++) {
            Block bl = blocks.get(k);
            double s = 0;
            for (int i = bl.offset(); i < bl.offset() + bl.rows(); i++) {
                s += r[i] * r[i];
            }
            v[k] = s;
        }
        return v;
    }

    /** {@code γ‖π − π_prior‖²}. */
    public double priorValue(double[] pi) {
        if (prior == null || prior.strength() == 0) {
            return 0;
        }
        double[] q = prior.weightsUnsafe();
        double s = 0;
        for (int l = 0; l < tasks; l++) {
            double e = pi[l] - q[l];
            s += e * e;
        }
        return prior.strength() * s;
    }

    /** The objective at {@code pi}. */
    public double objective(double[] pi) {
        return combine(evaluate(pi, null).blockValues()) + priorValue(pi);
    }

    /** Sum or max of block values (without the prior). */
    double combine(double[] blockValues) {
        double v = aggregation == Aggregation.SUM ? 0 : Double.NEGATIVE_INFINITY;
        for (double x : blockValues) {
            v = aggregation == Aggregation.SUM ? v + x : Math.max(v, x);
        }
        return v;
    }

    /**
     * Per-target surrogate {@code ‖I − Σ_k⁻¹ Σ_ℓ π_ℓ Λ_ℓ‖_F²} (block value divided by its scale).
     */
    public double[] targetObjectives(double[] pi) {
        return targetObjectives(evaluate(pi, null));
    }

    /** {@link #targetObjectives(double[])} from an evaluation of this problem. */
    double[] targetObjectives(Evaluation e) {
        double[] v = e.blockValues();
        for (int k = 0; k < v.length; k++) {
            v[k] /= blocks.get(k).scale();
        }
        return v;
    }

    /**
     * {@code g = 2 Σ_k λ_k A_kᵀ r_k + 2γ(π − π_prior)}; {@code lambda} null means all ones (the SUM
     * gradient). Costs rows × T; parallel over tasks, deterministic.
     */
    public void gradient(double[] pi, double[] r, double[] lambda, double[] g) {
        double gamma = priorStrength();
        double[] q = prior == null ? null : prior.weightsUnsafe();
        double[] rs;
        if (lambda == null) {
            rs = r;
        } else {
            rs = new double[rows];
            for (int k = 0; k < blocks.size(); k++) {
                Block bl = blocks.get(k);
                for (int i = bl.offset(); i < bl.offset() + bl.rows(); i++) {
                    rs[i] = lambda[k] * r[i];
                }
            }
        }
        final double[] rr = rs;
        Parallel.forRange(tasks, rows, (from, to) -> {
            for (int l = from; l < to; l++) {
                double s = Dots.dot4(a, l * rows, rr, 0, rows);
                double gl = 2 * s;
                if (gamma != 0) {
                    gl += 2 * gamma * (pi[l] - q[l]);
                }
                g[l] = gl;
            }
        });
    }
}
