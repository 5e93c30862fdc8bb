package org.jnas.nas.results;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jnas.nas.space.Choice;

/**
 * A one-shot search's architecture probabilities over its epochs: one line per candidate of each
 * label, the lines of one label in one colour, its candidates told apart by dash.
 */
final class ProbabilityChart {
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 3f}, {8f, 3f, 2f, 3f}};

    static {
        Chart.setUp();
    }

    private ProbabilityChart() {}

    static Chart of(ArchitectureRanking ranking, List<Choice> choices) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        lines.setDrawOutlines(false);
        int epochs = ranking.isEmpty() ? 0 : ranking.epochs().size();
        int labelIndex = 0;
        for (String label : ranking.probabilities().keySet()) {
            Choice choice = choices.stream().filter(c -> c.label().equals(label)).findFirst().orElse(null);
            int candidates = ranking.probabilities().get(label).size();
            for (int i = 0; i < candidates; i++) {
                String name = choice != null && choice.kind() != org.jnas.nas.space.ChoiceKind.INPUT
                        ? choice.describe(choice.candidates().get(i)) : "input " + i;
                XYSeries s = new XYSeries(label + ": " + name, false, true);
                for (int e = 0; e < epochs; e++) {
                    Map<String, List<Double>> p = ranking.probabilities(e);
                    s.add(e + 1, p.get(label).get(i));
                }
                int series = data.getSeriesCount();
                data.addSeries(s);
                lines.setSeriesPaint(series, TrialCharts.PALETTE[labelIndex % TrialCharts.PALETTE.length]);
                float[] dash = DASHES[i % DASHES.length];
                lines.setSeriesStroke(series, dash == null ? new BasicStroke(2f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
                lines.setSeriesShape(series, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            }
            labelIndex++;
        }
        XYPlot plot = TrialCharts.plot(TrialCharts.axis("epoch", true), TrialCharts.axis("probability", false));
        plot.setDataset(data);
        plot.setRenderer(lines);
        String sub = ranking.probabilities().size() + " labels after " + epochs + " epoch" + (epochs == 1 ? "" : "s");
        return new Chart(TrialCharts.chart("Architecture probabilities", sub, plot, data.getSeriesCount() <= 24), 640, 360);
    }
}
