package org.jnas.nas.results;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jnas.nas.trial.Direction;

/** Writes the fixture charts as PNG and SVG files to look at: {@code ChartPreview <dir>}. */
public final class ChartPreview {
    private ChartPreview() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/chart-preview"));
        var trials = ReportFixtures.trials();
        Chart[] charts = {
            TrialCharts.metricPerTrial(trials, Direction.MAXIMIZE),
            TrialCharts.intermediateCurves(trials, Direction.MAXIMIZE),
            TrialCharts.metricByChoice(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE),
        };
        String[] names = {"metric-per-trial", "intermediates", "by-choice"};
        for (int i = 0; i < charts.length; i++) {
            Files.write(dir.resolve(names[i] + ".png"), charts[i].png());
            Files.writeString(dir.resolve(names[i] + ".svg"), charts[i].svgDocument());
        }
        var progress = Progress.of(org.jnas.nas.results.ExperimentStatus.RUNNING, trials, 20, java.time.Duration.ofSeconds(95),
                Direction.MAXIMIZE);
        Files.writeString(dir.resolve("view.html"), "<!DOCTYPE html><html><body>"
                + Views.full(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE, true) + "</body></html>");
        var cnn = new ai.djl.nn.SequentialBlock()
                .add(ai.djl.nn.convolutional.Conv2d.builder().setFilters(32).setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).build())
                .add(ai.djl.nn.Activation.reluBlock())
                .add(ai.djl.nn.convolutional.Conv2d.builder().setFilters(64).setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).build())
                .add(ai.djl.nn.pooling.Pool.maxPool2dBlock(new ai.djl.ndarray.types.Shape(2, 2)))
                .add(ai.djl.nn.norm.Dropout.builder().optRate(0.25f).build())
                .add(ai.djl.nn.Blocks.batchFlattenBlock())
                .add(ai.djl.nn.core.Linear.builder().setUnits(128).build())
                .add(ai.djl.nn.Activation.reluBlock())
                .add(ai.djl.nn.core.Linear.builder().setUnits(10).build());
        var diagram = ArchitectureDiagram.of(cnn, new ai.djl.ndarray.types.Shape(1, 1, 28, 28), "Trial 8: conv2=1, feature=128");
        Files.writeString(dir.resolve("architecture.svg"), diagram.svg());
        System.out.println(diagram.text());
        System.out.println(Views.text(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE));
        System.out.println("wrote " + dir.toAbsolutePath());
    }
}
