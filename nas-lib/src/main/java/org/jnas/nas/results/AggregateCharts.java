package org.jnas.nas.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The charts of {@link TrialCharts} for a search of more than
 * {@value TrialDigest#EVERY_TRIAL_UP_TO} trials, drawn from summaries instead of from each trial,
 * so that their SVG stays the same size however many trials there are: the final metric as a
 * median and percentile band per bin of trials with the best so far, the intermediate results as
 * a band per step with the best trial's curve, and the metric by choice as box plots.
 */
final class AggregateCharts {
    /** About this many bins of trials on the final metric's x axis. */
    static final int BINS = 100;
    private static final Color BAND = TrialCharts.PALETTE[0];

    private AggregateCharts() {}

    /** The median and 10th-90th percentiles of each bin of trial ids, and the best so far as a step line. */
    static Chart metricPerTrial(List<TrialRecord> records, Direction direction) {
        List<TrialRecord> succeeded = TrialCharts.succeeded(records);
        long lastId = records.stream().mapToLong(TrialRecord::id).max().orElse(0);
        long width = Math.max(1, (lastId + BINS - 1) / BINS);
        List<List<Double>> bins = new ArrayList<>();
        XYSeries best = new XYSeries("best so far", true, false);
        double bestValue = Double.NaN;
        for (TrialRecord t : succeeded) {
            double m = t.metric().getAsDouble();
            int bin = (int) ((t.id() - 1) / width);
            while (bins.size() <= bin) {
                bins.add(new ArrayList<>());
            }
            bins.get(bin).add(m);
            if (Double.isNaN(bestValue) || direction.isBetter(m, bestValue)) {
                bestValue = m;
                best.add(t.id(), bestValue);
            }
        }
        if (!Double.isNaN(bestValue)) {
            best.addOrUpdate(lastId, bestValue); // the step line runs on to the last trial
        }
        YIntervalSeries band = new YIntervalSeries("median of each " + width + " trials, 10th\u201390th percentile");
        for (int bin = 0; bin < bins.size(); bin++) {
            addBand(band, 1 + bin * width + (width - 1) / 2.0, bins.get(bin));
        }
        XYPlot plot = TrialCharts.plot(TrialCharts.axis("trial", true), TrialCharts.axis("final metric", false));
        plot.setDataset(0, new XYSeriesCollection(best));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, TrialCharts.PALETTE[1]);
        step.setSeriesStroke(0, new BasicStroke(2f));
        step.setDefaultShapesVisible(false);
        plot.setRenderer(0, step);
        plot.setDataset(1, bands(band));
        plot.setRenderer(1, bandRenderer());
        int failed = (int) records.stream().filter(t -> t.status() == TrialStatus.FAILED).count();
        String sub = Html.count(succeeded.size()) + " succeeded"
                + (failed > 0 ? ", " + Html.count(failed) + " failed" : "")
                + (Double.isNaN(bestValue) ? "" : "; best " + Html.number(bestValue))
                + " (" + (direction == Direction.MAXIMIZE ? "higher" : "lower") + " is better)";
        return new Chart(TrialCharts.chart("Final metric per trial", sub, plot, true), 640, 360);
    }

    /** The median and 10th-90th percentiles of the intermediate metric at each step, and the best trial's curve. */
    static Chart intermediateCurves(List<TrialRecord> records, Direction direction) {
        long bestId = direction.best(records, 1).stream().mapToLong(TrialRecord::id).findFirst().orElse(-1);
        List<List<Double>> steps = new ArrayList<>();
        XYSeries bestCurve = new XYSeries("best trial" + (bestId >= 0 ? " (" + bestId + ")" : ""), false, true);
        int reporting = 0;
        for (TrialRecord t : records) {
            List<Double> values = t.intermediateDefaults();
            reporting += values.isEmpty() ? 0 : 1;
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                while (steps.size() <= i) {
                    steps.add(new ArrayList<>());
                }
                steps.get(i).add(v);
                if (t.id() == bestId) {
                    bestCurve.add(i + 1, v);
                }
            }
        }
        YIntervalSeries band = new YIntervalSeries("median of all trials, 10th\u201390th percentile");
        for (int i = 0; i < steps.size(); i++) {
            addBand(band, i + 1, steps.get(i));
        }
        XYPlot plot = TrialCharts.plot(TrialCharts.axis("step", true), TrialCharts.axis("intermediate metric", false));
        plot.setDataset(0, new XYSeriesCollection(bestCurve));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, new Color(0x222222));
        line.setSeriesStroke(0, new BasicStroke(2.5f));
        line.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        plot.setRenderer(0, line);
        plot.setDataset(1, bands(band));
        plot.setRenderer(1, bandRenderer());
        String sub = Html.count(reporting) + " trials; the band spans the middle 80% of them at each step";
        return new Chart(TrialCharts.chart("Intermediate results", sub, plot, true), 640, 360);
    }

    /**
     * A box plot of the final metric for each value of each choice, side by side with a shared
     * metric axis: the box spans the 25th to 75th percentile with a line at the median, the
     * whiskers the 5th to 95th, the dot is the mean.
     */
    static Chart metricByChoice(List<TrialRecord> records, List<Choice> choices) {
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(TrialCharts.axis("final metric", false));
        combined.setGap(12);
        List<TrialRecord> succeeded = TrialCharts.succeeded(records);
        for (Choice choice : choices) {
            List<List<Double>> byValue = new ArrayList<>();
            for (int i = 0; i < choice.size(); i++) {
                byValue.add(new ArrayList<>());
            }
            for (TrialRecord t : succeeded) {
                int i = t.sample().has(choice.label()) ? choice.indexOf(t.sample().get(choice.label())) : -1;
                if (i >= 0) {
                    byValue.get(i).add(t.metric().getAsDouble());
                }
            }
            DefaultBoxAndWhiskerXYDataset boxes = new DefaultBoxAndWhiskerXYDataset(choice.label());
            for (int i = 0; i < choice.size(); i++) {
                if (!byValue.get(i).isEmpty()) {
                    boxes.add(new Date(i), box(byValue.get(i))); // the x value of a Date is its milliseconds
                }
            }
            SymbolAxis x = TrialCharts.choiceAxis(choice);
            XYBoxAndWhiskerRenderer r = new XYBoxAndWhiskerRenderer(20);
            r.setBoxPaint(new Color(BAND.getRed(), BAND.getGreen(), BAND.getBlue(), 90));
            r.setSeriesPaint(0, BAND.darker());
            r.setArtifactPaint(new Color(0x222222));
            r.setDefaultToolTipGenerator(null);
            XYPlot sub = new XYPlot(boxes, x, null, r);
            TrialCharts.style(sub);
            combined.add(sub, TrialCharts.panelWidth(choice));
        }
        TrialCharts.style(combined);
        String subtitle = Html.count(succeeded.size()) + " succeeded trials; boxes: quartiles and median,"
                + " whiskers: 5th\u201395th percentile, dots: mean";
        return new Chart(TrialCharts.chart("Final metric by choice", subtitle, combined, false),
                TrialCharts.byChoiceWidth(choices), 360);
    }

    private static BoxAndWhiskerItem box(List<Double> values) {
        double[] v = sorted(values);
        double low = quantile(v, 0.05);
        double high = quantile(v, 0.95);
        return new BoxAndWhiskerItem(Arrays.stream(v).average().orElse(Double.NaN), quantile(v, 0.5), quantile(v, 0.25),
                quantile(v, 0.75), low, high, low, high, List.of());
    }

    private static void addBand(YIntervalSeries band, double x, List<Double> values) {
        if (!values.isEmpty()) {
            double[] v = sorted(values);
            band.add(x, quantile(v, 0.5), quantile(v, 0.1), quantile(v, 0.9));
        }
    }

    private static YIntervalSeriesCollection bands(YIntervalSeries band) {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band);
        return bands;
    }

    private static DeviationRenderer bandRenderer() {
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setSeriesPaint(0, BAND);
        r.setSeriesFillPaint(0, BAND);
        r.setSeriesStroke(0, new BasicStroke(1.5f));
        r.setAlpha(0.25f);
        return r;
    }

    private static double[] sorted(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }

    /** The {@code q}-quantile of sorted values, interpolated linearly between the nearest ranks. */
    static double quantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
