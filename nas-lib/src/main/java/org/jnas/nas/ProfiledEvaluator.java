package org.jnas.nas;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jnas.nas.internal.engine.NotTrained;
import org.jnas.nas.profile.Latency;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Nas;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The experiment's evaluator, with each trial's cost added to its final metrics while the
 * configuration has an input shape, so that the trial table, the store and the dashboard show cost
 * beside accuracy: its profile as {@value #PARAMS} and {@value #MACS}, and with
 * {@link ExperimentConfig#measureLatency(int)} its latency measured on the trial's device as
 * {@value #LATENCY} (batch 1) and {@value #BATCH_LATENCY}. The profile and the latency are of a
 * fresh block built from the trial's sample (the trial's own block stays the evaluator's), taken
 * before the evaluator runs; MACs that cannot be counted are left out, never reported as 0. A
 * metric of the same name that the evaluator reports wins. An architecture over the
 * {@link ExperimentConfig#latencyLimit(double)} is not trained: see {@link NotTrained}.
 */
final class ProfiledEvaluator implements TrialEvaluator {
    static final String PARAMS = "params";
    static final String MACS = "macs";
    static final String LATENCY = "latency_ms";
    static final String BATCH_LATENCY = "batch_latency_ms";

    private final TrialEvaluator evaluator;
    private final Function<Sample, Block> builder;
    private final ExperimentConfig config;

    ProfiledEvaluator(TrialEvaluator evaluator, Function<Sample, Block> builder, ExperimentConfig config) {
        this.evaluator = evaluator;
        this.builder = builder;
        this.config = config;
    }

    @Override
    public void evaluate(TrialContext trial) throws Exception {
        Optional<Shape> shape = config.inputShape();
        Map<String, Double> cost = new LinkedHashMap<>();
        if (shape.isPresent()) {
            cost.putAll(profile(trial, shape.get()));
            if (config.measureLatency().isPresent()) {
                cost.putAll(latency(trial, shape.get(), config.measureLatency().getAsInt()));
                checkLatencyLimit(trial, cost);
            }
        }
        if (cost.isEmpty()) {
            evaluator.evaluate(trial);
        } else {
            // through Nas, so that Nas.reportFinalResult inside the evaluator reaches the cost too
            Nas.runTrial(new Context(trial, Collections.unmodifiableMap(cost)), evaluator);
        }
    }

    @Override
    public Direction direction() {
        return evaluator.direction();
    }

    private Map<String, Double> profile(TrialContext trial, Shape shape) {
        return profile(builder.apply(trial.sample()), shape, line -> trial.log("%s", line));
    }

    /**
     * The profile metrics ({@value #PARAMS}, {@value #MACS} when counted) of {@code fresh}, an
     * untrained block of the trial's architecture; none when the shape does not fit, said in {@code log}.
     */
    static Map<String, Double> profile(Block fresh, Shape shape, Consumer<String> log) {
        try {
            Profile p = Profile.of(fresh, shape);
            Map<String, Double> cost = new LinkedHashMap<>();
            cost.put(PARAMS, (double) p.parameters());
            p.macs().ifPresent(macs -> cost.put(MACS, (double) macs));
            return cost;
        } catch (RuntimeException e) {
            // a profile is extra: an input shape that does not fit never fails the trial itself
            log.accept("no profile for input shape " + shape + ": " + e.getMessage());
            return Map.of();
        }
    }

    /** {@code metrics} with {@code cost} added: a metric of the same name that the evaluator reported wins. */
    static <N extends Number> Map<String, N> withCost(Map<String, ? extends N> metrics, Map<String, ? extends N> cost) {
        Map<String, N> merged = new LinkedHashMap<>(metrics);
        cost.forEach(merged::putIfAbsent);
        return merged;
    }

    private Map<String, Double> latency(TrialContext trial, Shape shape, int batchSize) {
        Map<String, Double> cost = new LinkedHashMap<>();
        try {
            Latency one = Latency.measure(builder.apply(trial.sample()), withBatch(shape, 1), trial.device());
            trial.log("latency: %s", one);
            cost.put(LATENCY, one.medianMs());
            if (batchSize > 1) {
                Latency batch = Latency.measure(builder.apply(trial.sample()), withBatch(shape, batchSize),
                        trial.device());
                trial.log("latency: %s", batch);
                cost.put(BATCH_LATENCY, batch.medianMs());
            }
        } catch (RuntimeException e) {
            if (config.latencyLimit().isPresent()) {
                // a limit that cannot be checked must not let the architecture train
                throw new IllegalStateException("cannot check the latency limit: " + e.getMessage(), e);
            }
            trial.log("no latency for input shape %s: %s", shape, e.getMessage());
        }
        return cost;
    }

    private void checkLatencyLimit(TrialContext trial, Map<String, Double> cost) {
        if (config.latencyLimit().isEmpty()) {
            return;
        }
        double limit = config.latencyLimit().getAsDouble();
        double measured = cost.get(LATENCY);
        if (measured > limit) {
            throw new NotTrained(String.format(Locale.ROOT,
                    "not trained: latency %.3f ms on %s is over the limit of %s ms", measured, trial.device(),
                    limit), cost);
        }
    }

    private static Shape withBatch(Shape shape, long batch) {
        return new Shape(batch).addAll(shape.slice(1));
    }

    /** The trial's context, with the cost merged into its final metrics. */
    private record Context(TrialContext trial, Map<String, Double> cost) implements TrialContext {
        @Override
        public long id() {
            return trial.id();
        }

        @Override
        public Sample sample() {
            return trial.sample();
        }

        @Override
        public Device device() {
            return trial.device();
        }

        @Override
        public Model model() {
            return trial.model();
        }

        @Override
        public Block block() {
            return trial.block();
        }

        @Override
        public NDManager manager() {
            return trial.manager();
        }

        @Override
        public void reportProgress(TrainingProgress progress) {
            trial.reportProgress(progress);
        }


        @Override
        public void reportIntermediate(Map<String, ? extends Number> metrics) {
            trial.reportIntermediate(metrics);
        }


        @Override
        public void reportFinal(Map<String, ? extends Number> metrics) {
            trial.reportFinal(withCost(metrics, cost));
        }

        @Override
        public void log(String format, Object... args) {
            trial.log(format, args);
        }

        @Override
        public boolean isStopRequested() {
            return trial.isStopRequested();
        }
    }
}
