package org.taskmix.report;

import static org.taskmix.report.HtmlReport.escape;
import static org.taskmix.report.HtmlReport.mdCell;
import static org.taskmix.report.HtmlReport.mdLine;
import static org.taskmix.report.HtmlReport.mdText;

import java.util.List;

/** The blocks an {@link HtmlReport} section holds, each rendered as HTML and as Markdown. */
final class HtmlBlocks {

    private HtmlBlocks() {
    }

    interface Block {
        void html(StringBuilder h);

        void markdown(StringBuilder m);
    }

    record Paragraph(String text) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<p>").append(escape(text).replace("\n", "<br>\n")).append("</p>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            m.append(mdText(text).replace("\n", "  \n")).append("\n\n");
        }
    }

    record Pre(String text) implements Block {
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

    record Table(String caption, List<String> header, List<List<Object>> rows, boolean sortable) implements Block {

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
            // A table wider than the page scrolls inside its own box instead of running off the page.
            h.append("<div class=\"tablewrap\">");
            h.append(sortable ? "<table class=\"data sortable\">\n" : "<table class=\"data\">\n");
            if (caption != null) {
                h.append("<caption>").append(escape(caption)).append("</caption>\n");
            }
            h.append("<thead><tr>");
            for (int c = 0; c < header.size(); c++) {
                h.append(numericColumn(c) ? "<th class=\"num\"" : "<th").append(sortable ? " title=\"click to sort\">" : ">")
                        // A break opportunity after ':' so mixture:NAME headers wrap in narrow columns.
                        .append(escape(header.get(c)).replace(":", ":<wbr>")).append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (List<Object> r : rows) {
                h.append("<tr>");
                for (Object v : r) {
                    if (v instanceof Double || v instanceof Float) {
                        double d = ((Number) v).doubleValue();
                        h.append(sortable ? "<td class=\"num\" data-v=\"" + escape(Double.toString(d)) + "\"" : "<td class=\"num\"")
                                .append(" title=\"").append(escape(Double.toString(d))).append("\">")
                                .append(escape(TextTable.compact(d))).append("</td>");
                    } else if (v instanceof Number) {
                        h.append(sortable ? "<td class=\"num\" data-v=\"" + escape(v.toString()) + "\">" : "<td class=\"num\">")
                                .append(escape(v.toString())).append("</td>");
                    } else {
                        h.append("<td>").append(v == null ? "" : escape(v.toString())).append("</td>");
                    }
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table></div>\n");
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

    record Figure(String src, String caption, List<String> notes, int width, int height) implements Block {
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

    /** The recommendation box at the top of the page: a headline and detail lines. */
    record Lead(String headline, List<String> details) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<div class=\"lead\">\n<p class=\"headline\">").append(escape(headline)).append("</p>\n");
            for (String d : details) {
                h.append("<p>").append(escape(d)).append("</p>\n");
            }
            h.append("</div>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            m.append("**").append(mdLine(headline)).append("**\n\n");
            for (String d : details) {
                m.append(mdLine(d)).append("\n\n");
            }
        }
    }

    /** A list of links to files next to the report (relative paths), each with a description. */
    record Links(List<String[]> entries) implements Block {
        @Override
        public void html(StringBuilder h) {
            h.append("<ul class=\"files\">\n");
            for (String[] e : entries) {
                h.append("<li><a href=\"").append(escape(e[0])).append("\">").append(escape(e[1])).append("</a>");
                if (!e[2].isEmpty()) {
                    h.append(" — ").append(escape(e[2]));
                }
                h.append("</li>\n");
            }
            h.append("</ul>\n");
        }

        @Override
        public void markdown(StringBuilder m) {
            for (String[] e : entries) {
                m.append("- [").append(mdLine(e[1]).replace("]", "\\]")).append("](").append(e[0]).append(')')
                        .append(e[2].isEmpty() ? "" : " — " + mdLine(e[2])).append('\n');
            }
            m.append('\n');
        }
    }

    // ------------------------------------------------------------------ style

    /**
     * Sorts a {@code table.sortable} by the clicked column: numbers by their full value
     * ({@code data-v}), text alphabetically; a second click reverses. Inline and tiny so the report
     * stays one self-contained file.
     */
    static final String SORT_SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function (th, _, all) {
              th.addEventListener('click', function () {
                var table = th.closest('table'), body = table.tBodies[0];
                var col = Array.prototype.indexOf.call(th.parentNode.children, th);
                var dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;
                th.parentNode.querySelectorAll('th').forEach(function (o) { o.removeAttribute('data-dir'); });
                th.setAttribute('data-dir', dir === 1 ? 'asc' : 'desc');
                var key = function (tr) {
                  var td = tr.children[col], v = td.getAttribute('data-v');
                  return v !== null ? parseFloat(v) : td.textContent;
                };
                Array.from(body.rows).sort(function (a, b) {
                  var x = key(a), y = key(b);
                  return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
                }).forEach(function (tr) { body.appendChild(tr); });
              });
            });
            """;

    static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0; background: #fff; color: #222;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
            main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 60px; }
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
            .lead { border-left: 5px solid #2f7d32; background: #f1f8f1; padding: 10px 16px; margin: 0 0 1.2em; }
            .lead p { margin: 0.25em 0; }
            .lead .headline { font-size: 1.2em; font-weight: 700; }
            .tablewrap { overflow-x: auto; max-width: 100%; }
            table.data td:first-child, table.data td:nth-child(2) { white-space: nowrap; }
            table.data th, table.data td { padding: 4px 7px; }
            table.provenance th { white-space: nowrap; }
            table.sortable th { cursor: pointer; }
            table.sortable th[data-dir=asc]::after { content: " \\25B2"; font-size: 0.7em; }
            table.sortable th[data-dir=desc]::after { content: " \\25BC"; font-size: 0.7em; }
            ul.files { columns: 2; padding-left: 1.2em; }
            ul.files li { break-inside: avoid; }
            """;
}
