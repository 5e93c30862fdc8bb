package org.jnas.nas.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.text.NumberFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * One objective against another: every succeeded trial with both metrics as a point, the Pareto
 * front of the two as larger points joined by a step line. Reached through {@link Chart#pareto}.
 */
final class ParetoChart {
    /** Past this many dominated trials, an even spread of this many is drawn: the front always whole. */
    static final int DOMINATED_SHOWN = 500;
    /** An axis whose positive values span at least this factor is drawn on a log scale. */
    private static final double LOG_SPAN = 20;

    static {
        Chart.setUp();
    }

    private ParetoChart() {}

    static Chart of(List<TrialRecord> records, Objective y, Objective x) {
        if (y.metric().equals(x.metric())) {
            throw new IllegalArgumentException("a Pareto chart needs two metrics, got '" + y.metric() + "' twice");
        }
        List<TrialRecord> plotted = new ArrayList<>();
        for (TrialRecord t : TrialCharts.byId(records)) {
            if (t.status() == TrialStatus.SUCCEEDED && finite(t, x) && finite(t, y)) {
                plotted.add(t);
            }
        }
        List<TrialRecord> front = Objective.paretoFront(plotted, List.of(y, x));
        Set<Long> frontIds = Objective.paretoFrontIds(front, List.of(y, x));
        List<TrialRecord> dominated = plotted.stream().filter(t -> !frontIds.contains(t.id())).toList();

        XYSeries frontPoints = new XYSeries("Pareto front", false, true);
        front.stream().sorted(Comparator.comparingDouble(t -> value(t, x)))
                .forEach(t -> frontPoints.add(value(t, x), value(t, y)));
        XYSeries others = new XYSeries("other trials", false, true);
        int stride = Math.max(1, (dominated.size() + DOMINATED_SHOWN - 1) / DOMINATED_SHOWN);
        int othersShown = 0;
        for (int i = 0; i < dominated.size(); i += stride) {
            others.add(value(dominated.get(i), x), value(dominated.get(i), y));
            othersShown++;
        }

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(axis(x, plotted));
        plot.setRangeAxis(axis(y, plotted));
        TrialCharts.style(plot);
        plot.setDataset(0, new XYSeriesCollection(frontPoints));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, TrialCharts.PALETTE[1]);
        step.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(0, step);
        // the front's trials as points over the line (a step renderer draws no shapes)
        plot.setDataset(2, new XYSeriesCollection(frontPoints));
        XYLineAndShapeRenderer frontDots = new XYLineAndShapeRenderer(false, true);
        frontDots.setDrawOutlines(false);
        frontDots.setSeriesPaint(0, TrialCharts.PALETTE[1]);
        frontDots.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        frontDots.setSeriesVisibleInLegend(0, false);
        plot.setRenderer(2, frontDots);
        plot.setDataset(1, new XYSeriesCollection(others));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setDrawOutlines(false);
        dots.setSeriesPaint(0, new Color(0x4e79a7, false));
        dots.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        plot.setRenderer(1, dots);

        String sub = Html.count(plotted.size()) + " trials, " + front.size() + " on the Pareto front"
                + (othersShown < dominated.size() ? " (" + othersShown + " of the " + Html.count(dominated.size()) + " others drawn)" : "")
                + "; " + better(y) + " " + label(y) + " and " + better(x) + " " + label(x) + " are better";
        return new Chart(TrialCharts.chart("Pareto front: " + label(y) + " against " + label(x), sub, plot, true), 640, 400);
    }

    private static boolean finite(TrialRecord t, Objective o) {
        Double v = t.finalMetrics().get(o.metric());
        return v != null && Double.isFinite(v);
    }

    private static double value(TrialRecord t, Objective o) {
        return t.finalMetrics().get(o.metric());
    }

    private static String label(Objective o) {
        return o.metric().equals(TrialRecord.DEFAULT_METRIC) ? "final metric" : o.metric();
    }

    private static String better(Objective o) {
        return o.direction() == Direction.MAXIMIZE ? "higher" : "lower";
    }

    /** A log axis when every value is positive and they span a factor of {@value #LOG_SPAN} or more (parameters, MACs). */
    private static ValueAxis axis(Objective o, List<TrialRecord> trials) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (TrialRecord t : trials) {
            double v = value(t, o);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        String name = label(o) + (o.direction() == Direction.MAXIMIZE ? " (higher is better)" : " (lower is better)");
        if (min > 0 && max / min >= LOG_SPAN) {
            LogAxis log = new LogAxis(name + ", log scale");
            log.setLabelFont(TrialCharts.LABEL);
            log.setTickLabelFont(TrialCharts.TICK);
            // ticks at powers of ten, read as 10K, 100K, 1M
            log.setTickUnit(new NumberTickUnit(1), false, false);
            log.setAutoTickUnitSelection(false);
            log.setNumberFormatOverride(NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT));
            return log;
        }
        return TrialCharts.axis(name, false);
    }
}
