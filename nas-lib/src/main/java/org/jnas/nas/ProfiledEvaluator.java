package org.jnas.nas;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Nas;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The experiment's evaluator, with each trial's profile added to its final metrics as
 * {@value #PARAMS} and {@value #MACS} while the configuration has an input shape, so that the
 * trial table, the store and the dashboard show cost beside accuracy. The profile is of a fresh
 * block built from the trial's sample (the trial's own block stays the evaluator's), taken before
 * the evaluator runs; MACs that cannot be counted are left out, never reported as 0. A metric of
 * the same name that the evaluator reports wins.
 */
final class ProfiledEvaluator implements TrialEvaluator {
    static final String PARAMS = "params";
    static final String MACS = "macs";

    private final TrialEvaluator evaluator;
    private final Function<Sample, Block> builder;
    private final Supplier<Optional<Shape>> inputShape;

    ProfiledEvaluator(TrialEvaluator evaluator, Function<Sample, Block> builder, Supplier<Optional<Shape>> inputShape) {
        this.evaluator = evaluator;
        this.builder = builder;
        this.inputShape = inputShape;
    }

    @Override
    public void evaluate(TrialContext trial) throws Exception {
        Optional<Shape> shape = inputShape.get();
        Map<String, Double> cost = shape.isEmpty() ? Map.of() : cost(trial, shape.get());
        if (cost.isEmpty()) {
            evaluator.evaluate(trial);
        } else {
            // through Nas, so that Nas.reportFinalResult inside the evaluator reaches the profile too
            Nas.runTrial(new Context(trial, cost), evaluator);
        }
    }

    @Override
    public Direction direction() {
        return evaluator.direction();
    }

    private Map<String, Double> cost(TrialContext trial, Shape shape) {
        try {
            Profile p = Profile.of(builder.apply(trial.sample()), shape);
            Map<String, Double> cost = new LinkedHashMap<>();
            cost.put(PARAMS, (double) p.parameters());
            p.macs().ifPresent(macs -> cost.put(MACS, (double) macs));
            return cost;
        } catch (RuntimeException e) {
            // a profile is extra: an input shape that does not fit never fails the trial itself
            trial.log("no profile for input shape %s: %s", shape, e.getMessage());
            return Map.of();
        }
    }

    /** The trial's context, with the profile merged into its final metrics. */
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
        public void reportIntermediate(double metric) {
            trial.reportIntermediate(metric);
        }

        @Override
        public void reportIntermediate(Map<String, ? extends Number> metrics) {
            trial.reportIntermediate(metrics);
        }

        @Override
        public void reportFinal(double metric) {
            reportFinal(Map.of(org.jnas.nas.trial.TrialRecord.DEFAULT_METRIC, metric));
        }

        @Override
        public void reportFinal(Map<String, ? extends Number> metrics) {
            Map<String, Number> merged = new LinkedHashMap<>(metrics);
            cost.forEach(merged::putIfAbsent);
            trial.reportFinal(merged);
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
