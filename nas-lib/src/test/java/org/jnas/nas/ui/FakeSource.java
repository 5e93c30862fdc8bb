package org.jnas.nas.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/** An experiment whose trials the test drives by hand, with the events a real one sends. */
final class FakeSource implements DashboardSource {
    static final List<Choice> CHOICES = List.of(
            new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1), List.of("conv3x3", "conv5x5")),
            new Choice("dropout1", ChoiceKind.VALUE, List.of(0.25, 0.5, 0.75)),
            new Choice("feature", ChoiceKind.VALUE, List.of(64, 128, 256)));

    private final String id;
    private final boolean readOnly;
    private final Map<Long, TrialRecord> trials = new ConcurrentSkipListMap<>();
    final List<ExperimentListener> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger stopCalls = new AtomicInteger();
    volatile ExperimentStatus status = ExperimentStatus.RUNNING;
    volatile String endReason = "";
    volatile int concurrency = 2;
    volatile long maxTrials = 10;
    volatile String storeProblem;
    volatile int runawayTrials;
    volatile List<Objective> objectives = List.of();
    volatile Optional<TrainingProgress> supernetProgress = Optional.empty();
    volatile Map<Long, TrainingProgress> trainingProgress = Map.of();
    volatile Optional<Duration> maxDuration = Optional.empty();
    volatile Optional<Instant> deadline = Optional.empty();
    private final Instant started = Instant.now();

    FakeSource(String id, boolean readOnly) {
        this.id = id;
        this.readOnly = readOnly;
    }

    static Sample sample(long i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conv2", (int) (i % 2));
        m.put("dropout1", List.of(0.25, 0.5, 0.75).get((int) (i % 3)));
        m.put("feature", List.of(64, 128, 256).get((int) (i / 2 % 3)));
        return Sample.of(m);
    }

    TrialRecord startTrial(long trialId) {
        Instant now = Instant.now();
        TrialRecord t = new TrialRecord(trialId, sample(trialId), TrialStatus.RUNNING, Optional.of("cpu()"), now, Optional.of(now),
                Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of("trial " + trialId + " started"));
        trials.put(trialId, t);
        listeners.forEach(l -> l.onTrialStarted(t));
        return t;
    }

    TrialRecord intermediate(long trialId, double value) {
        TrialRecord o = trials.get(trialId);
        List<Map<String, Double>> in = new ArrayList<>(o.intermediates());
        in.add(Map.of(TrialRecord.DEFAULT_METRIC, value));
        List<String> log = new ArrayList<>(o.log());
        log.add("epoch " + in.size() + ": accuracy " + value);
        TrialRecord t = new TrialRecord(trialId, o.sample(), o.status(), o.device(), o.submitted(), o.started(), Optional.empty(),
                in, Map.of(), Optional.empty(), log);
        trials.put(trialId, t);
        listeners.forEach(l -> l.onIntermediate(t));
        return t;
    }

    TrialRecord succeed(long trialId, double metric) {
        return end(trialId, TrialStatus.SUCCEEDED, Map.of(TrialRecord.DEFAULT_METRIC, metric), "");
    }

    /** Succeeds with these final metrics ("default" among them), for a multi-objective search. */
    TrialRecord succeed(long trialId, Map<String, Double> metrics) {
        return end(trialId, TrialStatus.SUCCEEDED, metrics, "");
    }

    TrialRecord fail(long trialId, String error) {
        return end(trialId, TrialStatus.FAILED, Map.of(), error);
    }

    private TrialRecord end(long trialId, TrialStatus st, Map<String, Double> metrics, String error) {
        TrialRecord o = trials.get(trialId);
        TrialRecord t = new TrialRecord(trialId, o.sample(), st, o.device(), o.submitted(), o.started(), Optional.of(Instant.now()),
                o.intermediates(), metrics, Optional.of(error), o.log());
        trials.put(trialId, t);
        listeners.forEach(l -> l.onTrialEnded(t));
        return t;
    }

    void endExperiment(ExperimentStatus st) {
        endReason = st == ExperimentStatus.STOPPED ? "stopped by the user" : "strategy exhausted";
        status = st;
        listeners.forEach(l -> l.onExperimentEnded(st));
    }

    @Override public String id() { return id; }
    @Override public String name() { return "mnist_search"; }
    @Override public ExperimentStatus status() { return status; }
    @Override public String endReason() { return endReason; }
    @Override public Direction direction() { return Direction.MAXIMIZE; }
    @Override public List<Choice> choices() { return CHOICES; }
    @Override public List<Objective> objectives() { return objectives; }
    @Override public int trialConcurrency() { return concurrency; }
    @Override public OptionalLong maxTrials() { return OptionalLong.of(maxTrials); }
    @Override public Optional<Duration> maxDuration() { return maxDuration; }
    @Override public Optional<Instant> deadline() { return deadline; }
    @Override public Optional<TrainingProgress> supernetProgress() { return supernetProgress; }
    @Override public Map<Long, TrainingProgress> trainingProgress() { return trainingProgress; }
    @Override public Optional<Instant> startTime() { return Optional.of(started); }
    @Override public List<TrialRecord> trials() { return List.copyOf(trials.values()); }
    @Override public Optional<String> storeProblem() { return Optional.ofNullable(storeProblem); }
    @Override public int runawayTrials() { return runawayTrials; }
    @Override public void addListener(ExperimentListener l) { listeners.add(l); }
    @Override public void removeListener(ExperimentListener l) { listeners.remove(l); }
    @Override public boolean readOnly() { return readOnly; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("strategy", "RegularizedEvolution(population=8, sample=4)");
        m.put("trialConcurrency", concurrency);
        m.put("maxTrials", maxTrials);
        m.put("maxDuration", java.time.Duration.ofMinutes(30));
        m.put("direction", "MAXIMIZE"); // as a live experiment's names it
        m.put("seed", 42);
        return m;
    }

    @Override
    public void stop() {
        if (readOnly) {
            throw new AssertionError("stop() called on a read-only source");
        }
        stopCalls.incrementAndGet();
        status = ExperimentStatus.STOPPING;
    }

    @Override
    public void setTrialConcurrency(int n) {
        if (n > 64) {
            throw new IllegalArgumentException("trial concurrency " + n + " is over the limit of 64");
        }
        concurrency = n;
    }

    @Override
    public void setMaxTrials(long n) {
        maxTrials = n;
    }

    @Override
    public Optional<String> architectureSvg(long trialId) {
        TrialRecord t = trials.get(trialId);
        return t == null ? Optional.empty() : Optional.of(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"420\" height=\"60\"><rect x=\"1\" y=\"1\" width=\"418\" height=\"58\" "
                + "fill=\"#eef3fc\" stroke=\"#2f6fde\"/><text x=\"12\" y=\"36\" font-family=\"sans-serif\" font-size=\"14\">"
                + "Conv2d(32) \u2192 candidate " + t.sample().get("conv2") + " \u2192 Linear(" + t.sample().get("feature") + ")</text></svg>");
    }
}
