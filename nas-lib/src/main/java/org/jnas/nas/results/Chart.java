package org.jnas.nas.results;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;

/**
 * A chart ready to show: SVG text that needs nothing else (no external fonts, images or
 * scripts), or PNG bytes where SVG is not welcome. Wraps a JFreeChart, which stays reachable for
 * further styling via {@link #jfreeChart()}.
 *
 * <p>The charts of a search: {@code Chart.metricPerTrial(exp)}, {@code Chart.intermediateCurves(exp)}
 * and {@code Chart.metricByChoice(exp)}, {@code Chart.pareto(exp, "default", "params")} for
 * several objectives, and for a one-shot search {@code Chart.architectureProbabilities(exp)}; for a
 * running experiment or a stored one alike.
 */
public final class Chart {
    static {
        // Charts are only ever drawn off-screen; never open a window system connection for them.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Draw rotated labels (the y axis title) as SVG text rather than glyph outlines; the
        // workaround was for a JDK bug fixed long before Java 17.
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private static final AtomicLong IDS = new AtomicLong();

    /** Runs the static set-up above before the first chart is built (class initialization). */
    static void setUp() {
        // the static initializer has run by the time this body runs
    }

    private final JFreeChart chart;
    private final int width;
    private final int height;

    Chart(JFreeChart chart, int width, int height) {
        this.chart = Objects.requireNonNull(chart, "chart");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("chart size must be positive: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /**
     * The final metric of every succeeded trial by trial id (points), with the best so far as a
     * step line.
     */
    public static Chart metricPerTrial(ExperimentResults results) {
        return TrialCharts.metricPerTrial(results.trials(), results.direction());
    }

    /** The intermediate default metric of every trial by step, one line per trial. */
    public static Chart intermediateCurves(ExperimentResults results) {
        return TrialCharts.intermediateCurves(results.trials(), results.direction());
    }

    /** The final metric against each choice's values: one panel per label. */
    public static Chart metricByChoice(ExperimentResults results) {
        return TrialCharts.metricByChoice(results.trials(), results.choices(), results.direction());
    }

    /**
     * One metric against another, e.g. {@code Chart.pareto(exp, "default", "params")}: accuracy (y)
     * against parameters (x), every succeeded trial with both as a point and the Pareto front of
     * the two drawn as a step line. Each metric is judged in its objective's direction when it is
     * among {@code results.objectives()}; else {@code default} in the experiment's direction and any
     * other metric (a cost: {@code params}, {@code macs}, a latency) as smaller is better. An axis
     * whose positive values span a factor of 20 or more is drawn on a log scale. Past 500 dominated
     * trials an even spread of 500 of them is drawn; the front always whole.
     *
     * @param yMetric the final metric up the chart (the first objective, usually)
     * @param xMetric the final metric along it
     */
    public static Chart pareto(ExperimentResults results, String yMetric, String xMetric) {
        return ParetoChart.of(results.trials(), objective(results, yMetric), objective(results, xMetric));
    }

    private static Objective objective(ExperimentResults results, String metric) {
        Objects.requireNonNull(metric, "metric");
        for (Objective o : results.objectives()) {
            if (o.metric().equals(metric)) {
                return o;
            }
        }
        Direction direction = metric.equals(TrialRecord.DEFAULT_METRIC) ? results.direction() : Direction.MINIMIZE;
        return new Objective(metric, direction, 1);
    }

    /**
     * A one-shot search's architecture probabilities per label over its steps, one line per
     * candidate (empty axes for a multi-trial search).
     */
    public static Chart architectureProbabilities(ExperimentResults results) {
        return ProbabilityChart.of(ArchitectureRanking.of(results), results.choices());
    }

    /** The underlying JFreeChart. */
    public JFreeChart jfreeChart() {
        return chart;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** The chart's title, or "". */
    public String title() {
        return chart.getTitle() == null ? "" : chart.getTitle().getText();
    }

    /** The same chart drawn at another size. */
    public Chart withSize(int width, int height) {
        return new Chart(chart, width, height);
    }

    /**
     * An {@code <svg>} element (with its namespace) for inline HTML. Its clip-path ids carry a
     * unique prefix, so several charts can share one page.
     */
    public String svg() {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix("jnas" + IDS.incrementAndGet() + "_");
        // A hundredth of a pixel is finer than any screen shows; the default 17 digits make a
        // chart of many points several times larger.
        g2.setGeomDoubleConverter(Chart::hundredths);
        g2.setTransformDoubleConverter(Chart::hundredths);
        synchronized (chart) { // a JFreeChart is not safe to draw from two threads at once
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        }
        return g2.getSVGElement();
    }

    private static String hundredths(double v) {
        return Double.toString(Math.round(v * 100) / 100.0);
    }

    /** A standalone SVG document (XML declaration plus {@link #svg()}), for a {@code .svg} file. */
    public String svgDocument() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg();
    }

    /** The chart as PNG bytes, at {@code scale} times its size (2 for sharp text on dense screens). */
    public byte[] png(double scale) {
        if (!(scale > 0) || scale > 8) {
            throw new IllegalArgumentException("scale must be in (0, 8]: " + scale);
        }
        int w = (int) Math.round(width * scale);
        int h = (int) Math.round(height * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.scale(scale, scale);
            synchronized (chart) {
                chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
            }
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The chart as PNG bytes at its size. */
    public byte[] png() {
        return png(1);
    }

    @Override
    public String toString() {
        return "Chart[" + title() + ", " + width + "x" + height + "]";
    }
}
