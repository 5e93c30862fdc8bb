package org.jnas.nas;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jnas.nas.internal.engine.EngineObserver;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine tells an experiment, fanned out in a fixed order: the store first (so that a
 * listener never sees a trial end that a kill could still lose; results and starts are queued and
 * reach the disk within {@link StoreRecorder#FLUSH_DELAY}), then kept weights, then the listeners
 * (live views, dashboards, the user's own), each shielded from the others' failures.
 */
final class ExperimentEvents implements EngineObserver {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentEvents.class);

    /**
     * The experiment's listeners (read live: listeners may come and go), and what runs last when
     * the search has ended.
     */
    record Sink(List<ExperimentListener> listeners, Runnable onEnded) {}

    private final Optional<StoreRecorder> recorder;
    private final WeightKeeper weights;
    private final Sink sink;

    ExperimentEvents(Optional<StoreRecorder> recorder, WeightKeeper weights, Sink sink) {
        this.recorder = recorder;
        this.weights = weights;
        this.sink = sink;
    }

    /** Only the store keeps strategy states (to resume from them). */
    @Override
    public boolean wantsStrategyStates() {
        return recorder.isPresent();
    }

    @Override
    public void trialSubmitted(TrialRecord trial) {
        recorder.ifPresent(r -> r.trial(trial));
    }

    @Override
    public void trialStarted(TrialRecord trial) {
        recorder.ifPresent(r -> r.trial(trial));
        fire(l -> l.onTrialStarted(trial));
    }

    @Override
    public void intermediateReported(TrialRecord trial) {
        recorder.ifPresent(r -> r.intermediate(trial));
        fire(l -> l.onIntermediate(trial));
    }

    @Override
    public void finalReported(TrialRecord trial) {
        recorder.ifPresent(r -> r.trial(trial));
    }

    @Override
    public void trialTrained(TrialRecord trial, Block trained) {
        weights.offer(trial, trained);
    }

    @Override
    public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
        recorder.ifPresent(r -> r.trialEnded(trial, strategyCalls));
        fire(l -> l.onTrialEnded(trial));
    }

    @Override
    public void strategySaved(StrategyState state) {
        recorder.ifPresent(r -> r.strategySaved(state));
    }

    @Override
    public void searchEnded(boolean stopped, String reason) {
        ExperimentStatus status = stopped ? ExperimentStatus.STOPPED : ExperimentStatus.DONE;
        try {
            recorder.ifPresent(r -> r.ended(status));
        } finally {
            fire(l -> l.onExperimentEnded(status));
            sink.onEnded().run();
        }
    }

    private void fire(Consumer<ExperimentListener> event) {
        for (ExperimentListener l : sink.listeners()) {
            try {
                event.accept(l);
            } catch (RuntimeException | Error e) {
                LOG.warn("experiment listener {} failed; ignored", l, e);
            }
        }
    }
}
