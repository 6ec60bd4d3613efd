package org.taskmix.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.taskmix.theory.Prediction;
import org.taskmix.validation.CotCurve;

/**
 * The JSON of one point of an error-vs-k curve, predicted or measured, as every command writes
 * it (docs/formats.md): {@code k, error, ciLow, ciHigh}, then the command's extras, then
 * {@code mean, median} (with its interval in the full form) and {@code q10, q90}. One place, so
 * the field names and their order cannot drift between predict, validate, compare and demo.
 */
final class CurveJson {

    private CurveJson() {
    }

    /**
     * A predicted point.
     *
     * @param method the method label to write after the interval, or null for none
     * @param full   also write the median's interval ({@code medianLow, medianHigh})
     */
    static Map<String, Object> predicted(Prediction.Point p, String method, boolean full) {
        Map<String, Object> e = head(p.k(), p.error(), p.ciLow(), p.ciHigh());
        if (method != null) {
            e.put("method", method);
        }
        return tail(e, p.error(), p.median(), full, p.medianLow(), p.medianHigh(), p.q10(), p.q90());
    }

    /**
     * A measured point (the mean is the {@code error}).
     *
     * @param full also write the spread {@code sd} and the median's interval
     */
    static Map<String, Object> measured(CotCurve.Point p, boolean full) {
        Map<String, Object> e = head(p.k(), p.mean(), p.ciLow(), p.ciHigh());
        if (full) {
            e.put("sd", p.sd());
        }
        return tail(e, p.mean(), p.median(), full, p.medianLow(), p.medianHigh(), p.q10(), p.q90());
    }

    /** {@code [{k, error}]} for every k of {@code curve}, errors from {@code byK} (element {@code k − 1}). */
    static List<Map<String, Object>> kError(List<Prediction.Point> curve, double[] byK) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Prediction.Point p : curve) {
            out.add(kError(p.k(), byK[p.k() - 1]));
        }
        return out;
    }

    /** {@code {k, error}}. */
    static Map<String, Object> kError(int k, double error) {
        Map<String, Object> e = Output.fields("k", k, "error", error);
        return e;
    }

    private static Map<String, Object> head(int k, double error, double ciLow, double ciHigh) {
        Map<String, Object> e = kError(k, error);
        e.put("ciLow", ciLow);
        e.put("ciHigh", ciHigh);
        return e;
    }

    private static Map<String, Object> tail(Map<String, Object> e, double mean, double median, boolean full,
                                            double medianLow, double medianHigh, double q10, double q90) {
        e.put("mean", mean);
        e.put("median", median);
        if (full) {
            e.put("medianLow", medianLow);
            e.put("medianHigh", medianHigh);
        }
        e.put("q10", q10);
        e.put("q90", q90);
        return e;
    }
}
