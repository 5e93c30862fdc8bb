package org.jnas.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.ui.Dashboard;
import org.jnas.nas.ui.DashboardSource;

/**
 * Not a benchmark by itself: the server that {@link DashboardFirstPaintBenchmark} starts in a child
 * JVM, once with this checkout's nas-lib and once with another build's, so that both serve the
 * same made-up search. Serves a dashboard of {@code --trials} trials of the quickstart space (the
 * records of {@link ResultsViewBenchmark}, the last 8 running), prints {@code url <address>} and
 * serves until its standard input closes. It uses only what every build's dashboard has.
 */
public final class DashboardServer {
    private DashboardServer() {}

    public static void main(String[] args) throws IOException {
        Options options = Options.parse("DashboardServer", args);
        int n = options.integer("trials", 10_000, "trials in the made-up search");
        options.done();
        List<Choice> choices = QuickstartSpace.create().choices();
        List<TrialRecord> trials = ResultsViewBenchmark.search(n, ExperimentStatus.RUNNING, choices, false).trials();
        try (Dashboard d = Dashboard.start(source(choices, trials), 0)) {
            System.out.println("url " + d.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our standard input
            }
        }
    }

    private static DashboardSource source(List<Choice> choices, List<TrialRecord> trials) {
        return new DashboardSource() {
            @Override public String id() { return "dashboard-bench"; }
            @Override public String name() { return "dashboard_bench"; }
            @Override public ExperimentStatus status() { return ExperimentStatus.RUNNING; }
            @Override public Direction direction() { return Direction.MAXIMIZE; }
            @Override public List<Choice> choices() { return choices; }
            @Override public int trialConcurrency() { return 8; }
            @Override public OptionalLong maxTrials() { return OptionalLong.of(trials.size()); }
            @Override public Optional<Instant> startTime() { return Optional.of(trials.get(0).submitted()); }
            @Override public List<TrialRecord> trials() { return trials; }
            @Override public void addListener(ExperimentListener l) {}
            @Override public void removeListener(ExperimentListener l) {}
            @Override public boolean readOnly() { return false; }
            @Override public void stop() {}
            @Override public void setTrialConcurrency(int n) {}
            @Override public void setMaxTrials(long n) {}

            @Override
            public Map<String, Object> config() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name());
                m.put("strategy", "Random");
                m.put("max trials", trials.size());
                return m;
            }
        };
    }
}
