package org.jnas.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.results.Chart;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Not a measurement: writes what a search's results look like, to look at by eye after changing
 * the charts or views. A made-up quickstart search of 20 trials (16 succeeded, 2 failed, 1
 * running, 1 waiting; {@code --trials} for more, e.g. past 100 to see the aggregated views) drawn
 * as the three charts (PNG and SVG), the full notebook view
 * ({@code view.html}), and an architecture diagram ({@code architecture.svg}); prints the
 * diagram's and the view's text forms.
 *
 * <p>Run: {@code bench/run.sh ChartPreview [--dir target/chart-preview] [--trials 20]} (relative to the current
 * directory).
 */
public final class ChartPreview {
    private static final List<Choice> CHOICES = List.of(
            new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1), List.of("Conv2d", "Sequential(Conv2d, Conv2d)")),
            new Choice("dropout1", ChoiceKind.VALUE, List.of(0.25, 0.5, 0.75)),
            new Choice("feature", ChoiceKind.VALUE, List.of(64, 128, 256)));

    private ChartPreview() {}

    /** Results as the views see them: the record's accessors are {@link ExperimentResults}'s methods. */
    private record Search(String id, ExperimentStatus status, Direction direction, List<Choice> choices,
            List<TrialRecord> trials, OptionalLong maxTrials, Duration elapsed) implements ExperimentResults {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("ChartPreview", args);
        Path dir = options.path("dir", Path.of("target", "chart-preview"), "where the files go");
        int count = options.integer("trials", 20, "trials in the made-up search (past 100 the views aggregate)");
        options.done();

        Files.createDirectories(dir);
        Instant t0 = Instant.now().minusSeconds(10L * count + 300);
        Search search = new Search("chart-preview", ExperimentStatus.RUNNING, Direction.MAXIMIZE, CHOICES, trials(t0, count),
                OptionalLong.of(count), Duration.between(t0, Instant.now()));
        Map<String, Chart> charts = Map.of(
                "metric-per-trial", Chart.metricPerTrial(search),
                "intermediates", Chart.intermediateCurves(search),
                "by-choice", Chart.metricByChoice(search));
        for (Map.Entry<String, Chart> e : charts.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".png"), e.getValue().png());
            Files.writeString(dir.resolve(e.getKey() + ".svg"), e.getValue().svgDocument());
        }
        Files.writeString(dir.resolve("view.html"),
                "<!DOCTYPE html><html><body>" + search.fullHtml(true) + "</body></html>");
        SequentialBlock cnn = new SequentialBlock()
                .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
        ArchitectureDiagram diagram = ArchitectureDiagram.of(cnn, new Shape(1, 1, 28, 28), "Trial 8: conv2=0, feature=128");
        Files.writeString(dir.resolve("architecture.svg"), diagram.svg());
        System.out.println(diagram.text());
        System.out.println(search.text());
        System.out.println("wrote " + dir.toAbsolutePath());
    }

    /**
     * Trials 1..count submitted ten seconds apart from {@code t0}, each running 8 s or more: 5 and
     * 13 failed (one step reported), the one before last running (one step), the last waiting, the
     * others succeeded with 3 steps each.
     */
    private static List<TrialRecord> trials(Instant t0, int count) {
        double[] dropouts = {0.25, 0.5, 0.75};
        int[] features = {64, 128, 256};
        List<TrialRecord> out = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            long runMs = 8000 + 100 * id;
            int conv2 = (int) (id % 2);
            double dropout = dropouts[(int) (id % 3)];
            int feature = features[(int) (id / 3 % 3)];
            Sample sample = Sample.empty().with("conv2", conv2).with("dropout1", dropout).with("feature", feature);
            double accuracy = 0.88 + 0.03 * conv2 - 0.05 * dropout + 0.01 * (feature / 64) + 0.01 * Math.sin(id);
            TrialStatus status = id == 5 || id == 13 ? TrialStatus.FAILED
                    : id == count - 1 ? TrialStatus.RUNNING
                    : id == count ? TrialStatus.WAITING
                    : TrialStatus.SUCCEEDED;
            int steps = status == TrialStatus.SUCCEEDED ? 3 : status == TrialStatus.WAITING ? 0 : 1;
            List<Map<String, Double>> intermediates = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                intermediates.add(Map.of(TrialRecord.DEFAULT_METRIC, accuracy - 0.1 / step));
            }
            Instant submitted = t0.plusSeconds(10 * id);
            Optional<Instant> started = status == TrialStatus.WAITING ? Optional.empty() : Optional.of(submitted.plusSeconds(1));
            Optional<Instant> ended = status.isDone() ? started.map(s -> s.plusMillis(runMs)) : Optional.empty();
            out.add(new TrialRecord(id, sample, status, started.map(s -> "cpu()"), submitted, started, ended,
                    intermediates,
                    status == TrialStatus.SUCCEEDED ? Map.of(TrialRecord.DEFAULT_METRIC, accuracy, "loss", 1 - accuracy) : Map.of(),
                    status == TrialStatus.FAILED ? Optional.of("java.lang.OutOfMemoryError: <too big> & more") : Optional.empty(),
                    List.of()));
        }
        return out;
    }
}
