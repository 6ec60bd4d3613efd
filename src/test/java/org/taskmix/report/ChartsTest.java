package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.InputException;

class ChartsTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** x data of a log2 axis are computed as ln k / ln 2; exact for powers of two up to rounding. */
    private static final double LOG2_TOL = 1e-12;

    @TempDir
    Path dir;

    @AfterEach
    void forgetInputs() {
        AtomicFiles.clearInputs();
    }

    // ------------------------------------------------------------------ valid PNGs

    @Test
    void weightsByTaskWritesAPngWithOneLegendEntryPerGroup() throws IOException {
        ChartInfo info = Charts.weightsByTask("Weights", SampleData.bars(), dir.resolve("w.png"));
        BufferedImage img = assertPng(info.file());
        assertEquals(List.of("Easy-Long", "Easy-Short", "Hard-Long", "Hard-Short"), info.legend());
        assertEquals(List.of(), info.notes());
        // Bars are filled with the flat group colour: each of the four must cover a real area.
        for (int g = 0; g < 4; g++) {
            assertTrue(count(img, Charts.colour(g)) > 300, "group colour " + g + " painted");
        }
        assertEquals(0, count(img, Charts.colour(4)), "no fifth group colour");
    }

    @Test
    void weightVsHardnessWritesAPngOnALogAxisForA100FoldRange() throws IOException {
        ChartInfo info = Charts.weightVsHardness("Hardness", SampleData.tasks(), dir.resolve("h.png"));
        assertPng(info.file());
        assertEquals(List.of("Easy-Long", "Easy-Short", "Hard-Long", "Hard-Short"), info.legend());
        XYChart chart = (XYChart) Charts.buildWeightVsHardness("Hardness", SampleData.tasks()).chart();
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "hardness 40..4000 spans 100x");
    }

    @Test
    void hardnessWithinATenfoldRangeStaysOnALinearAxis() {
        List<TaskPoint> pts = List.of(new TaskPoint("a", "g", 40, 0.5), new TaskPoint("b", "g", 390, 0.5));
        XYChart chart = (XYChart) Charts.buildWeightVsHardness("t", pts).chart();
        assertFalse(chart.getStyler().isXAxisLogarithmic());
    }

    @Test
    void singularTasksGoToTheRightEdgeWithALegendEntry() throws IOException {
        List<TaskPoint> pts = new ArrayList<>(SampleData.tasks());
        pts.add(new TaskPoint("rank-deficient", "Hard-Long", Double.POSITIVE_INFINITY, 0.07));
        ChartInfo info = Charts.weightVsHardness("t", pts, dir.resolve("s.png"));
        assertPng(info.file());
        assertEquals(List.of("Easy-Long", "Easy-Short", "Hard-Long", "Hard-Short", Charts.SINGULAR_LABEL), info.legend());
        assertEquals(List.of("1 task has a singular covariance (hardness ∞) and is drawn at the right edge"), info.notes());
        XYChart chart = (XYChart) Charts.buildWeightVsHardness("t", pts).chart();
        double[] x = chart.getSeriesMap().get(Charts.SINGULAR_LABEL).getXData();
        assertEquals(1, x.length);
        assertTrue(Double.isFinite(x[0]) && x[0] > 4000, "drawn right of the hardest finite task, got " + x[0]);
    }

    @Test
    void allSingularTasksStillDraw() throws IOException {
        List<TaskPoint> pts = List.of(new TaskPoint("a", null, Double.POSITIVE_INFINITY, 0.5),
                new TaskPoint("b", null, Double.POSITIVE_INFINITY, 0.5));
        ChartInfo info = Charts.weightVsHardness("t", pts, dir.resolve("s.png"));
        assertPng(info.file());
        assertEquals(List.of(TaskBar.NO_GROUP, Charts.SINGULAR_LABEL), info.legend());
    }

    @Test
    void errorVsKWritesAPngAndPairsMeasuredWithTheoryByColour() throws IOException {
        List<Curve> curves = SampleData.curves();
        ChartInfo info = Charts.errorVsK("Error", curves, dir.resolve("e.png"));
        assertPng(info.file());
        assertEquals(curves.stream().map(Curve::label).toList(), info.legend());
        XYChart chart = (XYChart) Charts.buildErrorVsK("Error", curves).chart();
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(Charts.ERROR_AXIS_TITLE, chart.getYAxisTitle());
        assertTrue(chart.getXAxisTitle().startsWith(Charts.K_AXIS_TITLE));
        for (int i = 0; i < curves.size(); i += 2) {
            XYSeries measured = chart.getSeriesMap().get(curves.get(i).label());
            XYSeries theory = chart.getSeriesMap().get(curves.get(i + 1).label());
            assertEquals(measured.getLineColor(), theory.getLineColor(), "one colour per mixture");
            assertTrue(theory.getLineStyle().getDashArray() != null, "theory is dashed");
            assertEquals(null, measured.getLineStyle().getDashArray(), "measured is solid");
        }
        assertFalse(chart.getSeriesMap().get(curves.get(0).label()).getLineColor()
                .equals(chart.getSeriesMap().get(curves.get(2).label()).getLineColor()), "mixtures differ in colour");
        // k = 1..32 spans 32x: x is log2 k, so k = 32 sits at 5.
        double[] x = chart.getSeriesMap().get(curves.get(0).label()).getXData();
        assertEquals(0, x[0], LOG2_TOL);
        assertEquals(5, x[31], LOG2_TOL);
    }

    @Test
    void confidenceBandsAreShadedPolygonsOutsideTheLegend() {
        List<Curve> curves = SampleData.curves();
        XYChart chart = (XYChart) Charts.buildErrorVsK("Error", curves).chart();
        List<XYSeries> bands = chart.getSeriesMap().values().stream()
                .filter(s -> s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.PolygonArea).toList();
        assertEquals(3, bands.size(), "one band per measured curve");
        for (XYSeries b : bands) {
            assertFalse(b.isShowInLegend());
            assertEquals(64, b.getYData().length, "32 upper then 32 lower bounds");
        }
        // The first band is optimal's: its first y is ciHigh at k=1, its last is ciLow at k=1.
        double[] hi = curves.get(0).ciHigh().toArray();
        double[] lo = curves.get(0).ciLow().toArray();
        assertEquals(hi[0], bands.get(0).getYData()[0]);
        assertEquals(lo[0], bands.get(0).getYData()[63]);
    }

    @Test
    void shortKRangeUsesALinearAxisWithIntegerLabels() {
        Curve c = Curve.theory("t", null, new int[] {1, 2, 3}, new double[] {0.5, 0.4, 0.3});
        XYChart chart = (XYChart) Charts.buildErrorVsK("t", List.of(c)).chart();
        assertArrayEquals(new double[] {1, 2, 3}, chart.getSeriesMap().get("t").getXData());
        assertEquals("2", Charts.integerLabel(2.0));
        assertEquals("", Charts.integerLabel(2.5));
    }

    @Test
    void log2TickLabelsArePowersOfTwoOnly() {
        assertEquals("1", Charts.powerOfTwoLabel(0));
        assertEquals("8", Charts.powerOfTwoLabel(3.0000000000001));
        assertEquals("32", Charts.powerOfTwoLabel(5));
        assertEquals("", Charts.powerOfTwoLabel(2.5));
        assertEquals("0.5", Charts.powerOfTwoLabel(-1));
    }

    // ------------------------------------------------------------------ values a log axis cannot show

    @Test
    void infinityNaNAndNonPositiveErrorsAreSkippedWithNotes() throws IOException {
        int[] k = SampleData.ks(8);
        List<Curve> curves = List.of(
                Curve.measured("diverging", "d", k,
                        new double[] {0.5, 0.3, 0.2, 0.4, 3, Double.POSITIVE_INFINITY, Double.NaN, -1},
                        new double[] {0.3, -0.1, 0.1, 0.2, 1, Double.NaN, Double.NaN, Double.NaN},
                        new double[] {0.7, 0.7, 0.3, 0.6, 5, Double.NaN, Double.NaN, Double.NaN}),
                Curve.theory("zero first", null, k, new double[] {0, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001}));
        ChartInfo info = Charts.errorVsK("bad", curves, dir.resolve("bad.png"));
        assertPng(info.file());
        assertEquals(List.of("diverging", "zero first"), info.legend());
        assertEquals(List.of(
                "diverging: confidence interval reaches ≤ 0 at 1 point; band cut at the bottom of the panel",
                "diverging: 3 of 8 points not drawn (error ≤ 0, NaN or ∞) at k = 6, 7, 8",
                "zero first: 1 of 8 points not drawn (error ≤ 0, NaN or ∞) at k = 1"), info.notes());
        XYChart chart = (XYChart) Charts.buildErrorVsK("bad", curves).chart();
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                assertTrue(Double.isNaN(y) || (y > 0 && y < Double.POSITIVE_INFINITY), s.getName() + " has " + y);
            }
        }
        assertTrue(chart.getXAxisTitle().contains("not drawn"), "the image itself says points are missing");
    }

    @Test
    void curvesWithNothingPlottableStillGiveAnImage() throws IOException {
        Curve c = Curve.theory("t", null, new int[] {1, 2}, new double[] {Double.NaN, 0});
        ChartInfo info = Charts.errorVsK("empty", List.of(c), dir.resolve("empty.png"));
        assertPng(info.file());
        assertEquals(List.of(), info.legend());
        assertEquals(List.of("nothing to plot: no curve has a finite positive error",
                "t: no plottable points (error ≤ 0, NaN or ∞)"), info.notes());
    }

    @Test
    void aSingleMeasuredPointGetsAWhiskerNotAPolygon() throws IOException {
        Curve c = Curve.measured("m", null, new int[] {0}, new double[] {1}, new double[] {0.9}, new double[] {1.1});
        ChartInfo info = Charts.errorVsK("one", List.of(c), dir.resolve("one.png"));
        assertPng(info.file());
        XYChart chart = (XYChart) Charts.buildErrorVsK("one", List.of(c)).chart();
        assertTrue(chart.getSeriesMap().values().stream()
                .noneMatch(s -> s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.PolygonArea));
    }

    // ------------------------------------------------------------------ many tasks, names

    @Test
    void hundredsOfTasksShowTheHeaviestWithANote() throws IOException {
        List<TaskBar> bars = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Tasks 0..39 weigh 0.02 each (0.8 in all); the other 260 share 0.2 equally.
            bars.add(new TaskBar(String.format("t%03d", i), "g" + (i % 3), i < 40 ? 0.02 : 0.2 / 260));
        }
        ChartInfo info = Charts.weightsByTask("Weights", bars, dir.resolve("many.png"));
        assertPng(info.file());
        assertEquals(List.of("showing the 40 heaviest of 300 tasks; the other 260 hold total weight 0.2"),
                info.notes());
        ChartStyle.Built b = Charts.buildWeightsByTask("Weights", bars);
        assertEquals("Weights (top 40 of 300 tasks)", b.chart().getTitle());
        org.knowm.xchart.CategoryChart chart = (org.knowm.xchart.CategoryChart) b.chart();
        assertEquals(40, chart.getSeriesMap().get("g0").getXData().size());
    }

    @Test
    void barsAreSortedByGroupThenName() {
        List<TaskBar> bars = List.of(new TaskBar("z", "B", 0.1), new TaskBar("a", "B", 0.2),
                new TaskBar("m", "A", 0.3), new TaskBar("b", null, 0.4));
        org.knowm.xchart.CategoryChart chart = (org.knowm.xchart.CategoryChart) Charts.buildWeightsByTask("t", bars).chart();
        assertEquals(List.of("(no group)", "A", "B"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(List.of("b", "m", "a", "z"), List.copyOf(chart.getSeriesMap().get("A").getXData()));
        assertEquals(List.of(0.0, 0.0, 0.2, 0.1), List.copyOf(chart.getSeriesMap().get("B").getYData()));
    }

    @Test
    void longNamesKeepBothEnds() {
        assertEquals("synthetic-t…number-017", Charts.shorten("synthetic-task-number-017"));
        assertEquals(Charts.MAX_LABEL_CHARS, Charts.shorten("synthetic-task-number-017").length());
        assertEquals("short", Charts.shorten("short"));
    }

    @Test
    void paletteRepeatsDarkerAfterTenColours() {
        Color first = Charts.colour(0);
        Color again = Charts.colour(10);
        assertFalse(first.equals(again));
        assertTrue(again.getRed() < first.getRed() && again.getBlue() < first.getBlue());
    }

    // ------------------------------------------------------------------ bad calls

    @Test
    void duplicateNamesAndEmptyInputsAreRefused() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Charts.weightsByTask("t",
                List.of(new TaskBar("a", "g", 0.5), new TaskBar("a", "h", 0.5)), dir.resolve("x.png")));
        assertEquals("task name \"a\" appears twice; names in one chart must be unique", dup.getMessage());
        Curve c = Curve.theory("c", null, new int[] {1}, new double[] {1});
        IllegalArgumentException dupCurve = assertThrows(IllegalArgumentException.class,
                () -> Charts.errorVsK("t", List.of(c, c), dir.resolve("x.png")));
        assertEquals("curve label \"c\" appears twice; names in one chart must be unique", dupCurve.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Charts.errorVsK("t", List.of(), dir.resolve("x.png")));
        assertEquals("curves: empty; need at least one", empty.getMessage());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    // ------------------------------------------------------------------ files

    @Test
    void sameInputGivesTheSameBytes() {
        byte[] a = Charts.buildErrorVsK("Error", SampleData.curves()).png();
        byte[] b = Charts.buildErrorVsK("Error", SampleData.curves()).png();
        assertArrayEquals(a, b);
        byte[] c = Charts.buildWeightVsHardness("H", SampleData.tasks()).png();
        byte[] d = Charts.buildWeightVsHardness("H", SampleData.tasks()).png();
        assertArrayEquals(c, d);
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
        Path out = dir.resolve("sub/folder/chart.png");
        Charts.weightsByTask("W", SampleData.bars(), out);
        Charts.weightsByTask("W again", SampleData.bars(), out); // overwrite in place
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of("chart.png"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertPng(out);
    }

    @Test
    void refusesToWriteOverAnInputFile() throws IOException {
        Path input = dir.resolve("problem.json");
        Files.writeString(input, "{}");
        AtomicFiles.registerInput(input);
        assertThrows(InputException.class, () -> Charts.weightsByTask("W", SampleData.bars(), input));
        assertEquals("{}", Files.readString(input));
    }

    // ------------------------------------------------------------------ helpers

    private static BufferedImage assertPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > PNG_MAGIC.length);
        byte[] head = new byte[PNG_MAGIC.length];
        System.arraycopy(bytes, 0, head, 0, head.length);
        assertArrayEquals(PNG_MAGIC, head, "PNG signature");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertEquals(Color.WHITE.getRGB(), img.getRGB(1, 1), "white background");
        return img;
    }

    private static int count(BufferedImage img, Color c) {
        int rgb = c.getRGB() & 0xffffff;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
