package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.jnas.nas.internal.engine.TrialBackend;
import org.jnas.nas.internal.engine.TrialEvents;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * Each trial's profile added to its final metrics for trials that run elsewhere (Slurm jobs), as
 * {@link ProfiledEvaluator} adds it to local ones: computed here, on an untrained block of the
 * trial's architecture built from its sample, when its first final result arrives. The same
 * numbers as a local trial's: a profile depends on the architecture and the input shape only.
 */
final class ProfiledBackend implements TrialBackend {
    private final TrialBackend backend;
    private final Function<Sample, Block> builder;
    private final Shape shape;

    ProfiledBackend(TrialBackend backend, Function<Sample, Block> builder, Shape shape) {
        this.backend = backend;
        this.builder = builder;
        this.shape = shape;
    }

    @Override
    public void launch(long id, Sample sample, TrialEvents events) {
        backend.launch(id, sample, new Profiled(sample, events));
    }

    @Override
    public void requestStop(long id) {
        backend.requestStop(id);
    }

    @Override
    public Cancelled cancel(long id) {
        return backend.cancel(id);
    }

    @Override
    public int runawayTrials() {
        return backend.runawayTrials();
    }

    @Override
    public Set<Long> reattach(Collection<TrialRecord> unfinished, LongFunction<TrialEvents> events) {
        Map<Long, Sample> samples = unfinished.stream().collect(Collectors.toMap(TrialRecord::id, TrialRecord::sample));
        return backend.reattach(unfinished, id -> {
            TrialEvents e = events.apply(id);
            return e == null ? null : new Profiled(samples.get(id), e);
        });
    }

    @Override
    public void close() {
        backend.close();
    }

    /** One trial's events, its final results with its profile. */
    private final class Profiled implements TrialEvents {
        private final Sample sample;
        private final TrialEvents events;
        private Map<String, Double> cost; // guarded by this: made on the first final result

        Profiled(Sample sample, TrialEvents events) {
            this.sample = sample;
            this.events = events;
        }

        @Override
        public void finalResult(Map<String, Double> metrics) {
            events.finalResult(ProfiledEvaluator.withCost(metrics, cost()));
        }

        private synchronized Map<String, Double> cost() {
            if (cost == null) {
                cost = ProfiledEvaluator.profile(builder.apply(sample), shape, events::log);
            }
            return cost;
        }

        @Override
        public void occurredAt(Instant at) {
            events.occurredAt(at);
        }

        @Override
        public void started(String device) {
            events.started(device);
        }

        @Override
        public void intermediate(Map<String, Double> metrics) {
            events.intermediate(metrics);
        }

        @Override
        public void progressed(TrainingProgress progress) {
            events.progressed(progress);
        }

        @Override
        public void log(String line) {
            events.log(line);
        }

        @Override
        public void returned(Block trained) {
            events.returned(trained);
        }

        @Override
        public void threw(Throwable failure) {
            events.threw(failure);
        }

        @Override
        public void failed(String description) {
            events.failed(description);
        }

        @Override
        public void cancelled(String why) {
            events.cancelled(why);
        }

        @Override
        public void released() {
            events.released();
        }
    }
}
