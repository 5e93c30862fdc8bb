package org.jnas.nas.internal.engine;

import ai.djl.nn.Block;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a backend reports about one trial, turned into its record and told to the engine. */
final class TrialReports implements TrialEvents {
    private static final Logger LOG = LoggerFactory.getLogger(TrialReports.class);

    private final TrialEngine engine;
    private final TrialState state;
    private volatile Optional<ScheduledFuture<?>> timeout = Optional.empty();

    /** Set by a backend that delivers reports after they happened; null for one that reports at once. */
    private volatile Instant occurredAt;

    TrialReports(TrialEngine engine, TrialState state) {
        this.engine = engine;
        this.state = state;
    }

    @Override
    public void occurredAt(Instant at) {
        occurredAt = at;
    }

    /** When the report being handled happened: as its backend said, else now. */
    private Instant at() {
        Instant at = occurredAt;
        return at != null ? at : Instant.now();
    }

    @Override
    public void started(String device) {
        if (state.begin(device, at())) {
            timeout = engine.stops().scheduleTimeout(state);
            engine.tell(o -> o.trialStarted(state.snapshot()));
        }
    }

    @Override
    public void intermediate(Map<String, Double> metrics) {
        int step = state.addIntermediate(metrics);
        if (step < 0) {
            return; // a cancelled trial that kept running: its late reports are dropped
        }
        double value = metrics.get(TrialRecord.DEFAULT_METRIC);
        if (engine.strategy().stopsEarly(state.id(), state.sample(), step, value)) {
            state.log(String.format("early-stopped by the strategy at step %d (value %s)", step, value));
            engine.stops().requestStop(state, TrialState.StopReason.EARLY_STOP);
        }
        TrialRecord snapshot = state.snapshot();
        engine.tell(o -> o.intermediateReported(snapshot));
    }

    @Override
    public void finalResult(Map<String, Double> metrics) {
        if (state.setFinal(metrics)) {
            TrialRecord snapshot = state.snapshot();
            engine.tell(o -> o.finalReported(snapshot));
        }
    }

    @Override
    public void progressed(TrainingProgress progress) {
        state.progressed(progress);
    }

    @Override
    public void log(String line) {
        state.log(line);
    }

    @Override
    public void returned(Block trained) {
        if (state.endReturned(at()) && state.status() == TrialStatus.SUCCEEDED && trained != null) {
            try {
                engine.observer().trialTrained(state.snapshot(), trained);
            } catch (RuntimeException e) {
                state.log("the trained model could not be kept: " + e.getMessage());
                LOG.warn("trial {}: the observer failed on its trained model", state.id(), e);
            }
        }
    }

    @Override
    public void threw(Throwable failure) {
        if (failure instanceof NotTrained ruledOut) {
            state.setFinal(ruledOut.metrics());
            state.log(ruledOut.getMessage());
            if (state.end(TrialStatus.EARLY_STOPPED, "", at())) {
                engine.countNotTrained();
            }
            return;
        }
        state.endThrew(failure, at());
    }

    @Override
    public void failed(String description) {
        state.end(TrialStatus.FAILED, description, at());
    }

    @Override
    public void cancelled(String why) {
        state.end(TrialStatus.CANCELLED, why, at());
    }

    @Override
    public void released() {
        timeout.ifPresent(t -> t.cancel(false));
        if (!state.isEnded()) {
            state.end(TrialStatus.FAILED, "the trial's backend released it without an outcome", Instant.now());
        }
        engine.announceEnd(state);
    }
}
