package org.taskmix.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG figures, drawn with XChart from plain values: mixture weights by task,
 * weight against hardness, and CoT error against the number of steps k.
 *
 * <p>Every chart is {@value #WIDTH}×{@value #HEIGHT} pixels on white, with fixed fonts and a fixed
 * colour-blind-safe palette, and is written atomically through {@code AtomicFiles}. The same input
 * gives the same bytes (no timestamps, no randomness). Values a chart cannot show as given (a
 * non-positive error on a log axis, a singular task's infinite hardness, tasks beyond
 * {@link #MAX_BARS}) never raise an exception: they are skipped or placed specially, and the
 * returned {@link ChartInfo#notes()} say so.
 */
public final class Charts {

    /** Image width in pixels. */
    public static final int WIDTH = 900;
    /** Image height in pixels. */
    public static final int HEIGHT = 560;
    /** More tasks than this and the weights chart shows only the heaviest ones (labels stay readable). */
    public static final int MAX_BARS = 40;
    /** Up to this many points the hardness scatter labels each point with its task name. */
    public static final int MAX_POINT_LABELS = 16;
    /** Y-axis title of every error-vs-k chart (docs/theory.md §4: errors are divided by d). */
    public static final String ERROR_AXIS_TITLE = "error per dimension ‖w_k − w*‖²/d";
    /** X-axis title of every error-vs-k chart. */
    public static final String K_AXIS_TITLE = "CoT steps k";
    /** Longest task-name label under a bar; longer names are cut with an ellipsis. */
    static final int MAX_LABEL_CHARS = 22;

    /** A hardness range wider than this (max/min) gets a log x axis. */
    private static final double LOG_HARDNESS_RATIO = 10;
    /** Log axes spanning fewer decades than this also label the 2…9 ticks, else only decades. */
    private static final double DECADE_ONLY_SPAN = 1.3;
    /** Tolerance for "this log2 tick is an integer power of two" (ticks come from decimal steps). */
    private static final double TICK_EPS = 1e-9;

    /** Weights are probabilities: a leading zero and at most three decimals read best. */
    private static final String WEIGHT_PATTERN = "0.###";
    /** Label of the singular-task overlay in the hardness chart's legend. */
    static final String SINGULAR_LABEL = "singular (hardness ∞)";
    /** Point labels sit this fraction of the weight range above their point. */
    private static final double LABEL_LIFT = 0.045;

    static {
        // Charts are drawn off-screen; without this a JVM on a machine without a display may try
        // to reach one the first time AWT loads.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    // ------------------------------------------------------------------ weights by task

    /**
     * Bar chart of mixture weights, one bar per task, coloured by group with one legend entry per
     * group. Bars are sorted by group, then name. With more than {@link #MAX_BARS} tasks only the
     * heaviest {@link #MAX_BARS} are shown, and the title and notes say how much weight the rest
     * hold.
     *
     * @throws IllegalArgumentException if {@code bars} is empty or repeats a task name
     */
    public static ChartInfo weightsByTask(String title, List<TaskBar> bars, Path png) {
        return ChartStyle.write(buildWeightsByTask(title, bars), png);
    }

    static ChartStyle.Built buildWeightsByTask(String title, List<TaskBar> bars) {
        java.util.Objects.requireNonNull(title, "title");
        ChartStyle.requireNonEmpty(bars, "bars");
        ChartStyle.requireUnique(bars.stream().map(TaskBar::name).toList(), "task name");
        List<String> notes = new ArrayList<>();
        Map<String, Color> colours = ChartStyle.groupColours(bars.stream().map(TaskBar::group).toList(), true);

        List<TaskBar> shown = new ArrayList<>(bars);
        String fullTitle = title;
        if (bars.size() > MAX_BARS) {
            shown.sort(Comparator.comparingDouble(TaskBar::weight).reversed().thenComparing(TaskBar::name));
            double rest = 0;
            for (TaskBar t : shown.subList(MAX_BARS, shown.size())) {
                rest += t.weight();
            }
            shown = new ArrayList<>(shown.subList(0, MAX_BARS));
            fullTitle = title + " (top " + MAX_BARS + " of " + bars.size() + " tasks)";
            notes.add("showing the " + MAX_BARS + " heaviest of " + bars.size() + " tasks; the other "
                    + (bars.size() - MAX_BARS) + " hold total weight " + TextTable.compact(rest));
        }
        shown.sort(Comparator.comparing(TaskBar::group).thenComparing(TaskBar::name));

        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(fullTitle)
                .xAxisTitle("task").yAxisTitle("weight π").build();
        ChartStyle.style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setAvailableSpaceFill(0.75);
        chart.getStyler().setXAxisLabelRotation(shown.size() > 8 ? 90 : 0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setYAxisDecimalPattern(WEIGHT_PATTERN);
        if (shown.stream().allMatch(t -> t.weight() >= 0)) {
            chart.getStyler().setYAxisMin(0.0);
        }

        List<String> categories = new ArrayList<>();
        for (TaskBar t : shown) {
            categories.add(shorten(t.name()));
        }
        // One series per group with zeros elsewhere, stacked: every bar is full width and takes
        // its group's colour, and the legend lists each group once.
        for (String group : new TreeSet<>(shown.stream().map(TaskBar::group).toList())) {
            List<Double> values = new ArrayList<>();
            for (TaskBar t : shown) {
                values.add(t.group().equals(group) ? t.weight() : 0.0);
            }
            CategorySeries s = chart.addSeries(group, categories, values);
            s.setFillColor(colours.get(group));
            s.setLineColor(colours.get(group));
        }
        for (TaskBar t : shown) {
            if (!t.name().equals(shorten(t.name()))) {
                notes.add("long task names are shortened to " + MAX_LABEL_CHARS + " characters (… in the middle) under the bars");
                break;
            }
        }
        ChartStyle.fitTitle(chart, new ChartStyle.Built(chart, notes).legend(), notes);
        return new ChartStyle.Built(chart, notes);
    }

    // ------------------------------------------------------------------ weight vs hardness

    /**
     * Scatter of weight (y) against hardness {@code tr(Λ)/λ_min} (x), one colour per group. The x
     * axis is logarithmic when the finite hardnesses span more than a factor of 10. Singular tasks
     * (infinite hardness) are drawn at the right edge, overlaid with a black cross whose legend
     * entry reads "singular". With at most {@link #MAX_POINT_LABELS} points each is labelled with
     * its task name.
     *
     * @throws IllegalArgumentException if {@code points} is empty
     */
    public static ChartInfo weightVsHardness(String title, List<TaskPoint> points, Path png) {
        return ChartStyle.write(buildWeightVsHardness(title, points), png);
    }

    static ChartStyle.Built buildWeightVsHardness(String title, List<TaskPoint> points) {
        java.util.Objects.requireNonNull(title, "title");
        ChartStyle.requireNonEmpty(points, "points");
        List<String> notes = new ArrayList<>();
        Map<String, Color> colours = ChartStyle.groupColours(points.stream().map(TaskPoint::group).toList(), true);

        double minH = Double.POSITIVE_INFINITY;
        double maxH = 0;
        int singular = 0;
        for (TaskPoint p : points) {
            if (p.singular()) {
                singular++;
            } else {
                minH = Math.min(minH, p.hardness());
                maxH = Math.max(maxH, p.hardness());
            }
        }
        boolean anyFinite = singular < points.size();
        boolean logX = anyFinite && maxH / minH > LOG_HARDNESS_RATIO;
        // Where the singular tasks go: a clear step right of the hardest finite task.
        double edge;
        if (!anyFinite) {
            edge = 1;
        } else if (logX) {
            edge = maxH * Math.pow(maxH / minH, 0.12);
        } else {
            edge = maxH + 0.15 * Math.max(maxH - minH, maxH * 0.2);
        }

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("hardness tr(Λ)/λ_min" + (logX ? " (log scale)" : "")
                        + (singular > 0 ? "; singular tasks (∞) at the right edge" : ""))
                .yAxisTitle("weight π").build();
        ChartStyle.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(11);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisDecimalPattern(WEIGHT_PATTERN);
        boolean labelled = points.size() <= MAX_POINT_LABELS;
        double minW = points.stream().mapToDouble(TaskPoint::weight).min().orElse(0);
        double maxW = points.stream().mapToDouble(TaskPoint::weight).max().orElse(0);
        double wSpan = Math.max(maxW - Math.min(0, minW), 1e-12);
        if (minW >= 0) {
            chart.getStyler().setYAxisMin(0.0);
        }
        if (labelled) {
            // Room above the top point for its label, which would otherwise run into the title.
            chart.getStyler().setYAxisMax(maxW + 2.5 * LABEL_LIFT * wSpan);
        }
        if (anyFinite) {
            hardnessAxis(chart, minH, singular > 0 ? edge : maxH, logX);
        }

        for (String group : new TreeSet<>(colours.keySet())) {
            List<TaskPoint> in = points.stream().filter(p -> p.group().equals(group)).toList();
            double[] x = new double[in.size()];
            double[] y = new double[in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = in.get(i).singular() ? edge : in.get(i).hardness();
                y[i] = in.get(i).weight();
            }
            XYSeries s = chart.addSeries(group, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours.get(group));
        }
        if (singular > 0) {
            singularOverlay(chart, points, singular, edge, anyFinite ? (logX ? Math.sqrt(maxH * edge) : (maxH + edge) / 2)
                    : Double.NaN, notes);
        }
        if (labelled) {
            for (TaskPoint p : points) {
                double x = p.singular() ? edge : p.hardness();
                chart.addAnnotation(new AnnotationText(shorten(p.name()), x, p.weight() + LABEL_LIFT * wSpan, false));
            }
        }
        ChartStyle.fitTitle(chart, new ChartStyle.Built(chart, notes).legend(), notes);
        return new ChartStyle.Built(chart, notes);
    }

    /** X range with margins left and right, so end points and their labels stay inside the plot. */
    private static void hardnessAxis(XYChart chart, double lo, double hi, boolean logX) {
        if (logX) {
            double pad = Math.pow(hi / lo, 0.06);
            chart.getStyler().setXAxisMin(lo / pad);
            chart.getStyler().setXAxisMax(hi * pad);
            chart.getStyler().setXAxisLogarithmicDecadeOnly(Math.log10(hi / lo) >= DECADE_ONLY_SPAN);
        } else {
            double pad = 0.06 * Math.max(hi - lo, Math.abs(hi) * 0.2);
            chart.getStyler().setXAxisMin(Math.max(0, lo - pad));
            chart.getStyler().setXAxisMax(hi + pad);
        }
    }

    /**
     * Singular tasks at the right edge as black crosses, with a dashed divider at {@code divider}
     * (NaN: none, when no task is finite).
     */
    private static void singularOverlay(XYChart chart, List<TaskPoint> points, int singular, double edge,
                                        double divider, List<String> notes) {
        double[] x = new double[singular];
        double[] y = new double[singular];
        int i = 0;
        for (TaskPoint p : points) {
            if (p.singular()) {
                x[i] = edge;
                y[i++] = p.weight();
            }
        }
        XYSeries s = chart.addSeries(SINGULAR_LABEL, x, y);
        s.setMarker(SeriesMarkers.CROSS);
        s.setMarkerColor(Color.BLACK);
        notes.add(singular + (singular == 1 ? " task has" : " tasks have")
                + " a singular covariance (hardness ∞) and " + (singular == 1 ? "is" : "are")
                + " drawn at the right edge");
        if (!Double.isNaN(divider)) {
            chart.addAnnotation(new AnnotationLine(divider, true, false));
            chart.getStyler().setAnnotationLineColor(new Color(0x999999));
            chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        }
    }

    // ------------------------------------------------------------------ error vs k

    /** How much of the y range an error-vs-k chart shows. */
    public enum Scale {
        /** Every plottable value (one log axis from the lowest to the highest error). */
        FULL,
        /**
         * The range where the candidates lie: up to {@value ErrorChart#READABLE_FACTOR} times the
         * largest error of the lowest curve; curves that explode are cut at the top edge.
         */
        READABLE
    }

    /** Words every note about a curve cut at the top of a {@link Scale#READABLE} chart contains. */
    public static final String LEAVES_RANGE = "leaves the plotted range";

    /**
     * Error per dimension against CoT steps k on the full log range, colours from the curves'
     * groups in order of appearance (built-in mixture names keep their {@link Palette} colour).
     * See {@link #errorVsK(String, List, Path, Palette, Scale)}.
     *
     * @throws IllegalArgumentException if {@code curves} is empty or repeats a label
     */
    public static ChartInfo errorVsK(String title, List<Curve> curves, Path png) {
        return errorVsK(title, curves, png, Palette.of(curves.stream().map(Curve::group).toList()), Scale.FULL);
    }

    /**
     * Error per dimension against CoT steps k on a log y axis (and a log2 x axis when k spans at
     * least a factor of 8). Measured curves are solid with markers and a shaded confidence band
     * between {@code ciLow} and {@code ciHigh}, cut at the panel's edges; theory curves are
     * dashed; medians and quantiles ({@link Curve#statistic()}) dotted. A curve's colour is its
     * group's colour in {@code palette}. Errors that are NaN, infinite or not positive cannot
     * sit on a log axis: they are left out (the line breaks there) and listed in the notes, as
     * are curves cut at the top of a {@link Scale#READABLE} chart.
     *
     * @throws IllegalArgumentException if {@code curves} is empty or repeats a label
     */
    public static ChartInfo errorVsK(String title, List<Curve> curves, Path png, Palette palette, Scale scale) {
        return ChartStyle.write(ErrorChart.build(title, curves, palette, scale), png);
    }

    static ChartStyle.Built buildErrorVsK(String title, List<Curve> curves) {
        return ErrorChart.build(title, curves, Palette.of(curves.stream().map(Curve::group).toList()), Scale.FULL);
    }

    /** The i-th colour of the group palette (task groups of the weights and hardness charts). */
    static Color colour(int i) {
        return ChartStyle.colour(i);
    }

    /** Tick label of a log2 axis: the power of two, or nothing between powers. */
    static String powerOfTwoLabel(double x) {
        long r = Math.round(x);
        if (Math.abs(x - r) > TICK_EPS || Math.abs(r) > 62) {
            return "";
        }
        return r >= 0 ? Long.toString(1L << r)
                : java.math.BigDecimal.valueOf(Math.pow(2, r)).stripTrailingZeros().toPlainString();
    }

    /** Tick label of a linear k axis: integers only (k is a count). */
    static String integerLabel(double x) {
        long r = Math.round(x);
        return Math.abs(x - r) > TICK_EPS ? "" : Long.toString(r);
    }

    /**
     * A name cut to {@link #MAX_LABEL_CHARS} with an ellipsis in the middle: generated names
     * usually differ at the end ("…-017"), so both ends are kept.
     */
    static String shorten(String name) {
        if (name.length() <= MAX_LABEL_CHARS) {
            return name;
        }
        int tail = (MAX_LABEL_CHARS - 1) / 2;
        int head = MAX_LABEL_CHARS - 1 - tail;
        return name.substring(0, head) + "…" + name.substring(name.length() - tail);
    }
}
