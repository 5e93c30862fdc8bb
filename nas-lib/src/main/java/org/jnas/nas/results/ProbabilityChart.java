package org.jnas.nas.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;

/**
 * A one-shot search's architecture probabilities over its steps (over its epochs for a search stored
 * before its steps were kept): a panel per label, stacked over one axis, its label written in the
 * panel and a line per candidate. One candidate name has
 * one colour in every panel (DARTS's seven ops across a cell's edges, {@code input 0} across its
 * input choices), so a single legend names them all, however many labels a cell space has.
 */
final class ProbabilityChart {
    private static final int PANEL_HEIGHT = 110;
    /** Up to this many points a line marks each; more would blur into the line. */
    private static final int MARKED_POINTS = 30;
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 3f}, {8f, 3f, 2f, 3f}};

    static {
        Chart.setUp();
    }

    private ProbabilityChart() {}

    static Chart of(ArchitectureRanking ranking, List<Choice> choices) {
        int epochs = ranking.epochCount(); // not epochs(), which copies each epoch's metrics
        // over steps when the search kept them; a search stored before then, over its epochs
        NavigableMap<Long, Map<String, List<Double>>> points = ranking.isEmpty() ? new TreeMap<>() : ranking.probabilitiesOverSteps();
        boolean overSteps = !points.isEmpty();
        if (!overSteps) {
            for (int e = 0; e < epochs; e++) {
                points.put(e + 1L, ranking.probabilities(e));
            }
        }
        CombinedDomainXYPlot panels = new CombinedDomainXYPlot(TrialCharts.axis(overSteps ? "step" : "epoch", true));
        panels.setGap(6);
        Map<String, Integer> nameIndex = new LinkedHashMap<>();
        for (String label : ranking.probabilities().keySet()) {
            Choice choice = choices.stream().filter(c -> c.label().equals(label)).findFirst().orElse(null);
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
            lines.setDrawOutlines(false);
            lines.setDrawSeriesLineAsPath(true); // one SVG path a line, not one a segment (docs/performance.md)
            int candidates = ranking.probabilities().get(label).size();
            for (int i = 0; i < candidates; i++) {
                String name = choice != null && choice.kind() != ChoiceKind.INPUT
                        ? choice.describe(choice.candidates().get(i)) : "input " + i;
                XYSeries s = new XYSeries(name, false, true);
                for (Map.Entry<Long, Map<String, List<Double>>> point : points.entrySet()) {
                    List<Double> p = point.getValue().get(label);
                    if (p != null && i < p.size()) {
                        s.add(point.getKey(), p.get(i));
                    }
                }
                data.addSeries(s);
                int n = nameIndex.computeIfAbsent(name, k -> nameIndex.size());
                lines.setSeriesPaint(i, paint(n));
                lines.setSeriesStroke(i, stroke(n));
                lines.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
                lines.setSeriesShapesVisible(i, points.size() <= MARKED_POINTS);
            }
            NumberAxis probability = TrialCharts.axis(null, false);
            probability.setAutoRangeMinimumSize(0.02);
            XYPlot panel = new XYPlot(data, null, probability, lines);
            TrialCharts.style(panel);
            TextTitle title = new TextTitle(label, TrialCharts.TICK);
            title.setBackgroundPaint(new Color(255, 255, 255, 200));
            panel.addAnnotation(new XYTitleAnnotation(0.005, 0.98, title, RectangleAnchor.TOP_LEFT));
            panels.add(panel);
        }
        LegendItemCollection legend = new LegendItemCollection();
        nameIndex.forEach((name, n) ->
                legend.add(new LegendItem(name, null, null, null, new Line2D.Double(-9, 0, 9, 0), stroke(n), paint(n))));
        panels.setFixedLegendItems(legend);
        TrialCharts.style(panels);
        String sub = ranking.probabilities().size() + " labels after " + epochs + " epoch" + (epochs == 1 ? "" : "s")
                + (overSteps ? ", " + points.lastKey() + " step" + (points.lastKey() == 1 ? "" : "s") : "");
        int labels = ranking.probabilities().size();
        return new Chart(TrialCharts.chart("Architecture probabilities", sub, panels, labels > 0),
                640, Math.max(360, 110 + PANEL_HEIGHT * labels));
    }

    /** The n-th candidate name's colour; after the palette's colours, the same colours again, dashed. */
    private static Paint paint(int n) {
        return TrialCharts.PALETTE[n % TrialCharts.PALETTE.length];
    }

    private static BasicStroke stroke(int n) {
        float[] dash = DASHES[(n / TrialCharts.PALETTE.length) % DASHES.length];
        return dash == null ? new BasicStroke(2f)
                : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }
}
