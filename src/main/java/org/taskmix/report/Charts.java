package org.taskmix.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.taskmix.io.AtomicFiles;

/**
 * The report's PNG figures, drawn with XChart from plain values: mixture weights by task,
 * weight against hardness, and CoT error against the number of steps k.
 *
 * <p>Every chart is {@value #WIDTH}×{@value #HEIGHT} pixels on white, with fixed fonts and a fixed
 * colour-blind-safe palette, and is written atomically through {@link AtomicFiles}. The same input
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

    /**
     * Tableau 10, reordered so that the first four (the paper's four task groups) are far apart;
     * all have enough contrast on white. Beyond ten, colours repeat in a darker shade.
     */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759),
        new Color(0xB07AA1), new Color(0x76B7B2), new Color(0xEDC948), new Color(0x9C755F),
        new Color(0xFF9DA7), new Color(0xBAB0AC),
    };
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
    /** A k range at least this wide (max/min) gets a log2 x axis, so doublings are evenly spaced. */
    private static final double LOG_K_RATIO = 8;
    /** A hardness range wider than this (max/min) gets a log x axis. */
    private static final double LOG_HARDNESS_RATIO = 10;
    /** Log y axes spanning fewer decades than this also label the 2…9 ticks, else only decades. */
    private static final double DECADE_ONLY_SPAN = 1.3;
    /** Tolerance for "this log2 tick is an integer power of two" (ticks come from decimal steps). */
    private static final double TICK_EPS = 1e-9;

    private static final String FONT = Font.SANS_SERIF;
    /** Weights are probabilities: a leading zero and at most three decimals read best. */
    private static final String WEIGHT_PATTERN = "0.###";
    /** Label of the singular-task overlay in the hardness chart's legend. */
    static final String SINGULAR_LABEL = "singular (hardness ∞)";
    /** Point labels sit this fraction of the weight range above their point. */
    private static final double LABEL_LIFT = 0.045;
    /** Curves with more points than this get smaller markers, so dense curves stay lines. */
    private static final int DENSE_POINTS = 12;

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
        Built b = buildWeightsByTask(title, bars);
        return write(b, png);
    }

    static Built buildWeightsByTask(String title, List<TaskBar> bars) {
        java.util.Objects.requireNonNull(title, "title");
        requireNonEmpty(bars, "bars");
        requireUnique(bars.stream().map(TaskBar::name).toList(), "task name");
        List<String> notes = new ArrayList<>();
        Map<String, Color> colours = groupColours(bars.stream().map(TaskBar::group).toList(), true);

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
        style(chart.getStyler());
        fitTitle(chart);
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
        return new Built(chart, notes);
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
        return write(buildWeightVsHardness(title, points), png);
    }

    static Built buildWeightVsHardness(String title, List<TaskPoint> points) {
        java.util.Objects.requireNonNull(title, "title");
        requireNonEmpty(points, "points");
        List<String> notes = new ArrayList<>();
        Map<String, Color> colours = groupColours(points.stream().map(TaskPoint::group).toList(), true);

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
        style(chart.getStyler());
        fitTitle(chart);
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
            // Margins left and right so end points and their labels stay inside the plot.
            double lo = minH;
            double hi = singular > 0 ? edge : maxH;
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
        }
        if (singular > 0 && anyFinite) {
            // A dashed divider between the finite hardnesses and the singular column.
            double divider = logX ? Math.sqrt(maxH * edge) : (maxH + edge) / 2;
            chart.addAnnotation(new AnnotationLine(divider, true, false));
            chart.getStyler().setAnnotationLineColor(new Color(0x999999));
            chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        }
        if (labelled) {
            for (TaskPoint p : points) {
                double x = p.singular() ? edge : p.hardness();
                chart.addAnnotation(new AnnotationText(shorten(p.name()), x, p.weight() + LABEL_LIFT * wSpan, false));
            }
        }
        return new Built(chart, notes);
    }

    // ------------------------------------------------------------------ error vs k

    /**
     * Error per dimension against CoT steps k on a log y axis (and a log2 x axis when k spans at
     * least a factor of 8). Measured curves are solid with markers and a shaded confidence band
     * between {@code ciLow} and {@code ciHigh}; theory curves are dashed. Curves with the same
     * {@link Curve#group()} share a colour. Errors that are NaN, infinite or not positive cannot
     * sit on a log axis: they are left out (the line breaks there) and listed in the notes, as
     * are confidence bounds at or below zero, which are drawn down to the axis floor.
     *
     * @throws IllegalArgumentException if {@code curves} is empty or repeats a label
     */
    public static ChartInfo errorVsK(String title, List<Curve> curves, Path png) {
        return write(buildErrorVsK(title, curves), png);
    }

    static Built buildErrorVsK(String title, List<Curve> curves) {
        java.util.Objects.requireNonNull(title, "title");
        requireNonEmpty(curves, "curves");
        requireUnique(curves.stream().map(Curve::label).toList(), "curve label");
        List<String> notes = new ArrayList<>();
        Map<String, Color> colours = groupColours(curves.stream().map(Curve::group).toList(), false);

        double floor = Double.POSITIVE_INFINITY;
        double top = 0;
        int kMin = Integer.MAX_VALUE;
        int kMax = Integer.MIN_VALUE;
        for (Curve c : curves) {
            int[] k = c.k();
            kMin = Math.min(kMin, k[0]);
            kMax = Math.max(kMax, k[k.length - 1]);
            for (double v : c.error()) {
                if (plottable(v)) {
                    floor = Math.min(floor, v);
                    top = Math.max(top, v);
                }
            }
            if (c.hasInterval()) {
                for (double v : c.ciLow()) {
                    if (plottable(v)) {
                        floor = Math.min(floor, v);
                    }
                }
            }
        }
        boolean log2X = kMin >= 1 && (double) kMax / kMin >= LOG_K_RATIO;
        Function<Integer, Double> xOf = log2X ? k -> Math.log(k) / Math.log(2) : k -> (double) k;

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(K_AXIS_TITLE + (log2X ? " (log scale)" : "")).yAxisTitle(ERROR_AXIS_TITLE).build();
        style(chart.getStyler());
        fitTitle(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        int longest = curves.stream().mapToInt(Curve::size).max().orElse(0);
        chart.getStyler().setMarkerSize(longest > DENSE_POINTS ? 5 : 7);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(log2X ? Charts::powerOfTwoLabel : Charts::integerLabel);

        if (floor == Double.POSITIVE_INFINITY) {
            // Nothing can sit on the log axis: draw empty axes rather than fail the report.
            XYSeries s = chart.addSeries("\u0001empty", new double[] {xOf.apply(kMin), xOf.apply(kMax)},
                    new double[] {0.1, 1});
            hide(s);
            notes.add("nothing to plot: no curve has a finite positive error");
            chart.getStyler().setLegendVisible(false);
            chart.addAnnotation(new AnnotationText("nothing to plot: no finite positive error", WIDTH / 2.0,
                    HEIGHT / 2.0, true));
            for (Curve c : curves) {
                notes.add(c.label() + ": no plottable points (error ≤ 0, NaN or ∞)");
            }
            chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
            return new Built(chart, notes);
        }
        chart.getStyler().setYAxisLogarithmicDecadeOnly(Math.log10(top / floor) >= DECADE_ONLY_SPAN);

        // Bands first so every line is drawn over them; hidden from the legend.
        int bandNo = 0;
        for (Curve c : curves) {
            if (!c.hasInterval()) {
                continue;
            }
            int[] k = c.k();
            double[] e = c.error();
            double[] lo = c.ciLow();
            double[] hi = c.ciHigh();
            Color band = withAlpha(colours.get(c.group()), BAND_ALPHA);
            int clipped = 0;
            int i = 0;
            while (i < k.length) {
                if (!bandPoint(e[i], lo[i], hi[i])) {
                    i++;
                    continue;
                }
                int j = i;
                while (j + 1 < k.length && bandPoint(e[j + 1], lo[j + 1], hi[j + 1])) {
                    j++;
                }
                int n = j - i + 1;
                for (int t = i; t <= j; t++) {
                    if (!(lo[t] > 0)) {
                        clipped++;
                    }
                }
                if (n == 1) {
                    XYSeries s = chart.addSeries("\u0001band " + bandNo++,
                            new double[] {xOf.apply(k[i]), xOf.apply(k[i])},
                            new double[] {lo[i] > 0 ? lo[i] : floor, hi[i]});
                    hide(s);
                    s.setLineColor(colours.get(c.group()));
                    s.setLineStyle(WHISKER);
                } else {
                    double[] x = new double[2 * n];
                    double[] y = new double[2 * n];
                    for (int t = 0; t < n; t++) {
                        x[t] = xOf.apply(k[i + t]);
                        y[t] = hi[i + t];
                        x[2 * n - 1 - t] = x[t];
                        y[2 * n - 1 - t] = lo[i + t] > 0 ? lo[i + t] : floor;
                    }
                    XYSeries s = chart.addSeries("\u0001band " + bandNo++, x, y);
                    hide(s);
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    s.setFillColor(band);
                }
                i = j + 1;
            }
            if (clipped > 0) {
                notes.add(c.label() + ": confidence interval reaches ≤ 0 at " + clipped
                        + (clipped == 1 ? " point" : " points") + "; band drawn down to the axis floor");
            }
        }

        boolean anySkipped = false;
        for (Curve c : curves) {
            int[] k = c.k();
            double[] e = c.error();
            double[] x = new double[k.length];
            double[] y = new double[k.length];
            List<Integer> skipped = new ArrayList<>();
            for (int i = 0; i < k.length; i++) {
                x[i] = xOf.apply(k[i]);
                if (plottable(e[i])) {
                    y[i] = e[i];
                } else {
                    y[i] = Double.NaN; // XChart breaks the line at NaN
                    skipped.add(k[i]);
                }
            }
            if (skipped.size() == k.length) {
                anySkipped = true;
                notes.add(c.label() + ": no plottable points (error ≤ 0, NaN or ∞); not drawn");
                continue;
            }
            if (!skipped.isEmpty()) {
                anySkipped = true;
                notes.add(c.label() + ": " + skipped.size() + " of " + k.length
                        + " points not drawn (error ≤ 0, NaN or ∞) at k = " + joinInts(skipped));
            }
            XYSeries s = chart.addSeries(c.label(), x, y);
            Color colour = colours.get(c.group());
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            // The statistic is named in the label ("… median"), the one place every caller puts it.
            boolean median = c.label().contains("median");
            if (median) {
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
        if (anySkipped) {
            // The PNG may travel without its notes: say in the image that points are missing.
            chart.setXAxisTitle(chart.getXAxisTitle() + "  ·  points with error ≤ 0, NaN or ∞ not drawn");
        }
        return new Built(chart, notes);
    }

    // ------------------------------------------------------------------ shared

    /** A chart ready to encode, with the notes gathered while building it. */
    record Built(Chart<?, ?> chart, List<String> notes) {

        /** Labels of the series shown in the legend, in legend order. */
        List<String> legend() {
            List<String> out = new ArrayList<>();
            for (Series s : chart.getSeriesMap().values()) {
                if (s.isShowInLegend()) {
                    out.add(s.getLabel());
                }
            }
            return out;
        }

        /** The PNG bytes. */
        byte[] png() {
            try {
                return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode chart \"" + chart.getTitle() + "\": " + e.getMessage(), e);
            }
        }
    }

    private static ChartInfo write(Built b, Path png) {
        byte[] bytes = b.png();
        AtomicFiles.write(png, out -> out.write(bytes));
        return new ChartInfo(png, WIDTH, HEIGHT, b.legend(), b.notes());
    }

    /** Title characters that fit above the plot at 18 pt bold (XChart centres it on the plot, not the image). */
    private static final int TITLE_CHARS_AT_18PT = 48;

    /** Shrinks the title font (down to 12 pt) so that a long title is not clipped at the image's edges. */
    private static void fitTitle(Chart<?, ?> chart) {
        int len = chart.getTitle() == null ? 0 : chart.getTitle().length();
        int size = len <= TITLE_CHARS_AT_18PT ? 18 : Math.max(12, 18 * TITLE_CHARS_AT_18PT / len);
        chart.getStyler().setChartTitleFont(new Font(FONT, Font.BOLD, size));
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x888888));
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(new Color(0xE3E3E3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(new Color(0x222222));
        s.setAxisTickLabelsColor(new Color(0x222222));
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 18));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setAnnotationTextFont(new Font(FONT, Font.PLAIN, 11));
        s.setAnnotationTextFontColor(new Color(0x333333));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(new Color(0xBBBBBB));
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendSeriesLineLength(34);
        s.setChartPadding(14);
        s.setPlotContentSize(0.93);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.ROOT);
    }

    /**
     * One colour per distinct group. {@code sorted}: by group name, so the weights chart and the
     * hardness chart of one catalog agree; otherwise in order of first appearance.
     */
    private static Map<String, Color> groupColours(List<String> groups, boolean sorted) {
        Set<String> distinct = sorted ? new TreeSet<>(groups) : new java.util.LinkedHashSet<>(groups);
        Map<String, Color> out = new LinkedHashMap<>();
        int i = 0;
        for (String g : distinct) {
            out.put(g, colour(i++));
        }
        return out;
    }

    /** The i-th palette colour; later rounds of the palette are darker so they stay distinct. */
    static Color colour(int i) {
        Color c = PALETTE[i % PALETTE.length];
        int round = i / PALETTE.length;
        double f = Math.pow(0.72, round);
        return new Color((int) (c.getRed() * f), (int) (c.getGreen() * f), (int) (c.getBlue() * f));
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static void hide(XYSeries s) {
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
    }

    private static boolean plottable(double v) {
        return v > 0 && v < Double.POSITIVE_INFINITY;
    }

    private static boolean bandPoint(double e, double lo, double hi) {
        return plottable(e) && plottable(hi) && !Double.isNaN(lo) && lo < Double.POSITIVE_INFINITY;
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

    private static String joinInts(List<Integer> ks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ks.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ks.get(i));
        }
        return sb.toString();
    }

    private static void requireNonEmpty(List<?> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(what + ": empty; need at least one");
        }
    }

    private static void requireUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " \"" + n + "\" appears twice; names in one chart must be unique");
            }
        }
    }
}
