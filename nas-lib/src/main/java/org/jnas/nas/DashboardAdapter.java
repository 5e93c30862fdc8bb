package org.jnas.nas;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.UnknownExperimentException;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.ui.Dashboard;
import org.jnas.nas.ui.DashboardSource;
import org.jnas.nas.ui.StoredExperiments;

/** Presents experiments and the store to the dashboard ({@code org.jnas.nas.ui}). */
final class DashboardAdapter {
    private DashboardAdapter() {}

    /** A started dashboard of {@code source}, listing the experiments stored under {@code home}. */
    static Dashboard dashboard(DashboardSource source, Optional<Path> home, int port) {
        return Dashboard.builder().optSource(source).optStoredExperiments(stored(home)).optPort(port).build();
    }

    /** A running (or created, or ended) experiment: live and controllable. */
    static DashboardSource live(Experiment exp) {
        return new DashboardSource() {
            @Override public String id() { return exp.id(); }
            @Override public String name() { return exp.config().name(); }
            @Override public ExperimentStatus status() { return exp.status(); }
            @Override public Direction direction() { return exp.direction(); }
            @Override public List<Objective> objectives() { return exp.objectives(); }
            @Override public List<Choice> choices() { return exp.choices(); }
            @Override public int trialConcurrency() { return exp.config().trialConcurrency(); }
            @Override public OptionalLong maxTrials() { return exp.config().maxTrials(); }
            @Override public Optional<Duration> maxDuration() { return exp.maxDuration(); }
            @Override public String endReason() { return exp.endReason(); }
            @Override public Optional<Instant> deadline() {
                // the search's own clock, which a resumed search restarts (the page's start is its first trial's)
                return exp.maxDuration().filter(d -> exp.status() == ExperimentStatus.RUNNING)
                        .map(d -> Instant.now().plus(d).minus(exp.elapsed()));
            }
            @Override public Optional<TrainingProgress> supernetProgress() { return exp.supernetProgress(); }
            @Override public Map<Long, TrainingProgress> trainingProgress() { return exp.trainingProgress(); }
            @Override public List<TrialRecord> trials() { return exp.trials(); }
            @Override public Optional<String> storeProblem() { return exp.storeProblem(); }
            @Override public int runawayTrials() { return exp.runawayTrials(); }
            @Override public void addListener(ExperimentListener l) { exp.addListener(l); }
            @Override public void removeListener(ExperimentListener l) { exp.removeListener(l); }
            @Override public boolean readOnly() { return false; }
            @Override public void stop() { exp.stop(); }
            @Override public void setTrialConcurrency(int n) { exp.config().trialConcurrency(n); }
            @Override public void setMaxTrials(long n) { exp.config().maxTrials(n); }
            @Override public Optional<String> architectureSvg(long trialId) { return exp.architectureSvg(trialId); }
            @Override public Map<String, Object> config() { return configMap(exp.config(), exp.strategyName(), exp.direction()); }
        };
    }

    /** A stored experiment: read-only, no events. */
    static DashboardSource view(ExperimentView view) {
        return new DashboardSource() {
            @Override public String id() { return view.id(); }
            @Override public String name() { return view.name(); }
            @Override public ExperimentStatus status() { return view.status(); }
            @Override public Direction direction() { return view.direction(); }
            @Override public List<Objective> objectives() { return view.objectives(); }
            @Override public List<Choice> choices() { return view.choices(); }
            @Override public int trialConcurrency() { return view.config().trialConcurrency(); }
            @Override public OptionalLong maxTrials() { return view.maxTrials(); }
            @Override public List<TrialRecord> trials() { return view.trials(); }
            @Override public void addListener(ExperimentListener l) {}
            @Override public void removeListener(ExperimentListener l) {}
            @Override public boolean readOnly() { return true; }
            @Override public void stop() { throw refused(view); }
            @Override public void setTrialConcurrency(int n) { throw refused(view); }
            @Override public void setMaxTrials(long n) { throw refused(view); }
            @Override public Optional<Instant> startTime() { return Optional.of(view.created()); }
            @Override public Optional<Instant> endTime() { return view.endOrLastHeard(); }
            @Override public Optional<String> architectureSvg(long trialId) { return view.architectureSvg(trialId); }
            @Override public Map<String, Object> config() { return configMap(view.config(), view.strategyName(), view.direction()); }
        };
    }

    /** What the dashboard never asks of a read-only source, refused all the same. */
    private static IllegalStateException refused(ExperimentView view) {
        return new IllegalStateException("experiment '" + view.id() + "' is viewed read-only from the store");
    }

    /** The settings shown on the overview page, in display order. */
    private static Map<String, Object> configMap(ExperimentConfig c, String strategy, Direction direction) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("strategy", strategy);
        m.put("trial concurrency", c.trialConcurrency());
        m.put("max trials", c.maxTrials().isPresent() ? c.maxTrials().getAsLong() : "unbounded");
        m.put("max duration", c.maxDuration().map(Duration::toString).orElse("none"));
        m.put("max trial duration", c.maxTrialDuration().map(Duration::toString).orElse("none"));
        m.put("direction", direction.name());
        if (!c.objectives().isEmpty()) {
            m.put("objectives", c.objectives().stream()
                    .map(o -> (o.direction() == Direction.MAXIMIZE ? "max " : "min ") + o.metric()).collect(Collectors.joining(", ")));
        }
        m.put("seed", c.seed());
        m.put("device policy", c.devicePolicy().name());
        m.put("persisted", c.persist());
        return m;
    }

    /** The store under {@code home}, opened and closed within each call. */
    static StoredExperiments stored(Optional<Path> home) {
        return new StoredExperiments() {
            @Override
            public List<ExperimentSummary> list() {
                List<ExperimentSummary> out = new ArrayList<>(Stores.list(home));
                Collections.reverse(out);
                return out;
            }

            @Override
            public Optional<DashboardSource> open(String id) {
                try {
                    return Optional.of(view(ExperimentView.of(home, id, Optional.empty())));
                } catch (UnknownExperimentException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
