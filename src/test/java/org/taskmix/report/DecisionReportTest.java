package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.taskmix.io.AtomicFiles;
import org.taskmix.theory.Recommendation;

class DecisionReportTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetInputs() {
        AtomicFiles.clearInputs();
    }

    private static final int[] K = {1, 2, 4, 8, 16};

    /** Candidates like the demo's: two near 0.3–0.8, one exploding to 1e20. */
    static List<Curve> curves() {
        return List.of(
                Curve.theory("exact (theory mean)", "exact", K, new double[] {0.8, 0.55, 0.4, 0.3, 0.27}),
                Curve.measured("uniform (trained)", "uniform", K, new double[] {0.85, 0.6, 0.45, 0.36, 0.33},
                        new double[] {-0.1, 0.5, 0.4, 0.3, 0.28}, new double[] {1.0, 0.7, 0.5, 0.42, 0.4}),
                Curve.theory("hardness (theory mean)", "hardness", K, new double[] {0.9, 3, 400, 1e8, 1e20}));
    }

    private ReportInput input(Path extra) {
        Recommendation rec = Recommendation.of(List.of(Recommendation.Candidate.exact("exact", 0.3),
                Recommendation.Candidate.exact("uniform", 0.36), Recommendation.Candidate.exact("hardness", 1e8)),
                8, OptionalLong.empty(), 1);
        return new ReportInput("taskmix compare: t", new HtmlReport.Provenance("t", "t.json", 7L, "taskmix 0.1.0",
                "2026-01-01T00:00:00 UTC", "taskmix compare t.json --report r.html"), rec, List.of("a", "b", "c"),
                List.of(new ReportInput.Column("hardness", List.of(3.0, 5.0, 9.0))),
                List.of(new ReportInput.MixtureWeights("exact", "J_8 at m = inf", new double[] {0.2, 0.3, 0.5}),
                        new ReportInput.MixtureWeights("uniform", "", new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}),
                        new ReportInput.MixtureWeights("hardness", "", new double[] {0.1, 0.2, 0.7})),
                curves(), "Predicted CoT error (m = inf)",
                List.of(new ReportInput.Table("Diagnostics", "Tasks", "hardness = tr/λ_min",
                        List.of("task", "hardness"), List.of(List.of("a", 3.0), List.of("b", 5.0), List.of("c", 9.0)))),
                List.of(new ReportInput.FileLink(extra, "the run as JSON")));
    }

    @Test
    void pageOpensWithTheRecommendationThenTablesPlotsAndLinksToEveryFile() throws IOException {
        Path json = dir.resolve("compare.json");
        Files.writeString(json, "{}");
        Path html = dir.resolve("run.html");
        new DecisionReport(input(json), html).write();
        String page = Files.readString(html);
        int h1 = page.indexOf("</h1>");
        int lead = page.indexOf("<div class=\"lead\">");
        assertTrue(lead > h1 && lead < page.indexOf("<table"), "the recommendation comes first");
        assertTrue(page.contains("Pick exact: lowest predicted error 0.3 at k = 8 CoT steps, m = ∞."), page);
        assertTrue(page.contains("Runner-up uniform: 0.36, 0.06 higher"), "margin over the runner-up");
        assertTrue(page.contains("exact."), "m = ∞ margins are exact");
        assertTrue(page.contains("taskmix compare t.json --report r.html"), "command line in the header");
        assertTrue(page.contains("2026-01-01T00:00:00 UTC"), "date in the header");
        assertTrue(page.contains("<table class=\"data sortable\">") && page.contains("<script>"), "sortable tables");
        assertFalse(page.contains("<pre>"), "no preformatted block");
        assertFalse(page.contains("src=\"http") || page.contains("href=\"http"), "no external assets");
        // Every linked file exists, relative to the page.
        String list = page.substring(page.indexOf("<ul class=\"files\">"));
        Matcher m = Pattern.compile("<li><a href=\"([^\"]+)\"").matcher(list);
        int links = 0;
        while (m.find()) {
            assertTrue(Files.exists(dir.resolve(m.group(1))), m.group(1) + " exists");
            links++;
        }
        assertEquals(4, links, "compare.json, both plots, the Markdown copy");
        assertTrue(page.contains("src=\"run-error-vs-k-all.png\""), "the cut curve's full range is shown");
        assertTrue(Files.exists(dir.resolve("run-error-vs-k.png")));
        assertTrue(Files.exists(dir.resolve("run-error-vs-k-all.png")), "an exploding curve gets the full-range plot");
        assertTrue(Files.readString(dir.resolve("run.md")).startsWith("# taskmix compare: t\n\n**Pick exact"));
    }

    @Test
    void readableScaleCutsExplodingCurvesAtTheTopAndKeepsBandsInsideThePanel() {
        ChartStyle.Built b = ErrorChart.build("t", curves(), Palette.of(List.of("exact", "uniform", "hardness")),
                Charts.Scale.READABLE);
        XYChart chart = (XYChart) b.chart();
        double top = chart.getStyler().getYAxisMax();
        double bottom = chart.getStyler().getYAxisMin();
        // The lowest curve (exact) peaks at 0.8: the axis ends at 4 × 0.8.
        assertEquals(ErrorChart.READABLE_FACTOR * 0.8, top, 1e-12);
        assertEquals(0.27 / ErrorChart.PAD, bottom, 1e-12);
        assertTrue(b.notes().stream().anyMatch(n -> n.startsWith("hardness (theory mean): " + Charts.LEAVES_RANGE)),
                b.notes().toString());
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                assertTrue(Double.isNaN(y) || (y >= bottom - 1e-12 && y <= top + 1e-12),
                        s.getName() + " has " + y + " outside [" + bottom + ", " + top + "]");
            }
        }
        // The exploding curve runs up to the top edge between k = 2 (error 3) and k = 4 (error 400).
        double[] y = chart.getSeriesMap().get("hardness (theory mean)").getYData();
        assertEquals(top, y[2], 1e-12);
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("band cut at the bottom of the panel")));
        ChartStyle.Built full = ErrorChart.build("t", curves(), Palette.of(List.of()), Charts.Scale.FULL);
        assertTrue(((XYChart) full.chart()).getStyler().getYAxisMax() > 1e20);
    }

    @Test
    void aMixtureKeepsItsColourWhateverTheOrder() {
        Palette a = Palette.of(List.of("mine.csv", "uniform", "exact"));
        Palette b = Palette.of(List.of("exact", "uniform", "mine.csv"));
        for (String n : List.of("uniform", "exact", "mine.csv")) {
            assertEquals(a.colour(n), b.colour(n), n);
        }
        assertNotEquals(a.colour("mine.csv"), a.colour("other.csv"));
    }

    @Test
    void longTitlesShrinkThenAreCutWithTheFullTitleInTheNotes() {
        String longTitle = "Predicted and measured CoT error on the target distribution of this problem at m = 100"
                + " for every mixture compared, including those that explode";
        ChartStyle.Built b = ErrorChart.build(longTitle, curves(), Palette.of(List.of()), Charts.Scale.READABLE);
        String shown = b.chart().getTitle();
        assertTrue(shown.endsWith("…") && shown.length() < longTitle.length(), shown);
        assertTrue(b.notes().contains("full title: " + longTitle));
        ChartStyle.Built ok = ErrorChart.build("Short title", curves(), Palette.of(List.of()), Charts.Scale.READABLE);
        assertEquals("Short title", ok.chart().getTitle());
        assertEquals(ChartStyle.TITLE_PT, ok.chart().getStyler().getChartTitleFont().getSize());
    }

    @Test
    void medianCurvesAreDottedBecauseOfTheirStatisticNotTheirLabel() {
        Curve mean = Curve.theory("a median-looking label", "a", K, new double[] {1, 0.9, 0.8, 0.7, 0.6});
        Curve median = Curve.theory("b", "b", K, new double[] {1, 0.9, 0.8, 0.7, 0.6})
                .withStatistic(Curve.Statistic.MEDIAN);
        XYChart chart = (XYChart) ErrorChart.build("t", List.of(mean, median), Palette.of(List.of()),
                Charts.Scale.FULL).chart();
        float[] dashA = ((java.awt.BasicStroke) chart.getSeriesMap().get("a median-looking label").getLineStyle())
                .getDashArray();
        float[] dashB = ((java.awt.BasicStroke) chart.getSeriesMap().get("b").getLineStyle()).getDashArray();
        assertEquals(9f, dashA[0], "a mean theory curve is dashed");
        assertEquals(1f, dashB[0], "a median is dotted");
    }
}
