package org.jnas.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class RenderersTest {
    record Point(int x, int y) {}

    @Test
    void anyValueHasPlainText() {
        assertEquals("[1, 2]", Renderers.render(new int[] {1, 2}).data().get("text/plain"));
        assertEquals("null", Renderers.render(null).data().get("text/plain"));
    }

    @Test
    void tablesawTableBecomesHtml() {
        Table t = Table.create("scores", IntColumn.create("trial", 1, 2), IntColumn.create("acc", 90, 95));
        MimeBundle b = Renderers.render(t);
        assertTrue(b.data().get("text/html").contains("<th>trial</th>"), b.data().get("text/html"));
        assertTrue(b.data().get("text/html").contains("<td>95</td>"));
    }

    @Test
    void tablesawDecimalsShowFourSignificantDigitsInHtmlAndText() {
        Table t = Table.create("trials", IntColumn.create("trial", 1, 2),
                DoubleColumn.create("metric", 0.7733333333333333, 0.012345678));
        MimeBundle b = Renderers.render(t);
        String html = b.data().get("text/html");
        String text = b.data().get("text/plain");
        assertTrue(html.contains("<td>0.7733</td>") && html.contains("<td>0.01235</td>"), html);
        assertTrue(text.contains("0.7733") && text.contains("0.01235") && !text.contains("0.77333"), text);
        assertTrue(text.endsWith("trials 2 rows × 2 columns"), text);
        assertEquals(0.7733333333333333, t.doubleColumn("metric").getDouble(0), "the table keeps every digit");
    }

    @Test
    void aDecimalColumnOfWholeNumbersShowsCounts() {
        Table t = Table.create("trials", DoubleColumn.create("params", 1199882.0, 593290.0),
                DoubleColumn.create("macs", 1.1992448E7, Double.NaN), DoubleColumn.create("metric", 1.0, 0.75));
        MimeBundle b = Renderers.render(t);
        String html = b.data().get("text/html");
        String text = b.data().get("text/plain");
        assertTrue(html.contains("<td>1,199,882</td>") && html.contains("<td>593,290</td>") && html.contains("<td>11,992,448</td>"),
                "counts, not 1.200e+06: " + html);
        assertTrue(html.contains("<td>1.000</td>") && html.contains("<td>0.7500</td>"), "a column with a fraction keeps 4 digits: " + html);
        assertTrue(text.contains("1,199,882") && text.contains("11,992,448"), text);
    }

    @Test
    void longTablesShowTheirFirstAndLastRows() {
        Table t = Table.create("long", IntColumn.create("i", java.util.stream.IntStream.range(0, 1000).toArray()));
        MimeBundle b = Renderers.render(t);
        for (String shown : List.of(b.data().get("text/html"), b.data().get("text/plain"))) {
            assertTrue(shown.contains("… 960 more rows …") && shown.contains("999") && !shown.contains("500"), shown);
        }
        assertEquals(1 + 20 + 1 + 20 + 1, b.data().get("text/plain").split("\n").length, b.data().get("text/plain"));
    }

    @Test
    void imageBecomesPng() {
        MimeBundle b = Renderers.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode(b.data().get("image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void helpersAndUserRenderers() {
        assertEquals("<b>x</b>", Renderers.render(Display.html("<b>x</b>")).data().get("text/html"));
        assertTrue(Renderers.render(Display.svg("<svg/>")).data().containsKey("image/svg+xml"));
        assertTrue(Renderers.render(Display.markdown("# t")).data().containsKey("text/markdown"));
        assertTrue(Renderers.render(Display.latex("$x$")).data().containsKey("text/latex"));
        Display.registerRenderer(Point.class, p -> MimeBundle.of("text/html", "<p>" + p.x() + "," + p.y() + "</p>", "pt"));
        assertEquals("<p>1,2</p>", Renderers.render(new Point(1, 2)).data().get("text/html"));
    }

    @Test
    void bundleWithoutPlainTextIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MimeBundle(java.util.Map.of("text/html", "x"), java.util.Map.of(), null));
    }
}
