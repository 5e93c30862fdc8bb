package org.jnas.nas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.results.UnknownExperimentException;
import org.jnas.nas.ui.DashboardSource;
import org.jnas.nas.ui.ExperimentSummary;
import org.jnas.nas.ui.StoredExperiments;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;

/** Presents experiments and the store to the dashboard ({@code org.jnas.nas.ui}). */
final class DashboardAdapter {
    private DashboardAdapter() {}

    /** A running (or created, or ended) experiment: live and controllable. */
    static DashboardSource live(Experiment exp) {
        return new DashboardSource() {
            @Override public String id() { return exp.id(); }
            @Override public String name() { return exp.config().name(); }
            @Override public ExperimentStatus status() { return exp.status(); }
            @Override public Direction direction() { return exp.direction(); }
            @Override public List<Choice> choices() { return exp.choices(); }
            @Override public int trialConcurrency() { return exp.config().trialConcurrency(); }
            @Override public long maxTrials() { return exp.config().maxTrials(); }
            @Override public List<TrialRecord> trials() { return exp.trials(); }
            @Override public void addListener(ExperimentListener l) { exp.addListener(l); }
            @Override public void removeListener(ExperimentListener l) { exp.removeListener(l); }
            @Override public boolean readOnly() { return false; }
            @Override public void stop() { exp.stop(); }
            @Override public void setTrialConcurrency(int n) { exp.config().trialConcurrency(n); }
            @Override public void setMaxTrials(long n) { exp.config().maxTrials(n); }
            @Override public Optional<String> architectureSvg(long trialId) { return exp.architectureSvg(trialId); }

            @Override
            public Map<String, Object> config() {
                ExperimentConfig c = exp.config();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("strategy", exp.strategyName());
                m.put("trial concurrency", c.trialConcurrency());
                m.put("max trials", c.maxTrials() == Long.MAX_VALUE ? "unbounded" : c.maxTrials());
                m.put("max duration", c.maxDuration() == null ? "none" : c.maxDuration().toString());
                m.put("max trial duration", c.maxTrialDuration() == null ? "none" : c.maxTrialDuration().toString());
                m.put("direction", c.direction().name());
                m.put("seed", c.seed());
                m.put("device policy", c.devicePolicy().name());
                m.put("persisted", c.persist());
                return m;
            }
        };
    }

    /** A stored experiment: read-only, no events. */
    static DashboardSource view(ExperimentView view) {
        return new DashboardSource() {
            @Override public String id() { return view.id(); }
            @Override public String name() { return view.name(); }
            @Override public ExperimentStatus status() { return view.status(); }
            @Override public Direction direction() { return view.direction(); }
            @Override public List<Choice> choices() { return view.choices(); }
            @Override public int trialConcurrency() {
                return view.config().has("trialConcurrency") ? view.config().get("trialConcurrency").getAsInt() : 1;
            }
            @Override public long maxTrials() { return view.maxTrials(); }
            @Override public List<TrialRecord> trials() { return view.trials(); }
            @Override public void addListener(ExperimentListener l) {}
            @Override public void removeListener(ExperimentListener l) {}
            @Override public boolean readOnly() { return true; }
            @Override public void stop() { view.stop(); }
            @Override public void setTrialConcurrency(int n) { throw new IllegalArgumentException("read-only experiment"); }
            @Override public void setMaxTrials(long n) { throw new IllegalArgumentException("read-only experiment"); }
            @Override public Optional<java.time.Instant> startTime() { return Optional.ofNullable(view.stored().created()); }
            @Override public Optional<java.time.Instant> endTime() { return Optional.ofNullable(view.stored().ended()); }
            @Override public Optional<String> architectureSvg(long trialId) { return view.architectureSvg(trialId); }

            @Override
            public Map<String, Object> config() {
                Map<String, Object> m = new LinkedHashMap<>();
                view.config().entrySet().forEach(e -> m.put(e.getKey(),
                        e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
                return m;
            }
        };
    }

    /** The store under {@code home} (null: the default home), opened and closed within each call. */
    static StoredExperiments stored(Path home) {
        return new StoredExperiments() {
            @Override
            public List<ExperimentSummary> list() {
                List<ExperimentSummary> out = new ArrayList<>();
                try (ExperimentStore store = Experiment.openStore(home)) {
                    for (org.jnas.nas.results.ExperimentSummary s : store.list()) {
                        out.add(0, new ExperimentSummary(s.id(), s.name(), s.status(), s.direction(), s.trials(),
                                s.succeeded(), s.bestMetric(), s.created(), s.ended()));
                    }
                }
                return out;
            }

            @Override
            public Optional<DashboardSource> open(String id) {
                try {
                    return Optional.of(view(Experiment.view(home, id, null)));
                } catch (UnknownExperimentException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
