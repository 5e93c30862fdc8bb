package org.jnas.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;
import org.jnas.nas.results.Html;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an HTML table and as aligned text: the first and last rows of a long
 * table, decimals to 4 significant digits and a column of whole numbers as counts (as the trial
 * table shows metrics: {@link Html#columnFormat}; the table itself keeps every digit, as pandas'
 * display does).
 */
final class TableHtml {
    private static final int HEAD = 20;

    private TableHtml() {}

    static MimeBundle render(Object value) {
        Table t = (Table) value;
        int rows = t.rowCount();
        boolean cut = rows > 2 * HEAD;
        List<DoubleFunction<String>> formats = formats(t);
        StringBuilder sb = new StringBuilder("<table class=\"dataframe\">\n<thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(Html.escape(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD) {
                sb.append("<tr><td colspan=\"").append(t.columnCount()).append("\">").append(Html.escape(gap(rows)))
                        .append("</td></tr>\n");
                r = rows - HEAD;
            }
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                sb.append("<td>").append(Html.escape(cell(t.column(c), r, formats.get(c)))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p>").append(Html.escape(footer(t))).append("</p>");
        return MimeBundle.of("text/html", sb.toString(), text(t, formats));
    }

    /** Per column, how a decimal column shows its numbers; null for the others. */
    private static List<DoubleFunction<String>> formats(Table t) {
        List<DoubleFunction<String>> formats = new ArrayList<>();
        for (Column<?> column : t.columns()) {
            formats.add(column instanceof DoubleColumn || column instanceof FloatColumn
                    // a missing value is NaN in both: left out, as the cells show it empty
                    ? Html.columnFormat(DoubleStream.of(((NumericColumn<?>) column).asDoubleArray()).filter(v -> !Double.isNaN(v)))
                    : null);
        }
        return formats;
    }

    /** The cell as shown: decimals to 4 significant digits or as counts ({@code format}), missing values empty. */
    private static String cell(Column<?> column, int row, DoubleFunction<String> format) {
        if (column.isMissing(row)) {
            return "";
        }
        if (column instanceof DoubleColumn d) {
            return format.apply(d.getDouble(row));
        }
        if (column instanceof FloatColumn f) {
            return format.apply(f.getFloat(row));
        }
        return column.getString(row);
    }

    /** Aligned columns (numbers to the right) with the same rows as the HTML, then the footer. */
    private static String text(Table t, List<DoubleFunction<String>> formats) {
        int rows = t.rowCount();
        boolean cut = rows > 2 * HEAD;
        int[] width = new int[t.columnCount()];
        for (int c = 0; c < width.length; c++) {
            width[c] = t.column(c).name().length();
            for (int r = 0; r < rows; r = next(r, rows, cut)) {
                width[c] = Math.max(width[c], cell(t.column(c), r, formats.get(c)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, t, width, -1, formats);
        for (int r = 0; r < rows; r = next(r, rows, cut)) {
            if (cut && r == rows - HEAD) {
                sb.append(gap(rows)).append('\n');
            }
            line(sb, t, width, r, formats);
        }
        return sb.append(footer(t)).toString();
    }

    /** The row shown after {@code r}: the first {@value #HEAD}, then the last {@value #HEAD}. */
    private static int next(int r, int rows, boolean cut) {
        return cut && r == HEAD - 1 ? rows - HEAD : r + 1;
    }

    private static void line(StringBuilder sb, Table t, int[] width, int row, List<DoubleFunction<String>> formats) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            Column<?> column = t.column(c);
            String s = row < 0 ? column.name() : cell(column, row, formats.get(c));
            String pad = " ".repeat(width[c] - s.length());
            line.append(c > 0 ? "  " : "").append(column instanceof NumericColumn<?> ? pad + s : s + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String gap(int rows) {
        return "… " + (rows - 2 * HEAD) + " more rows …";
    }

    private static String footer(Table t) {
        return (t.name() == null ? "" : t.name() + " ") + t.rowCount() + " rows × " + t.columnCount() + " columns";
    }
}
