package org.taskmix.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.taskmix.io.AtomicFiles;

/**
 * A self-contained HTML report (one file, inline CSS, no scripts, no network) built from a
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
     */
    public record Provenance(String problem, String source, Long seed, String version, String date) {
    }

    private static final String NONE = "—";
    /** Sections at or above this count get a table of contents. */
    private static final int TOC_MIN_SECTIONS = 3;

    private final String title;
    private Provenance provenance;
    private final List<String[]> extraProvenance = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

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

    /** Appends a new section and returns it for filling. */
    public Section section(String heading) {
        Section s = new Section(Objects.requireNonNull(heading, "heading"), sections.size() + 1);
        sections.add(s);
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
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n<h1>").append(escape(title)).append("</h1>\n");
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
            for (Block b : s.blocks) {
                b.html(h);
            }
            h.append("</section>\n");
        }
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The same report as GitHub-flavoured Markdown (figures as image links). */
    public String renderMarkdown() {
        StringBuilder m = new StringBuilder(4096);
        m.append("# ").append(mdLine(title)).append("\n\n");
        for (String[] e : provenanceEntries()) {
            m.append("- **").append(mdLine(e[0])).append(":** ").append(mdLine(e[1])).append('\n');
        }
        if (!provenanceEntries().isEmpty()) {
            m.append('\n');
        }
        for (Section s : sections) {
            m.append("## ").append(mdLine(s.heading)).append("\n\n");
            for (Block b : s.blocks) {
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
        }
        out.addAll(extraProvenance);
        return out;
    }

    /** One section: a heading and its blocks, in the order added. */
    public static final class Section {

        private final String heading;
        private final int number;
        private final List<Block> blocks = new ArrayList<>();

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
            blocks.add(new Paragraph(text));
            return this;
        }

        /** Adds text shown verbatim in a monospaced block (e.g. a {@link TextTable}). */
        public Section preformatted(String text) {
            Objects.requireNonNull(text, "preformatted text");
            blocks.add(new Pre(text));
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
            blocks.add(new Table(caption, hdr, copy));
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
            blocks.add(new Figure(relative(src), Objects.requireNonNull(caption, "caption"), List.copyOf(notes), 0, 0));
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
            blocks.add(new Figure(relative(rel.toString().replace('\\', '/')), Objects.requireNonNull(caption, "caption"),
                    chart.notes(), chart.width(), chart.height()));
            return this;
        }
    }

    // ------------------------------------------------------------------ blocks

    private interface Block {
        void html(StringBuilder h);

        void markdown(StringBuilder m);
    }

    private record Paragraph(String text) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<p>").append(escape(text).replace("\n", "<br>\n")).append("</p>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            m.append(mdText(text).replace("\n", "  \n")).append("\n\n");
        }
    }

    private record Pre(String text) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<pre>").append(escape(text)).append("</pre>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            String fence = text.contains("```") ? "~~~~" : "```";
            m.append(fence).append('\n').append(text).append(text.endsWith("\n") ? "" : "\n").append(fence).append("\n\n");
        }
    }

    private record Table(String caption, List<String> header, List<List<Object>> rows) implements Block {

        private boolean numericColumn(int c) {
            boolean any = false;
            for (List<Object> r : rows) {
                Object v = r.get(c);
                if (v != null && !(v instanceof Number)) {
                    return false;
                }
                any |= v != null;
            }
            return any;
        }

        @Override
        public void html(StringBuilder h) {
            h.append("<table class=\"data\">\n");
            if (caption != null) {
                h.append("<caption>").append(escape(caption)).append("</caption>\n");
            }
            h.append("<thead><tr>");
            for (int c = 0; c < header.size(); c++) {
                h.append(numericColumn(c) ? "<th class=\"num\">" : "<th>").append(escape(header.get(c))).append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (List<Object> r : rows) {
                h.append("<tr>");
                for (Object v : r) {
                    if (v instanceof Double || v instanceof Float) {
                        double d = ((Number) v).doubleValue();
                        h.append("<td class=\"num\" title=\"").append(escape(Double.toString(d))).append("\">")
                                .append(escape(TextTable.compact(d))).append("</td>");
                    } else if (v instanceof Number) {
                        h.append("<td class=\"num\">").append(escape(v.toString())).append("</td>");
                    } else {
                        h.append("<td>").append(v == null ? "" : escape(v.toString())).append("</td>");
                    }
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            if (caption != null) {
                m.append("*").append(mdLine(caption)).append("*\n\n");
            }
            m.append('|');
            for (String s : header) {
                m.append(' ').append(mdCell(s)).append(" |");
            }
            m.append("\n|");
            for (int c = 0; c < header.size(); c++) {
                m.append(numericColumn(c) ? " ---: |" : " --- |");
            }
            m.append('\n');
            for (List<Object> r : rows) {
                m.append('|');
                for (Object v : r) {
                    String s = v == null ? "" : (v instanceof Double || v instanceof Float)
                            ? TextTable.compact(((Number) v).doubleValue()) : v.toString();
                    m.append(' ').append(mdCell(s)).append(" |");
                }
                m.append('\n');
            }
            m.append('\n');
        }
    }

    private record Figure(String src, String caption, List<String> notes, int width, int height) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<figure>\n<img src=\"").append(escape(src)).append("\" alt=\"").append(escape(caption)).append('"');
            if (width > 0 && height > 0) {
                h.append(" width=\"").append(width).append("\" height=\"").append(height).append('"');
            }
            h.append(">\n<figcaption>").append(escape(caption));
            for (String n : notes) {
                h.append("<br>\n<span class=\"note\">").append(escape(n)).append("</span>");
            }
            h.append("</figcaption>\n</figure>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            m.append("![").append(mdLine(caption).replace("]", "\\]")).append("](").append(src).append(")\n\n*")
                    .append(mdLine(caption)).append("*\n");
            for (String n : notes) {
                m.append("\n> ").append(mdLine(n)).append('\n');
            }
            m.append('\n');
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
    private static String mdText(String s) {
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

    private static String mdLine(String s) {
        return mdText(s.replace('\n', ' '));
    }

    private static String mdCell(String s) {
        return mdLine(s);
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0; background: #fff; color: #222;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
            main { max-width: 960px; margin: 0 auto; padding: 24px 20px 60px; }
            h1 { font-size: 1.7em; margin: 0.2em 0 0.6em; }
            h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
            p { margin: 0.6em 0; }
            nav ol { margin: 0.5em 0 1em; padding-left: 1.4em; }
            table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.93em; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.3em; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid #bbb; background: #f6f6f6; }
            table.data tbody tr:nth-child(even) { background: #fafafa; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.provenance th { font-weight: 600; color: #555; background: none; border-bottom: 1px solid #eee; }
            table.provenance td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            pre { background: #f6f6f6; padding: 10px 12px; overflow-x: auto; font-size: 0.88em; border-radius: 4px; }
            figure { margin: 1em 0 1.6em; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.92em; color: #444; margin-top: 0.3em; }
            .note { color: #8a5a00; }
            """;
}
