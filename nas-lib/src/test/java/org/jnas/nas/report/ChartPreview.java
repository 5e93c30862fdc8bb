package org.jnas.nas.report;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jnas.nas.Direction;

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
        System.out.println("wrote " + dir.toAbsolutePath());
    }
}
