package org.jnas.nas.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Draws the charts of a search from its trial records: the final metric per trial with the best
 * so far, the intermediate curves of all trials, and the metric by choice value for each label.
 * Reached through {@link Chart}'s factories.
 */
final class TrialCharts {
    static final Color[] PALETTE = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2), new Color(0x59a14f),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac),
    };
    private static final Color GRID = new Color(0xdddddd);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int MAX_LEGEND_ITEMS = 12;
    /** The longest tick label under a choice's panel (a candidate's index and name). */
    private static final int TICK_MAX = 18;

    static {
        Chart.setUp(); // headless mode and text settings before any AWT class loads
    }

    private TrialCharts() {}

    /**
     * The final metric of every succeeded trial by trial id (points), with the best so far as a
     * step line.
     */
    static Chart metricPerTrial(List<TrialRecord> records, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        if (TrialDigest.isLarge(records.size())) {
            return AggregateCharts.metricPerTrial(records, direction);
        }
        XYSeries points = new XYSeries("trial metric", true, false);
        XYSeries best = new XYSeries("best so far", true, false);
        double bestValue = Double.NaN;
        int failed = 0;
        for (TrialRecord t : byId(records)) {
            if (t.status() == TrialStatus.FAILED) {
                failed++;
            }
            double m = t.metric().orElse(Double.NaN);
            if (t.status() != TrialStatus.SUCCEEDED || !Double.isFinite(m)) {
                continue;
            }
            points.add(t.id(), m);
            if (Double.isNaN(bestValue) || direction.isBetter(m, bestValue)) {
                bestValue = m;
            }
            best.add(t.id(), bestValue);
        }
        XYPlot plot = plot(axis("trial", true), axis("final metric", false));
        plot.setDataset(0, new XYSeriesCollection(best));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, PALETTE[1]);
        step.setSeriesStroke(0, new BasicStroke(2f));
        step.setDefaultShapesVisible(false);
        plot.setRenderer(0, step);
        plot.setDataset(1, new XYSeriesCollection(points));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setDrawOutlines(false);
        dots.setSeriesPaint(0, PALETTE[0]);
        dots.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        plot.setRenderer(1, dots);
        String sub = points.getItemCount() + " succeeded" + (failed > 0 ? ", " + failed + " failed" : "")
                + (Double.isNaN(bestValue) ? "" : "; best " + Html.number(bestValue))
                + " (" + (direction == Direction.MAXIMIZE ? "higher" : "lower") + " is better)";
        return new Chart(chart("Final metric per trial", sub, plot, true), 640, 360);
    }

    /** The intermediate default metric of every trial by step, one line per trial; the best trial is bold. */
    static Chart intermediateCurves(List<TrialRecord> records, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        if (TrialDigest.isLarge(records.size())) {
            return AggregateCharts.intermediateCurves(records, direction);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        long bestId = direction.best(records, 1).stream().mapToLong(TrialRecord::id).findFirst().orElse(-1);
        int bestSeries = -1;
        for (TrialRecord t : byId(records)) {
            List<Double> values = t.intermediateDefaults();
            if (values.isEmpty()) {
                continue;
            }
            XYSeries s = new XYSeries("trial " + t.id(), false, true);
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v != null && Double.isFinite(v)) {
                    s.add(i + 1, v);
                }
            }
            if (t.id() == bestId) {
                bestSeries = data.getSeriesCount();
            }
            data.addSeries(s);
        }
        XYPlot plot = plot(axis("step", true), axis("intermediate metric", false));
        plot.setDataset(data);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        lines.setDrawOutlines(false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            lines.setSeriesPaint(i, i == bestSeries ? new Color(0x222222) : new Color(c.getRed(), c.getGreen(), c.getBlue(), 190));
            lines.setSeriesStroke(i, new BasicStroke(i == bestSeries ? 3f : 1.2f));
            lines.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        plot.setRenderer(lines);
        String sub = data.getSeriesCount() + " trials" + (bestSeries >= 0 ? "; black: best trial " + bestId : "");
        return new Chart(chart("Intermediate results", sub, plot, data.getSeriesCount() <= MAX_LEGEND_ITEMS), 640, 360);
    }

    /**
     * The final metric of succeeded trials against the value each took for every label, side by
     * side with a shared metric axis (small multiples): points are trials, diamonds the mean per
     * value.
     */
    static Chart metricByChoice(List<TrialRecord> records, List<Choice> choices, Direction direction) {
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(direction, "direction");
        if (TrialDigest.isLarge(records.size())) {
            return AggregateCharts.metricByChoice(records, choices);
        }
        NumberAxis metricAxis = axis("final metric", false);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(metricAxis);
        combined.setGap(12);
        List<TrialRecord> succeeded = succeeded(records);
        for (Choice choice : choices) {
            SymbolAxis x = choiceAxis(choice);
            XYSeries points = new XYSeries("trial", false, true);
            XYSeries means = new XYSeries("mean", true, false);
            double[] sum = new double[choice.size()];
            int[] count = new int[choice.size()];
            for (TrialRecord t : succeeded) {
                if (!t.sample().has(choice.label())) {
                    continue;
                }
                int i = choice.indexOf(t.sample().get(choice.label()));
                if (i < 0) {
                    continue;
                }
                double m = t.metric().getAsDouble();
                points.add(i + jitter(t.id()), m);
                sum[i] += m;
                count[i]++;
            }
            for (int i = 0; i < choice.size(); i++) {
                if (count[i] > 0) {
                    means.add(i, sum[i] / count[i]);
                }
            }
            XYSeriesCollection data = new XYSeriesCollection();
            data.addSeries(points);
            data.addSeries(means);
            XYPlot sub = new XYPlot(data, x, null, null);
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
            r.setDrawOutlines(false);
            r.setSeriesPaint(0, new Color(0x4e, 0x79, 0xa7, 170));
            r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            r.setSeriesPaint(1, PALETTE[1]);
            r.setSeriesShape(1, diamond(6));
            r.setSeriesVisibleInLegend(0, combined.getSubplots().isEmpty());
            r.setSeriesVisibleInLegend(1, combined.getSubplots().isEmpty());
            sub.setRenderer(r);
            style(sub);
            combined.add(sub, panelWidth(choice));
        }
        style(combined);
        String subtitle = succeeded.size() + " succeeded trials; diamonds: mean per value";
        return new Chart(chart("Final metric by choice", subtitle, combined, true), byChoiceWidth(choices), 360);
    }

    /** The succeeded trials with a finite final metric, by id. */
    static List<TrialRecord> succeeded(List<TrialRecord> records) {
        return byId(records).stream()
                .filter(t -> t.status() == TrialStatus.SUCCEEDED && t.metric().isPresent()
                        && Double.isFinite(t.metric().getAsDouble()))
                .toList();
    }

    /** The width of a chart with a panel per choice, within bounds. */
    static int byChoiceWidth(List<Choice> choices) {
        return Math.min(1600, Math.max(480, 90 + choices.stream().mapToInt(TrialCharts::panelWidth).sum()));
    }

    /** A choice's panel's width, and its weight among the panels: room for each candidate (more for a name). */
    static int panelWidth(Choice choice) {
        return Math.max(150, (choice.hasNames() ? 120 : 70) * choice.size());
    }

    /** The x axis of a choice's panel: one tick per candidate, at its index, with its name if it has one. */
    static SymbolAxis choiceAxis(Choice choice) {
        String[] names = new String[choice.size()];
        for (int i = 0; i < names.length; i++) {
            String name = choice.describe(choice.candidates().get(i));
            names[i] = name.length() <= TICK_MAX ? name : name.substring(0, TICK_MAX - 1) + "\u2026";
        }
        SymbolAxis x = new SymbolAxis(choice.label(), names);
        x.setLabelFont(LABEL);
        x.setTickLabelFont(TICK);
        x.setGridBandsVisible(false);
        x.setRange(-0.5, names.length - 0.5);
        return x;
    }

    /** Spreads points of equal value a little, the same way on every redraw. */
    private static double jitter(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return ((h >>> 40) / (double) (1L << 24) - 0.5) * 0.3;
    }

    static java.awt.Shape diamond(double r) {
        java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, 0);
        p.lineTo(0, r);
        p.lineTo(-r, 0);
        p.closePath();
        return p;
    }

    static List<TrialRecord> byId(List<TrialRecord> records) {
        List<TrialRecord> sorted = new ArrayList<>(Objects.requireNonNull(records, "records"));
        sorted.sort(Comparator.comparingLong(TrialRecord::id));
        return sorted;
    }

    static NumberAxis axis(String label, boolean integers) {
        NumberAxis a = new PaddedAxis(label);
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setAutoRangeIncludesZero(false);
        if (integers) {
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return a;
    }

    static XYPlot plot(NumberAxis x, NumberAxis y) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        style(plot);
        return plot;
    }

    static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.setOutlinePaint(new Color(0xbbbbbb));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    static JFreeChart chart(String title, String subtitle, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle sub = new TextTitle(subtitle, SUBTITLE);
        sub.setPaint(new Color(0x555555));
        chart.addSubtitle(0, sub);
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setItemFont(TICK);
            l.setFrame(BlockBorder.NONE);
            l.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }


    /**
     * A number axis that spreads values that are all equal (one trial, or a metric every trial
     * shares) over 5 % of their size either side: JFreeChart spans them by 1e-8, and every tick then
     * reads the same, e.g. {@code 8.033333E-1}.
     */
    private static final class PaddedAxis extends NumberAxis {
        private static final long serialVersionUID = 1L;

        PaddedAxis(String label) {
            super(label);
        }

        @Override
        protected void autoAdjustRange() {
            super.autoAdjustRange();
            Range range = getRange();
            double centre = range.getCentralValue();
            if (isAutoRange() && range.getLength() < 1e-6 * Math.max(1, Math.abs(centre))) {
                double pad = Math.max(0.05 * Math.abs(centre), 0.05);
                setRange(new Range(centre - pad, centre + pad), false, false);
            }
        }
    }
}
