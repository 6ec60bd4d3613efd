package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.io.AtomicFiles;

/** {@code --report} on solve and compare: where the page goes, what it opens with, bad values. */
class ReportOptionsTest {

    /** Problem files read here are registered as inputs (never overwritten); forget them for the next test. */
    @AfterEach
    void forgetInputs() {
        AtomicFiles.clearInputs();
    }

    @Test
    void compareWritesADecisionFirstPageWithItsProvenance(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("cmp.html");
        CliRun r = CliRun.run("compare", "problems/tiny.json", "--samples", "50", "--report", html.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertTrue(page.indexOf("<p class=\"headline\">Pick ") < page.indexOf("<table"), "recommendation first");
        assertTrue(page.contains("paired on 50 common test prompts"), "finite m: paired margins");
        assertTrue(page.contains("<th scope=\"row\">command line</th><td>taskmix compare problems/tiny.json --samples 50"
                + " --report " + html + " --quiet</td>"), "command line in the header");
        assertFalse(page.contains("<th scope=\"row\">date</th><td>—</td>"), "the date is shown");
        for (String f : new String[] {"cmp-error-vs-k.png", "cmp-error-vs-k-all.png", "cmp.md"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    @Test
    void solveWritesIntoOutWithoutAFileAndRefusesBadValuesBeforeWorking(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("solve", "problems/tiny.json", "--out", out.toString(), "--report", "--quiet");
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(out.resolve("report.html"));
        assertTrue(page.contains("<a href=\"weights.csv\">weights.csv</a>"), "links the run's files");
        CliRun noOut = CliRun.run("solve", "problems/tiny.json", "--report", "--quiet");
        assertEquals(2, noOut.code());
        assertEquals("taskmix: error: --report: give a file (--report FILE.html) or a folder with --out DIR",
                noOut.err().strip());
        CliRun notHtml = CliRun.run("compare", "problems/tiny.json", "--report", dir.resolve("r.txt").toString());
        assertEquals(2, notHtml.code());
        assertTrue(notHtml.err().contains("must name an .html file"), notHtml.err());
        assertFalse(Files.exists(dir.resolve("r.txt")));
    }
}
