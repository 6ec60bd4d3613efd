package org.taskmix.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.taskmix.io.AtomicFiles;

/** What every chart of {@link Charts} shares: the style, the colours, title fitting, encoding. */
final class ChartStyle {

    static final String FONT = Font.SANS_SERIF;
    /** Largest and smallest title font: shrink a long title before shortening it. */
    static final int TITLE_PT = 18;
    static final int TITLE_MIN_PT = 12;
    /** Chart padding in pixels (XChart's chartPadding). */
    static final int PADDING = 14;
    /**
     * Room XChart takes left of the plot for the y tick labels and axis title (measured on the
     * rendered charts: about 75 px at 13/15 pt), used to find where the title is centred.
     */
    static final int Y_AXIS_ROOM = 80;
    /** Legend box beyond its longest label: line sample (34 px), gaps and border. */
    static final int LEGEND_EXTRA = 70;

    /**
     * Tableau 10, reordered so that the first four (the paper's four task groups) are far apart;
     * all have enough contrast on white. Beyond ten, colours repeat in a darker shade.
     */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759),
        new Color(0xB07AA1), new Color(0x76B7B2), new Color(0xEDC948), new Color(0x9C755F),
        new Color(0xFF9DA7), new Color(0xBAB0AC),
    };

    private ChartStyle() {
    }

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

    static ChartInfo write(Built b, Path png) {
        byte[] bytes = b.png();
        AtomicFiles.write(png, out -> out.write(bytes));
        return new ChartInfo(png, Charts.WIDTH, Charts.HEIGHT, b.legend(), b.notes());
    }

    /** Width of {@code text} in pixels at {@code font}, as Java2D renders it (anti-aliased). */
    static int textWidth(String text, Font font) {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            FontMetrics fm = g.getFontMetrics(font);
            return (int) Math.ceil(fm.getStringBounds(text, g).getWidth());
        } finally {
            g.dispose();
        }
    }

    /**
     * Makes the title fit: XChart centres it on the plot (not the image), so the room is twice
     * the distance from the plot's centre to the nearer image edge. The font shrinks from
     * {@value #TITLE_PT} to {@value #TITLE_MIN_PT} pt by measuring the rendered width; a title
     * still too wide is cut with an ellipsis and the full title goes into the notes.
     *
     * @param legendLabels the legend's labels (its width moves the plot's centre), empty if none
     */
    static void fitTitle(Chart<?, ?> chart, List<String> legendLabels, List<String> notes) {
        String title = chart.getTitle() == null ? "" : chart.getTitle();
        int legend = 0;
        Font lf = new Font(FONT, Font.PLAIN, 13);
        for (String l : legendLabels) {
            legend = Math.max(legend, textWidth(l, lf) + LEGEND_EXTRA);
        }
        int plotLeft = PADDING + Y_AXIS_ROOM;
        int plotRight = Charts.WIDTH - PADDING - legend;
        double centre = (plotLeft + plotRight) / 2.0;
        int room = (int) (2 * Math.min(centre, Charts.WIDTH - centre)) - 2 * PADDING;
        for (int pt = TITLE_PT; pt >= TITLE_MIN_PT; pt--) {
            Font f = new Font(FONT, Font.BOLD, pt);
            if (textWidth(title, f) <= room) {
                chart.getStyler().setChartTitleFont(f);
                return;
            }
        }
        Font f = new Font(FONT, Font.BOLD, TITLE_MIN_PT);
        String cut = title;
        while (cut.length() > 1 && textWidth(cut + "…", f) > room) {
            cut = cut.substring(0, cut.length() - 1);
        }
        chart.getStyler().setChartTitleFont(f);
        chart.setTitle(cut.strip() + "…");
        notes.add("full title: " + title);
    }

    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x888888));
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(new Color(0xE3E3E3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(new Color(0x222222));
        s.setAxisTickLabelsColor(new Color(0x222222));
        s.setChartTitleFont(new Font(FONT, Font.BOLD, TITLE_PT));
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
        s.setChartPadding(PADDING);
        s.setPlotContentSize(0.93);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.ROOT);
    }

    /**
     * One colour per distinct group. {@code sorted}: by group name, so the weights chart and the
     * hardness chart of one catalog agree; otherwise in order of first appearance.
     */
    static Map<String, Color> groupColours(List<String> groups, boolean sorted) {
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

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static void hide(XYSeries s) {
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
    }

    static String joinInts(List<Integer> ks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ks.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ks.get(i));
        }
        return sb.toString();
    }

    static void requireNonEmpty(List<?> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(what + ": empty; need at least one");
        }
    }

    static void requireUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " \"" + n + "\" appears twice; names in one chart must be unique");
            }
        }
    }
}
