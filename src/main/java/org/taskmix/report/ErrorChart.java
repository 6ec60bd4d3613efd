package org.taskmix.report;

import static org.taskmix.report.ChartStyle.hide;
import static org.taskmix.report.ChartStyle.joinInts;
import static org.taskmix.report.ChartStyle.withAlpha;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The error-vs-k chart ({@link Charts#errorVsK}): log y axis, log2 x axis when k spans a factor
 * of {@value #LOG_K_RATIO} or more, one colour per mixture ({@link Palette}), solid measured
 * curves with a shaded 95% band, dashed theory curves, dotted medians.
 *
 * <p><b>Readable scale.</b> Mixtures worth choosing have errors around 0.3–0.8 while bad ones
 * explode to 1e5–1e20 (docs/theory.md §7); one log axis over all of it squashes the candidates
 * into a strip. {@link Charts.Scale#READABLE} therefore ends the y axis at
 * {@value #READABLE_FACTOR} times the largest error of the curve that stays lowest (when the full range
 * would reach {@value #CUT_WORTH} times higher still; otherwise it shows everything): every curve
 * within that range is drawn whole, a curve that leaves it is drawn up to the top edge, where
 * an upward triangle marks the exit, and the notes say where it went (the full range goes in a
 * second chart). The bottom of the axis comes from the errors, never from the intervals, and
 * bands are cut at the panel's edges.
 */
final class ErrorChart {

    /** A k range at least this wide (max/min) gets a log2 x axis, so doublings are evenly spaced. */
    static final double LOG_K_RATIO = 8;
    /** The readable range ends this many times above the largest error of the lowest curve. */
    static final double READABLE_FACTOR = 4;
    /** Room below the lowest and above the highest plotted error (a factor on the log axis). */
    static final double PAD = 1.15;
    /**
     * Log y axes spanning at least this many decades label decades only; below, the 2…9 ticks too
     * (two decades of 2…9 labels still clear each other at 13 pt on the chart's 560 px).
     */
    static final double DECADE_ONLY_SPAN = 2.0;
    /** The readable range cuts curves only if the full range reaches this many times higher. */
    static final double CUT_WORTH = 3;
    /** Tick labels are plain decimals (0.25, 1,000) when the axis stays within these; else XChart's default. */
    static final double PLAIN_LOW = 1e-3;
    static final double PLAIN_HIGH = 1e5;
    /** Alpha of a confidence band: light enough that the curves on top stay readable. */
    private static final int BAND_ALPHA = 56;
    private static final float LINE_WIDTH = 2.2f;
    private static final BasicStroke SOLID = new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[] {9f, 6f}, 0f);
    /** Medians are drawn dotted, so a mean and a median of the same mixture can be told apart. */
    private static final BasicStroke DOTTED = new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[] {1f, 5f}, 0f);
    private static final BasicStroke WHISKER = new BasicStroke(1.5f);
    /** Curves with more points than this get smaller markers, so dense curves stay lines. */
    private static final int DENSE_POINTS = 12;

    private ErrorChart() {
    }

    /** The y range drawn: bottom and top of the axis. */
    record Range(double bottom, double top) {
        boolean inside(double v) {
            return v > 0 && v <= top;
        }
    }

    static ChartStyle.Built build(String title, List<Curve> curves, Palette palette, Charts.Scale scale) {
        java.util.Objects.requireNonNull(title, "title");
        ChartStyle.requireNonEmpty(curves, "curves");
        ChartStyle.requireUnique(curves.stream().map(Curve::label).toList(), "curve label");
        List<String> notes = new ArrayList<>();
        int kMin = curves.stream().mapToInt(c -> c.k()[0]).min().getAsInt();
        int kMax = curves.stream().mapToInt(c -> c.k()[c.size() - 1]).max().getAsInt();
        boolean log2X = kMin >= 1 && (double) kMax / kMin >= LOG_K_RATIO;
        IntToDoubleFunction xOf = log2X ? k -> Math.log(k) / Math.log(2) : k -> k;

        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle(Charts.K_AXIS_TITLE + (log2X ? " (log scale)" : "")).yAxisTitle(Charts.ERROR_AXIS_TITLE)
                .build();
        ChartStyle.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(curves.stream().mapToInt(Curve::size).max().orElse(0) > DENSE_POINTS ? 5 : 7);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(log2X ? Charts::powerOfTwoLabel : Charts::integerLabel);

        Range range = range(curves, scale);
        if (range == null) {
            empty(chart, curves, xOf.applyAsDouble(kMin), xOf.applyAsDouble(kMax), notes);
            return new ChartStyle.Built(chart, notes);
        }
        double span = Math.log10(range.top() / range.bottom());
        chart.getStyler().setYAxisMin(range.bottom());
        chart.getStyler().setYAxisMax(range.top());
        chart.getStyler().setYAxisLogarithmicDecadeOnly(span >= DECADE_ONLY_SPAN);
        // A formatting function would switch XChart to its linear tick calculator, which never ends
        // on a log axis; a decimal pattern keeps the log ticks. Plain decimals while they stay short.
        if (range.bottom() >= PLAIN_LOW && range.top() <= PLAIN_HIGH) {
            chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        }

        for (Curve c : curves) {
            bands(chart, c, range, xOf, palette.colour(c.group()), notes);
        }
        boolean skipped = false;
        boolean cut = false;
        for (Curve c : curves) {
            int drawn = line(chart, c, range, xOf, palette.colour(c.group()), notes);
            skipped |= (drawn & 1) != 0;
            cut |= (drawn & 2) != 0;
        }
        if (skipped || cut) {
            // The PNG may travel without its notes: say in the image what is not shown.
            chart.setXAxisTitle(chart.getXAxisTitle() + (skipped ? "  ·  points with error ≤ 0, NaN or ∞ not drawn" : "")
                    + (cut ? "  ·  ▲ curve leaves the range" : ""));
        }
        ChartStyle.fitTitle(chart, new ChartStyle.Built(chart, notes).legend(), notes);
        return new ChartStyle.Built(chart, notes);
    }

    /** The y range to draw, or null if no curve has a finite positive error. */
    static Range range(List<Curve> curves, Charts.Scale scale) {
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        double lowestCurveMax = Double.POSITIVE_INFINITY;
        for (Curve c : curves) {
            double curveMax = 0;
            for (double v : c.error().toArray()) {
                if (plottable(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                    curveMax = Math.max(curveMax, v);
                }
            }
            if (curveMax > 0) {
                lowestCurveMax = Math.min(lowestCurveMax, curveMax);
            }
        }
        if (high == 0) {
            return null;
        }
        double top = high * PAD;
        if (scale == Charts.Scale.READABLE && top > CUT_WORTH * READABLE_FACTOR * lowestCurveMax) {
            // Cutting pays only when the full range would squash the candidates.
            top = READABLE_FACTOR * lowestCurveMax;
        }
        double bottom = low / PAD;
        // A flat set of curves still gets a visible band of axis around it.
        top = Math.max(top, bottom * PAD * PAD);
        return new Range(bottom, top);
    }

    private static void empty(XYChart chart, List<Curve> curves, double x0, double x1, List<String> notes) {
        // Nothing can sit on the log axis: draw empty axes rather than fail the report.
        XYSeries s = chart.addSeries("\u0001empty", new double[] {x0, x1}, new double[] {0.1, 1});
        hide(s);
        notes.add("nothing to plot: no curve has a finite positive error");
        chart.getStyler().setLegendVisible(false);
        chart.addAnnotation(new AnnotationText("nothing to plot: no finite positive error", Charts.WIDTH / 2.0,
                Charts.HEIGHT / 2.0, true));
        for (Curve c : curves) {
            notes.add(c.label() + ": no plottable points (error ≤ 0, NaN or ∞)");
        }
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
    }

    /** The shaded interval of a measured curve, cut at the panel's edges; hidden from the legend. */
    private static void bands(XYChart chart, Curve c, Range range, IntToDoubleFunction xOf, Color colour,
                              List<String> notes) {
        if (!c.hasInterval()) {
            return;
        }
        int[] k = c.k();
        double[] e = c.error().toArray();
        double[] lo = c.ciLow().toArray();
        double[] hi = c.ciHigh().toArray();
        int belowZero = 0;
        int i = 0;
        while (i < k.length) {
            if (!bandPoint(e[i], lo[i], hi[i], range)) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < k.length && bandPoint(e[j + 1], lo[j + 1], hi[j + 1], range)) {
                j++;
            }
            int n = j - i + 1;
            double[] x = new double[2 * n];
            double[] y = new double[2 * n];
            for (int t = 0; t < n; t++) {
                belowZero += lo[i + t] > 0 ? 0 : 1;
                x[t] = xOf.applyAsDouble(k[i + t]);
                y[t] = Math.min(hi[i + t], range.top());
                x[2 * n - 1 - t] = x[t];
                y[2 * n - 1 - t] = Math.max(lo[i + t], range.bottom());
            }
            String name = "\u0001band " + c.label() + " " + i;
            XYSeries s = chart.addSeries(name, n == 1 ? new double[] {x[0], x[0]} : x,
                    n == 1 ? new double[] {y[0], y[1]} : y);
            hide(s);
            if (n == 1) {
                s.setLineColor(colour);
                s.setLineStyle(WHISKER);
            } else {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                s.setFillColor(withAlpha(colour, BAND_ALPHA));
            }
            i = j + 1;
        }
        if (belowZero > 0) {
            notes.add(c.label() + ": confidence interval reaches ≤ 0 at " + belowZero
                    + (belowZero == 1 ? " point" : " points") + "; band cut at the bottom of the panel");
        }
    }

    /**
     * Draws one curve, cut where it leaves the range (the line runs to the top edge, a triangle
     * marks the exit). Returns bit 1 if points were skipped as unplottable, bit 2 if it was cut.
     */
    private static int line(XYChart chart, Curve c, Range range, IntToDoubleFunction xOf, Color colour,
                            List<String> notes) {
        int[] k = c.k();
        double[] e = c.error().toArray();
        List<double[]> pts = new ArrayList<>();
        List<double[]> exits = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        List<Integer> above = new ArrayList<>();
        double worst = 0;
        int worstK = 0;
        for (int i = 0; i < k.length; i++) {
            double x = xOf.applyAsDouble(k[i]);
            if (!plottable(e[i])) {
                skipped.add(k[i]);
                pts.add(new double[] {x, Double.NaN});
                continue;
            }
            if (e[i] > worst) {
                worst = e[i];
                worstK = k[i];
            }
            boolean prevIn = i > 0 && range.inside(e[i - 1]);
            boolean prevAbove = i > 0 && plottable(e[i - 1]) && e[i - 1] > range.top();
            if (range.inside(e[i])) {
                if (prevAbove) {
                    pts.add(new double[] {crossing(xOf.applyAsDouble(k[i - 1]), e[i - 1], x, e[i], range.top()),
                        range.top()});
                }
                pts.add(new double[] {x, e[i]});
            } else {
                above.add(k[i]);
                if (prevIn) {
                    double xc = crossing(xOf.applyAsDouble(k[i - 1]), e[i - 1], x, e[i], range.top());
                    pts.add(new double[] {xc, range.top()});
                    exits.add(new double[] {xc, range.top()});
                }
                pts.add(new double[] {x, Double.NaN});
            }
        }
        if (!skipped.isEmpty()) {
            notes.add(c.label() + ": " + (skipped.size() == k.length ? "no plottable points (error ≤ 0, NaN or ∞); not drawn"
                    : skipped.size() + " of " + k.length + " points not drawn (error ≤ 0, NaN or ∞) at k = "
                    + joinInts(skipped)));
        }
        if (!above.isEmpty()) {
            notes.add(c.label() + ": " + Charts.LEAVES_RANGE + " (above " + TextTable.compact(range.top()) + ") at k = "
                    + ranges(above) + "; largest error " + TextTable.compact(worst) + " at k = " + worstK);
        }
        if (pts.stream().allMatch(p -> Double.isNaN(p[1]))) {
            return (skipped.isEmpty() ? 0 : 1) | (above.isEmpty() ? 0 : 2);
        }
        XYSeries s = chart.addSeries(c.label(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray());
        style(s, c, colour);
        if (!exits.isEmpty()) {
            XYSeries ex = chart.addSeries("\u0001exit " + c.label(), exits.stream().mapToDouble(p -> p[0]).toArray(),
                    exits.stream().mapToDouble(p -> p[1]).toArray());
            hide(ex);
            ex.setMarker(SeriesMarkers.TRIANGLE_UP);
            ex.setMarkerColor(colour);
        }
        return (skipped.isEmpty() ? 0 : 1) | (above.isEmpty() ? 0 : 2);
    }

    private static void style(XYSeries s, Curve c, Color colour) {
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        if (c.statistic() != Curve.Statistic.MEAN) {
            s.setLineStyle(DOTTED);
            s.setMarker(c.dashed() ? SeriesMarkers.NONE : SeriesMarkers.DIAMOND);
        } else if (c.dashed()) {
            s.setLineStyle(DASHED);
            s.setMarker(SeriesMarkers.NONE);
        } else {
            s.setLineStyle(SOLID);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    /** Where the segment from (x0, y0) to (x1, y1) crosses {@code level}, interpolating log y. */
    static double crossing(double x0, double y0, double x1, double y1, double level) {
        double t = (Math.log(level) - Math.log(y0)) / (Math.log(y1) - Math.log(y0));
        if (!Double.isFinite(t)) {
            return x1;
        }
        return x0 + Math.max(0, Math.min(1, t)) * (x1 - x0);
    }

    static boolean plottable(double v) {
        return v > 0 && v < Double.POSITIVE_INFINITY;
    }

    private static boolean bandPoint(double e, double lo, double hi, Range range) {
        return range.inside(e) && plottable(hi) && !Double.isNaN(lo) && lo < Double.POSITIVE_INFINITY;
    }

    /** Ascending integers as runs: 2, 3, 4, 5, 8 → "2–5, 8". */
    static String ranges(List<Integer> ks) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ks.size()) {
            int j = i;
            while (j + 1 < ks.size() && ks.get(j + 1) == ks.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(ks.get(i));
            if (j > i) {
                sb.append(j == i + 1 ? ", " : "–").append(ks.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
