package org.jnas.kernel.display;

import org.jnas.nas.results.Html;
import tech.tablesaw.api.Table;

/** Renders a Tablesaw table as an HTML table (first and last rows of long tables). */
final class TableHtml {
    private static final int HEAD = 20;

    private TableHtml() {}

    static MimeBundle render(Object value) {
        Table t = (Table) value;
        StringBuilder sb = new StringBuilder("<table class=\"dataframe\">\n<thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(Html.escape(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        int rows = t.rowCount();
        for (int r = 0; r < rows; r++) {
            if (rows > 2 * HEAD && r == HEAD) {
                sb.append("<tr><td colspan=\"").append(t.columnCount()).append("\">… ")
                        .append(rows - 2 * HEAD).append(" more rows …</td></tr>\n");
                r = rows - HEAD;
            }
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                sb.append("<td>").append(Html.escape(t.column(c).getString(r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p>").append(Html.escape(t.name() == null ? "" : t.name())).append(" ")
                .append(rows).append(" rows × ").append(t.columnCount()).append(" columns</p>");
        return MimeBundle.of("text/html", sb.toString(), t.print());
    }
}
