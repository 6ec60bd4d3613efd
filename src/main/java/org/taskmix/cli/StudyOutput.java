package org.taskmix.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.report.CsvTable;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.Selection;
import org.taskmix.theory.ExactSelection;
import org.taskmix.study.Study;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.ValidationResult;
import org.taskmix.study.TrainingSummary;

/**
 * Turns a {@link Study} into the pieces {@code compare} and {@code demo} print and write:
 * JSON fields per mixture, a long-format curves CSV, chart curves and a summary table.
 */
final class StudyOutput {

    private StudyOutput() {
    }

    /**
     * The exact-objective mixture: {@code J_K} minimised from the surrogate's optimum (docs/theory.md §6),
     * at {@code m = ∞}.
     */
    static ExactSelection.Result exact(Selection.Solution s, int k) {
        Problem problem = s.problem();
        return ExactSelection.solve(problem, k, OptionalInt.empty(), s.result().weights().toArray(),
                ExactSelection.feasibleSet(problem.catalog()), ExactSelection.Settings.DEFAULT);
    }

    /** The exact result as a named mixture. */
    static Mixture exactMixture(ExactSelection.Result r) {
        return new Mixture("exact-k" + r.k(), r.weights().toArray(), "minimises J_" + r.k() + " (CoT error after " + r.k()
                + " steps, m = inf) from the surrogate optimum; " + r.status() + ", J_" + r.k() + " "
                + TextTable.num(r.atStart().exact()) + " -> " + TextTable.num(r.atResult().exact()));
    }

    /** Adds the theory and validation fields of {@code e} to a mixture's JSON object. */
    static void addFields(Map<String, Object> m, Study.Entry e, int batch) {
        Prediction p = e.prediction();
        if (!Double.isNaN(e.exactObjective())) {
            m.put("exactObjective", e.exactObjective());
        }
        if (p == null) {
            m.put("predictionUnavailable", e.predictionProblem());
        } else {
            List<Map<String, Object>> pred = new ArrayList<>();
            for (Prediction.Point q : p.curve()) {
                pred.add(CurveJson.predicted(q, null, false));
            }
            m.put("predicted", pred);
            m.put("predictedInfiniteM", CurveJson.kError(p.curve(), p.mInfinity()));
            m.put("kStar", p.kStar());
            m.put("errorAtKStar", p.errorAtKStar());
            m.put("overthinking", p.overthinking());
            if (p.kStarFiniteM().isPresent()) {
                m.put("kStarFiniteM", p.kStarFiniteM().getAsInt());
            }
            m.put("warnings", p.warnings());
        }
        ValidationResult v = e.validation();
        if (v != null) {
            if (v.measured() == null) {
                m.put("validationFailed", v.training().message());
            } else {
                List<Map<String, Object>> meas = new ArrayList<>();
                for (CotCurve.Point q : v.measured().points()) {
                    Map<String, Object> x = CurveJson.measured(q, false);
                    if (v.measuredAsTrained() != null) {
                        x.put("asTrained", v.measuredAsTrained().at(q.k()).mean());
                        x.put("asTrainedMedian", v.measuredAsTrained().at(q.k()).median());
                    }
                    meas.add(x);
                }
                m.put("measured", meas);
                m.put("statistic", "error = mean over test prompts (95% BCa interval); median, q10, q90 over test prompts;"
                        + " measured = re-gauged to W_24 = -1, asTrained = the model as trained");
                m.put("gaugeScaleAsTrained", v.training().gaugeScale());
                // Only a completed training has a gauge-normalised model whose W_14 means something.
                m.put("offsetFloor", v.training().model().cotOffsetFloor());
            }
            m.put("distanceToOptimum", Double.isNaN(v.distanceToOptimum()) ? null : v.distanceToOptimum());
            m.put("promptsTrained", v.training().promptsTrained());
            m.put("trainingSeconds", v.training().seconds());
            m.put("trainingStatistics", TrainingSummary.of(v, batch));
        }
    }

    /** Long-format CSV: one row per mixture and k. */
    static CsvTable curvesCsv(List<Study.Entry> entries) {
        CsvTable t = new CsvTable("mixture", "k", "predicted", "predictedCiLow", "predictedCiHigh", "predictedInfiniteM",
                "measured", "measuredCiLow", "measuredCiHigh", "predictedMedian", "measuredMedian", "measuredAsTrained");
        for (Study.Entry e : entries) {
            Prediction p = e.prediction();
            ValidationResult v = e.validation();
            int kMax = p != null ? p.curve().size() : v != null && v.measured() != null ? v.measured().kMax() : 0;
            for (int k = 1; k <= kMax; k++) {
                List<Object> row = new ArrayList<>(List.of(e.mixture().name(), k));
                if (p != null) {
                    Prediction.Point q = p.curve().get(k - 1);
                    row.addAll(List.of(q.error(), q.ciLow(), q.ciHigh(), p.mInfinity()[k - 1]));
                } else {
                    row.addAll(List.of("", "", "", ""));
                }
                if (v != null && v.measured() != null) {
                    CotCurve.Point q = v.measured().at(k);
                    row.addAll(List.of(q.mean(), q.ciLow(), q.ciHigh()));
                } else {
                    row.addAll(List.of("", "", ""));
                }
                row.add(p != null ? (Object) p.curve().get(k - 1).median() : "");
                row.add(v != null && v.measured() != null ? (Object) v.measured().at(k).median() : "");
                row.add(v != null && v.measuredAsTrained() != null ? (Object) v.measuredAsTrained().at(k).mean() : "");
                t.row(row);
            }
        }
        return t;
    }

    /**
     * Chart curves: per mixture the measured mean (solid, with interval) when validated and the
     * predicted mean (dashed) at the same m, in one colour; the trained-only charts add the
     * predicted median.
     */
    static List<Curve> curves(List<Study.Entry> entries) {
        return curves(entries, Integer.MAX_VALUE, false);
    }

    /**
     * As {@link #curves(List)}, for {@code k ≤ kLimit} only, and only the trained mixtures if
     * {@code trainedOnly} (so a few exploding baselines do not squash the interesting range).
     */
    static List<Curve> curves(List<Study.Entry> entries, int kLimit, boolean trainedOnly) {
        List<Curve> out = new ArrayList<>();
        for (Study.Entry e : entries) {
            String name = e.mixture().name();
            ValidationResult v = e.validation();
            if (trainedOnly && (v == null || v.measured() == null)) {
                continue;
            }
            if (v != null && v.measured() != null) {
                List<CotCurve.Point> pts = v.measured().points().stream().filter(q -> q.k() <= kLimit).toList();
                out.add(Curve.measured(name + " (trained)", name, pts.stream().mapToInt(CotCurve.Point::k).toArray(),
                        pts.stream().mapToDouble(CotCurve.Point::mean).toArray(),
                        pts.stream().mapToDouble(CotCurve.Point::ciLow).toArray(),
                        pts.stream().mapToDouble(CotCurve.Point::ciHigh).toArray()));
            }
            Prediction p = e.prediction();
            if (p != null) {
                List<Prediction.Point> pts = p.curve().stream().filter(q -> q.k() <= kLimit).toList();
                out.add(Curve.theory(name + " (theory mean)", name, pts.stream().mapToInt(Prediction.Point::k).toArray(),
                        pts.stream().mapToDouble(Prediction.Point::error).toArray()));
                if (trainedOnly) {
                    // The median beside the mean: at finite m the mean rests on rare prompts.
                    out.add(Curve.theory(name + " (theory median)", name,
                            pts.stream().mapToInt(Prediction.Point::k).toArray(),
                            pts.stream().mapToDouble(Prediction.Point::median).toArray()).withStatistic(Curve.Statistic.MEDIAN));
                }
            }
        }
        return out;
    }

    /**
     * Summary table: objective, predicted mean and median error at the reported k, k*, measured
     * mean if any (means over test prompts; the median beside the predicted mean because the
     * per-prompt error is heavy-tailed at finite m).
     */
    static TextTable table(List<Study.Entry> entries, int[] ks) {
        boolean measured = entries.stream().anyMatch(e -> e.validation() != null);
        List<String> head = new ArrayList<>(List.of("mixture", "surrogate obj."));
        for (int k : ks) {
            head.add("pred k=" + k);
            head.add("median");
            if (measured) {
                head.add("meas k=" + k);
            }
        }
        head.add("k* (m=inf)");
        if (measured) {
            head.add("dist. to P");
        }
        TextTable t = new TextTable(head.toArray(new String[0]));
        for (Study.Entry e : entries) {
            List<Object> row = new ArrayList<>(List.of(e.mixture().name(), e.surrogateObjective()));
            for (int k : ks) {
                row.add(e.prediction() == null ? "-" : TextTable.num(e.predicted(k)));
                row.add(e.prediction() == null ? "-" : TextTable.num(e.prediction().curve().get(k - 1).median()));
                if (measured) {
                    double x = e.measured(k);
                    row.add(Double.isNaN(x) ? "-" : TextTable.num(x));
                }
            }
            row.add(e.prediction() == null ? "-" : String.valueOf(e.prediction().kStar()));
            if (measured) {
                ValidationResult v = e.validation();
                row.add(v == null || Double.isNaN(v.distanceToOptimum()) ? "-"
                        : TextTable.num(100 * v.distanceToOptimum()) + "%");
            }
            t.row(row.toArray());
        }
        return t;
    }

    /** The problem's reported k values that lie within {@code 1..kMax}. */
    static int[] reportedKs(Problem problem, int kMax) {
        return problem.settings().k().stream().mapToInt(Integer::intValue).filter(k -> k <= kMax).toArray();
    }

    /** {@code ks} with at most {@code n} entries: the first, last and evenly spaced ones between. */
    static int[] thin(int[] ks, int n) {
        if (ks.length <= n) {
            return ks;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ks[(int) Math.round(i * (ks.length - 1) / (double) (n - 1))];
        }
        return Arrays.stream(out).distinct().toArray();
    }
}
