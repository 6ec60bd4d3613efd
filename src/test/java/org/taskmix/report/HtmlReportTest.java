package org.taskmix.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;

class HtmlReportTest {

    private static final String EVIL = "<script>alert('x')</script> & \"q\"";
    private static final String EVIL_ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;";

    @TempDir
    Path dir;

    @AfterEach
    void forgetInputs() {
        AtomicFiles.clearInputs();
    }

    @Test
    void escapeCoversTheFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
                HtmlReport.escape("<a href=\"x\">Tom & Jerry's</a>"));
        assertEquals("‖w_k − w*‖²/d", HtmlReport.escape("‖w_k − w*‖²/d"), "non-ASCII text passes through");
    }

    @Test
    void everyPieceOfUserTextIsEscaped() {
        HtmlReport r = new HtmlReport(EVIL).provenance(new HtmlReport.Provenance(EVIL, EVIL, 7L, EVIL, EVIL))
                .provenance(EVIL, EVIL);
        r.section(EVIL).paragraph(EVIL).preformatted(EVIL)
                .table(EVIL, List.of(EVIL), List.of(List.of(EVIL)))
                .figure("a.png", EVIL, List.of(EVIL));
        String html = r.render();
        assertFalse(html.contains("<script"), "no raw markup from text");
        // title, h1, 5 provenance values (seed aside: 4) + extra key + value, heading, toc absent (1 section),
        // paragraph, pre, caption, th, td, alt, figcaption, note.
        int occurrences = html.split(java.util.regex.Pattern.quote(EVIL_ESCAPED), -1).length - 1;
        assertEquals(2 + 4 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1, occurrences);
    }

    @Test
    void numbersAreRightAlignedAndCompactWithTheFullValueAsTooltip() {
        HtmlReport r = new HtmlReport("t");
        r.section("Weights").table(List.of("task", "weight", "count"),
                List.of(Arrays.asList("a", 0.123456789, 3), Arrays.asList("b", Double.POSITIVE_INFINITY, null)));
        String html = r.render();
        assertTrue(html.contains("<th>task</th><th class=\"num\">weight</th><th class=\"num\">count</th>"), html);
        assertTrue(html.contains("<tr><td>a</td><td class=\"num\" title=\"0.123456789\">0.1235</td><td class=\"num\">3</td></tr>"), html);
        assertTrue(html.contains("<tr><td>b</td><td class=\"num\" title=\"Infinity\">∞</td><td></td></tr>"), html);
    }

    @Test
    void tableRowsMustMatchTheHeader() {
        HtmlReport.Section s = new HtmlReport("t").section("s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.table("Weights", List.of("a", "b"), List.of(List.of(1, 2), List.of(1))));
        assertEquals("table \"Weights\" row 2: 1 cells for 2 columns", e.getMessage());
    }

    @Test
    void figuresMustBeRelativeAndAreUrlEncoded() {
        HtmlReport.Section s = new HtmlReport("t").section("s");
        assertEquals("figure path \"/tmp/a.png\" must be relative to the report (no absolute path or URL), so the report stays self-contained",
                assertThrows(IllegalArgumentException.class, () -> s.figure("/tmp/a.png", "c")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.figure("https://example.org/a.png", "c"));
        assertThrows(IllegalArgumentException.class, () -> s.figure("C:\\plots\\a.png", "c"));
        assertEquals("plots/error%20vs%20k%231.png", HtmlReport.relative("plots\\error vs k#1.png"));
    }

    @Test
    void chartFiguresAreRelativeToTheHtmlFolderAndCarryTheirNotes() {
        ChartInfo info = new ChartInfo(dir.resolve("plots/w.png"), 900, 560, List.of("g"), List.of("2 points not drawn"));
        HtmlReport r = new HtmlReport("t");
        r.section("s").figure(info, dir, "Weights by task");
        String html = r.render();
        assertTrue(html.contains("<img src=\"plots/w.png\" alt=\"Weights by task\" width=\"900\" height=\"560\">"), html);
        assertTrue(html.contains("<figcaption>Weights by task<br>\n<span class=\"note\">2 points not drawn</span></figcaption>"), html);
    }

    @Test
    void theDocumentIsSelfContainedAndReproducible() {
        HtmlReport a = sample();
        String html = a.render();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
        assertTrue(html.contains("<style>"));
        for (String external : List.of("<script", "<link", "http://", "https://", "@import", "url(")) {
            assertFalse(html.contains(external), "no external resource: " + external);
        }
        assertEquals(html, sample().render(), "same model, same bytes (no clock inside)");
        assertTrue(html.contains("<tr><th scope=\"row\">seed</th><td>7</td></tr>"));
        assertTrue(html.contains("<tr><th scope=\"row\">source</th><td>—</td></tr>"), "null shown as a dash");
        assertTrue(html.contains("<nav><ol>\n<li><a href=\"#s1\">Weights</a></li>"), "contents for 3+ sections");
        assertTrue(html.contains("<section id=\"s3\">\n<h2>Error vs k</h2>"));
    }

    @Test
    void markdownEscapesTableCells() {
        HtmlReport r = new HtmlReport("t");
        r.section("S").table(List.of("name", "v"), List.of(List.of("a|b", 0.5)));
        assertEquals("# t\n\n## S\n\n| name | v |\n| --- | ---: |\n| a\\|b | 0.5 |\n\n", r.renderMarkdown());
    }

    @Test
    void writesAtomically() throws IOException {
        Path file = dir.resolve("report/index.html");
        sample().write(file);
        sample().write(file);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("index.html"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(sample().render(), Files.readString(file, StandardCharsets.UTF_8));
    }

    private static HtmlReport sample() {
        HtmlReport r = new HtmlReport("taskmix demo")
                .provenance(new HtmlReport.Provenance("paper-task-selection", null, 7L, "0.1.0", "2025-01-01"))
                .provenance("solver", "ojalgo");
        r.section("Weights").paragraph("The optimal mixture.").table(List.of("task", "weight"),
                List.of(List.of("a", 0.25), List.of("b", 0.75))).figure("weights.png", "Weights by task");
        r.section("Hardness").figure("hardness.png", "Weight against hardness");
        r.section("Error vs k").preformatted("k  error\n1  0.5\n").figure("error-vs-k.png", "Error vs k");
        return r;
    }
}
