package org.taskmix.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.report.TextTable;
import org.taskmix.theory.Agreement;
import org.taskmix.theory.ErrorSummary;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.LossHistory;
import org.taskmix.validation.TrainingResult;
import org.taskmix.validation.ValidationResult;
import org.taskmix.study.TrainingSummary;

/**
 * The outputs of {@code validate} (docs/formats.md, "JSON outputs"): the JSON document, the
 * human report, the curves and loss CSVs, and the agreement summary. Split from
 * {@link ValidateCommand}, which trains and measures.
 */
final class ValidateOutput {

    private ValidateOutput() {
    }

    /** Points of a measured curve: mean (as {@code error}) with its interval, median, quantiles. */
    static List<Map<String, Object>> measuredJson(CotCurve c) {
        List<Map<String, Object>> measured = new ArrayList<>();
        for (CotCurve.Point p : c.points()) {
            measured.add(CurveJson.measured(p, true));
        }
        return measured;
    }

    /** The validate JSON document (docs/formats.md fields plus extras). */
    static Map<String, Object> toJson(Problem problem, Catalog catalog, double[] weights, String mixtureLabel,
                                              Target tgt, TrainingSettings train, int trainN, ValidationResult r,
                                              Prediction predicted) {
        TrainingResult tr = r.training();
        CotCurve c = r.measured();
        Map<String, Object> doc = Output.fields("problem", problem.name(), "mixture", mixtureLabel);
        Map<String, Object> w = new LinkedHashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            w.put(catalog.task(i).name(), weights[i]);
        }
        doc.put("weights", w);
        doc.put("target", tgt.name());
        doc.put("normalization", "per-dimension");
        doc.put("statistic", "error = mean over test prompts (interval: " + ErrorSummary.INTERVAL_DESCRIPTION
                + "); median, q10, q90 = quantiles over test prompts");
        doc.put("intervalMethod", ErrorSummary.INTERVAL_METHOD);
        doc.put("measured", measuredJson(c));
        doc.put("measuredGauge", "re-gauged: V -> cV, W e_last -> W e_last / c with c = -W_24 (W_24 = -1)");
        doc.put("measuredAsTrained", r.measuredAsTrained() == null ? null : measuredJson(r.measuredAsTrained()));
        doc.put("gauge", gaugeJson(train, r));
        doc.put("agreementAsTrained", r.measuredAsTrained() == null ? null : agreement(r.measuredAsTrained(), predicted));
        putPredicted(doc, predicted);
        doc.put("agreement", agreement(c, predicted));
        doc.put("predictedSource", predicted == null
                ? "none: the mixture's second moment is singular, so P(pi) does not exist" : ValidateCommand.PREDICTED_SOURCE);
        doc.put("distanceToOptimum", Double.isNaN(r.distanceToOptimum()) ? null : r.distanceToOptimum());
        doc.put("offsetFloor", tr.model().cotOffsetFloor());
        doc.put("gaugeScale", tr.gaugeScale());
        doc.put("seed", train.seed());
        org.taskmix.io.Provenance.noteSeed("train", train.seed());
        org.taskmix.io.Provenance.noteSeed("monteCarlo", train.seed());
        doc.put("promptsTrained", tr.promptsTrained());
        doc.put("trainingSeconds", tr.seconds());
        doc.put("trainingStatistics", TrainingSummary.of(r, train.batch()));
        doc.put("promptStepsEvaluated", c.promptSteps());
        doc.put("evaluationSeconds", c.seconds());
        doc.put("training", trainingJson(train, trainN, tr));
        Map<String, Object> e = Output.fields("m", c.m(), "testPrompts", c.prompts(), "kMax", c.kMax(),
                "rho", "m at every step (appended CoT columns are not examples)");
        doc.put("evaluation", e);
        return doc;
    }

    /** The gauge block: how the trained model was re-gauged before measuring. */
    private static Map<String, Object> gaugeJson(TrainingSettings train, ValidationResult r) {
        TrainingResult tr = r.training();
        CotCurve c = r.measured();
        Map<String, Object> gaugeDoc = Output.fields("training", train.gauge(), "offset", train.offset(),
                "scaleAsTrained", tr.gaugeScale(), "offsetFloorAsTrained", tr.rawModel().cotOffsetFloor(),
                "sameModel", r.measuredAsTrained() == c);
        return gaugeDoc;
    }

    /** kStar, warnings (with a prediction), predicted and predictedInfiniteM, in that order. */
    private static void putPredicted(Map<String, Object> doc, Prediction predicted) {
        List<Map<String, Object>> pred = new ArrayList<>();
        List<Map<String, Object>> predInf = new ArrayList<>();
        if (predicted != null) {
            double[] inf = predicted.mInfinity();
            for (Prediction.Point p : predicted.curve()) {
                pred.add(CurveJson.predicted(p, p.method().name(), true));
            }
            predInf = CurveJson.kError(predicted.curve(), inf);
            doc.put("kStar", predicted.kStar());
            doc.put("warnings", predicted.warnings());
        }
        doc.put("predicted", pred);
        doc.put("predictedInfiniteM", predInf);
    }

    private static Map<String, Object> trainingJson(TrainingSettings train, int trainN, TrainingResult tr) {
        Map<String, Object> doc = Output.fields("optimizer", train.optimizer(), "steps", train.steps(),
                "batch", train.batch(), "learningRate", train.learningRate(), "schedule", train.schedule(), "n", trainN,
                "finalLoss", tr.loss().last());
        if (train.precision() != TrainingSettings.Precision.DOUBLE) {
            // Added only off the default, so a default run's JSON is unchanged (absent: double).
            doc.put("precision", train.precision());
        }
        return doc;
    }

    static String human(Problem problem, String mixtureLabel, Catalog catalog, double[] weights, Target tgt,
                                TrainingSettings train, int trainN, ValidationResult r, Prediction predicted) {
        TrainingResult tr = r.training();
        CotCurve c = r.measured();
        StringBuilder sb = new StringBuilder();
        sb.append("validate ").append(problem.name()).append(": mixture ").append(mixtureLabel).append(" (");
        for (int i = 0; i < catalog.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(catalog.task(i).name()).append(' ').append(TextTable.num(weights[i]));
        }
        sb.append("), target ").append(tgt.name()).append('\n');
        sb.append(String.format(Locale.ROOT, "trained %d steps x %d prompts (%s, lr %s %s, n = %d, seed %d) in %.1f s;"
                        + " final loss %s%n", train.steps(), train.batch(), train.optimizer(),
                train.learningRate(), train.schedule(), trainN, train.seed(), tr.seconds(),
                TextTable.num(tr.loss().last())));
        if (Double.isNaN(r.distanceToOptimum())) {
            sb.append("distance of V_31 from -P(pi): undefined (the mixture leaves a feature direction without variance)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "distance of V_31 from -P(pi): %.2f%% (relative Frobenius);"
                    + " gauge scale -W_24 = %s before normalisation%n", 100 * r.distanceToOptimum(),
                    TextTable.num(tr.gaugeScale())));
        }
        sb.append("CoT offset floor ||W_14||^2/d = ").append(TextTable.num(tr.model().cotOffsetFloor()))
                .append(": the trained model's error cannot fall below it (training noise; 0 in the theory)\n");
        sb.append(String.format(Locale.ROOT, "training gauge %s, offset block %s; as trained -W_24 = %s%n",
                train.gauge(), train.offset(), TextTable.num(tr.gaugeScale())));
        sb.append(String.format(Locale.ROOT, "CoT error on %s, m = %d, %d test prompts in %.1f s"
                        + " (per-dimension: ||w_k - w*||^2 / d; mean with 95%% BCa interval, and median)%n"
                        + "measured = re-gauged to W_24 = -1; as trained = the model as trained, no rescaling%n%n",
                tgt.name(), c.m(), c.prompts(), c.seconds()));
        CotCurve raw = r.measuredAsTrained();
        TextTable t = new TextTable("k", "measured", "ci low", "ci high", "median", "as trained", "as tr. median",
                "predicted", "pred. ci low", "pred. ci high", "pred. median", "predicted (m = inf)");
        for (CotCurve.Point p : c.points()) {
            Object rawMean = raw == null ? "-" : raw.at(p.k()).mean();
            Object rawMedian = raw == null ? "-" : raw.at(p.k()).median();
            if (predicted == null) {
                t.row(p.k(), p.mean(), p.ciLow(), p.ciHigh(), p.median(), rawMean, rawMedian, "-", "-", "-", "-", "-");
            } else {
                Prediction.Point q = predicted.curve().get(p.k() - 1);
                t.row(p.k(), p.mean(), p.ciLow(), p.ciHigh(), p.median(), rawMean, rawMedian, q.error(), q.ciLow(),
                        q.ciHigh(), q.median(), predicted.mInfinity()[p.k() - 1]);
            }
        }
        sb.append(t);
        Map<String, Object> agree = agreement(c, predicted);
        if (agree != null) {
            sb.append(String.format(Locale.ROOT, "%nagreement: measured within the combined 95%% intervals of the prediction"
                    + " at %s of %s k; largest |z| = %.2f%n", agree.get("withinCount"), agree.get("of"), agree.get("maxAbsZ")));
        }
        sb.append("\npredicted: ").append(predicted == null ? "none (P(pi) does not exist)" : ValidateCommand.PREDICTED_SOURCE)
                .append('\n');
        if (predicted != null) {
            for (String w : predicted.warnings()) {
                sb.append("warning: ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    static String curvesCsv(CotCurve c, Prediction predicted, CotCurve raw) {
        StringBuilder sb = new StringBuilder("k,measured,ciLow,ciHigh,predicted,predictedCiLow,predictedCiHigh,"
                + "predictedInfiniteM,measuredMedian,measuredQ10,measuredQ90,predictedMedian,measuredAsTrained,"
                + "measuredAsTrainedMedian\n");
        for (CotCurve.Point p : c.points()) {
            sb.append(p.k()).append(',').append(p.mean()).append(',').append(p.ciLow()).append(',').append(p.ciHigh());
            Prediction.Point q = predicted == null ? null : predicted.curve().get(p.k() - 1);
            if (q == null) {
                sb.append(",,,,");
            } else {
                sb.append(',').append(q.error()).append(',').append(q.ciLow()).append(',').append(q.ciHigh()).append(',')
                        .append(predicted.mInfinity()[p.k() - 1]);
            }
            sb.append(',').append(p.median()).append(',').append(p.q10()).append(',').append(p.q90()).append(',')
                    .append(q == null ? "" : String.valueOf(q.median())).append(',')
                    .append(raw == null ? "" : String.valueOf(raw.at(p.k()).mean())).append(',')
                    .append(raw == null ? "" : String.valueOf(raw.at(p.k()).median()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * How well measurement and prediction agree, per k by the one rule of {@link Agreement}
     * (docs/theory.md §12); null without a prediction.
     */
    static Map<String, Object> agreement(CotCurve c, Prediction predicted) {
        if (predicted == null) {
            return null;
        }
        int within = 0;
        double maxZ = 0;
        for (CotCurve.Point p : c.points()) {
            Prediction.Point q = predicted.curve().get(p.k() - 1);
            Agreement a = Agreement.of(p.mean(), p.ciLow(), p.ciHigh(), q.error(), q.ciLow(), q.ciHigh());
            within += a.agrees() ? 1 : 0;
            maxZ = Math.max(maxZ, Math.abs(a.z()));
        }
        Map<String, Object> m = Output.fields("withinCount", within, "of", c.points().size(), "maxAbsZ", maxZ,
                "rule", Agreement.RULE);
        return m;
    }

    static String lossCsv(LossHistory h) {
        StringBuilder sb = new StringBuilder("step,loss\n");
        int[] steps = h.steps();
        double[] values = h.values().toArray();
        for (int i = 0; i < values.length; i++) {
            sb.append(steps[i]).append(',').append(values[i]).append('\n');
        }
        return sb.toString();
    }
}
