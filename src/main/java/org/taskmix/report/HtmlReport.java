package org.taskmix.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.taskmix.io.AtomicFiles;

/**
 * A self-contained HTML report (one file, inline CSS, a few lines of inline script to sort tables, no network) built from a
 * simple model: a title, a provenance block, then sections of paragraphs, tables, preformatted
 * text and figures (PNG files referred to by relative path). The same model also renders as
 * Markdown.
 *
 * <p>The output depends only on what was added: the date in the provenance block is passed in
 * by the caller, never read from the clock, so a rerun with the same inputs gives the same
 * bytes. All text is HTML-escaped.
 *
 * <pre>{@code
 * HtmlReport r = new HtmlReport("taskmix demo")
 *         .provenance(new HtmlReport.Provenance("paper-task-selection", "problems/x.json", 7L, "0.1.0", "2025-01-01"));
 * r.section("Weights").paragraph("…").table(List.of("task", "weight"), rows).figure(info, outDir, "Weights by task");
 * r.write(outDir.resolve("index.html"));
 * }</pre>
 */
public final class HtmlReport {

    /**
     * Where a report came from. Any field may be null (shown as "—").
     *
     * @param problem the problem's name
     * @param source  the problem file (or "built-in")
     * @param seed    the random seed used
     * @param version taskmix version
     * @param date    the run date, as the caller wants it shown (not read from the clock here)
     * @param commandLine the command line that made the report, or null (not shown)
     */
    public record Provenance(String problem, String source, Long seed, String version, String date,
                             String commandLine) {

        /** Provenance without a command line. */
        public Provenance(String problem, String source, Long seed, String version, String date) {
            this(problem, source, seed, version, date, null);
        }
    }

    private static final String NONE = "—";
    /** Sections at or above this count get a table of contents. */
    private static final int TOC_MIN_SECTIONS = 3;

    private final String title;
    private Provenance provenance;
    private final List<String[]> extraProvenance = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private HtmlBlocks.Lead lead;

    /** An empty report with this title. */
    public HtmlReport(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Sets the provenance block. */
    public HtmlReport provenance(Provenance p) {
        this.provenance = Objects.requireNonNull(p, "provenance");
        return this;
    }

    /** Adds one more line to the provenance block (e.g. "solver", "ojalgo"). */
    public HtmlReport provenance(String key, Object value) {
        extraProvenance.add(new String[] {Objects.requireNonNull(key, "key"), value == null ? NONE : value.toString()});
        return this;
    }

    /**
     * Sets the box shown first, right under the title: the decision the page supports (e.g.
     * "Pick exact: …") and a few detail lines.
     */
    public HtmlReport lead(String headline, List<String> details) {
        this.lead = new HtmlBlocks.Lead(Objects.requireNonNull(headline, "headline"), List.copyOf(details));
        return this;
    }

    /** Appends a new section and returns it for filling. */
    public Section section(String heading) {
        Section s = new Section(Objects.requireNonNull(heading, "heading"), sections.size() + 1);
        sections.add(s);
        return s;
    }

    /**
     * Inserts a new section right after the one headed {@code after} (at the end if there is
     * none) and returns it for filling.
     */
    public Section sectionAfter(String after, String heading) {
        Section s = new Section(Objects.requireNonNull(heading, "heading"), sections.size() + 1);
        int at = sections.size();
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).heading().equals(after)) {
                at = i + 1;
            }
        }
        sections.add(at, s);
        return s;
    }

    /** The report's sections, in order. */
    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /** Writes the HTML atomically. */
    public void write(Path file) {
        AtomicFiles.write(file, out -> out.write(render().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes the Markdown rendering atomically. */
    public void writeMarkdown(Path file) {
        AtomicFiles.writeString(file, renderMarkdown());
    }

    /** The complete HTML document. */
    public String render() {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(HtmlBlocks.CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n<h1>").append(escape(title)).append("</h1>\n");
        if (lead != null) {
            lead.html(h);
        }
        List<String[]> prov = provenanceEntries();
        if (!prov.isEmpty()) {
            h.append("<table class=\"provenance\">\n");
            for (String[] e : prov) {
                h.append("<tr><th scope=\"row\">").append(escape(e[0])).append("</th><td>").append(escape(e[1]))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (sections.size() >= TOC_MIN_SECTIONS) {
            h.append("<nav><ol>\n");
            for (Section s : sections) {
                h.append("<li><a href=\"#").append(s.id()).append("\">").append(escape(s.heading)).append("</a></li>\n");
            }
            h.append("</ol></nav>\n");
        }
        for (Section s : sections) {
            h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(escape(s.heading)).append("</h2>\n");
            for (HtmlBlocks.Block b : s.blocks) {
                b.html(h);
            }
            h.append("</section>\n");
        }
        h.append("</main>\n");
        if (h.indexOf("class=\"data sortable\"") >= 0) {
            h.append("<script>\n").append(HtmlBlocks.SORT_SCRIPT).append("</script>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The same report as GitHub-flavoured Markdown (figures as image links). */
    public String renderMarkdown() {
        StringBuilder m = new StringBuilder(4096);
        m.append("# ").append(mdLine(title)).append("\n\n");
        if (lead != null) {
            lead.markdown(m);
        }
        for (String[] e : provenanceEntries()) {
            m.append("- **").append(mdLine(e[0])).append(":** ").append(mdLine(e[1])).append('\n');
        }
        if (!provenanceEntries().isEmpty()) {
            m.append('\n');
        }
        for (Section s : sections) {
            m.append("## ").append(mdLine(s.heading)).append("\n\n");
            for (HtmlBlocks.Block b : s.blocks) {
                b.markdown(m);
            }
        }
        return m.toString();
    }

    private List<String[]> provenanceEntries() {
        List<String[]> out = new ArrayList<>();
        if (provenance != null) {
            out.add(new String[] {"problem", orNone(provenance.problem())});
            out.add(new String[] {"source", orNone(provenance.source())});
            out.add(new String[] {"seed", provenance.seed() == null ? NONE : provenance.seed().toString()});
            out.add(new String[] {"taskmix version", orNone(provenance.version())});
            out.add(new String[] {"date", orNone(provenance.date())});
            if (provenance.commandLine() != null) {
                out.add(new String[] {"command line", provenance.commandLine()});
            }
        }
        out.addAll(extraProvenance);
        return out;
    }

    /** One section: a heading and its blocks, in the order added. */
    public static final class Section {

        private final String heading;
        private final int number;
        private final List<HtmlBlocks.Block> blocks = new ArrayList<>();

        private Section(String heading, int number) {
            this.heading = heading;
            this.number = number;
        }

        /** The heading. */
        public String heading() {
            return heading;
        }

        String id() {
            return "s" + number;
        }

        /** Adds a paragraph of plain text (escaped; line breaks kept). */
        public Section paragraph(String text) {
            Objects.requireNonNull(text, "paragraph");
            blocks.add(new HtmlBlocks.Paragraph(text));
            return this;
        }

        /** Adds text shown verbatim in a monospaced block (e.g. a {@link TextTable}). */
        public Section preformatted(String text) {
            Objects.requireNonNull(text, "preformatted text");
            blocks.add(new HtmlBlocks.Pre(text));
            return this;
        }

        /** Adds a table without caption; see {@link #table(String, List, List)}. */
        public Section table(List<String> header, List<? extends List<?>> rows) {
            return table(null, header, rows);
        }

        /**
         * Adds a table. Numeric cells ({@link Number}) are right-aligned; doubles are shown with
         * 4 significant digits ({@link TextTable#compact}) with the full value as a tooltip; null is
         * an empty cell.
         *
         * @throws IllegalArgumentException if a row's length differs from the header's
         */
        public Section table(String caption, List<String> header, List<? extends List<?>> rows) {
            return table(caption, header, rows, false);
        }

        private Section table(String caption, List<String> header, List<? extends List<?>> rows, boolean sortable) {
            List<String> hdr = List.copyOf(header);
            List<List<Object>> copy = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<?> row = rows.get(r);
                if (row.size() != hdr.size()) {
                    throw new IllegalArgumentException("table " + (caption == null ? "" : "\"" + caption + "\" ")
                            + "row " + (r + 1) + ": " + row.size() + " cells for " + hdr.size() + " columns");
                }
                copy.add(new ArrayList<>(row));
            }
            blocks.add(new HtmlBlocks.Table(caption, hdr, copy, sortable));
            return this;
        }

        /** As {@link #table(String, List, List)}, sortable by clicking a column header (a few lines of inline script). */
        public Section sortableTable(String caption, List<String> header, List<? extends List<?>> rows) {
            return table(caption, header, rows, true);
        }

        /**
         * Adds a list of links to files next to the report: each entry is {relative path, shown
         * name, description}; paths must be relative (see {@link #figure(String, String, List)}).
         */
        public Section links(List<String[]> entries) {
            List<String[]> copy = new ArrayList<>();
            for (String[] e : entries) {
                copy.add(new String[] {relative(e[0]), e[1], e.length > 2 && e[2] != null ? e[2] : ""});
            }
            blocks.add(new HtmlBlocks.Links(copy));
            return this;
        }

        /**
         * Adds a figure: an image at a relative path (relative to the HTML file) with a caption.
         *
         * @param src     relative path, e.g. {@code "weights.png"}; absolute paths and URLs are
         *                refused, since the report must stay self-contained and movable
         * @param caption caption text
         * @param notes   extra lines under the caption (e.g. {@link ChartInfo#notes()}); may be empty
         */
        public Section figure(String src, String caption, List<String> notes) {
            blocks.add(new HtmlBlocks.Figure(relative(src), Objects.requireNonNull(caption, "caption"), List.copyOf(notes), 0, 0));
            return this;
        }

        /** Adds a figure without notes. */
        public Section figure(String src, String caption) {
            return figure(src, caption, List.of());
        }

        /**
         * Adds a chart written by {@link Charts}: its path relative to {@code htmlDir} (the folder
         * the HTML file goes in), its size, and its notes under the caption.
         */
        public Section figure(ChartInfo chart, Path htmlDir, String caption) {
            Path rel = htmlDir.toAbsolutePath().normalize().relativize(chart.file().toAbsolutePath().normalize());
            blocks.add(new HtmlBlocks.Figure(relative(rel.toString().replace('\\', '/')), Objects.requireNonNull(caption, "caption"),
                    chart.notes(), chart.width(), chart.height()));
            return this;
        }
    }

    // ------------------------------------------------------------------ escaping

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Checks that a figure path is relative (so the report folder can be moved or zipped) and
     * percent-encodes characters that are not safe in a URL path.
     */
    static String relative(String src) {
        Objects.requireNonNull(src, "figure path");
        String p = src.replace('\\', '/');
        if (p.isEmpty() || p.startsWith("/") || p.contains(":") || p.startsWith("//")) {
            throw new IllegalArgumentException("figure path \"" + src
                    + "\" must be relative to the report (no absolute path or URL), so the report stays self-contained");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? NONE : s;
    }

    /** Markdown-escapes characters that would start markup inside running text. */
    static String mdText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_[]<>|#".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String mdLine(String s) {
        return mdText(s.replace('\n', ' '));
    }

    static String mdCell(String s) {
        return mdLine(s);
    }


}
