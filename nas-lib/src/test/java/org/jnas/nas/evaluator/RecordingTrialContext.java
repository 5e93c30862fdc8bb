package org.jnas.nas.evaluator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;

/** A trial context for evaluator tests: a CPU model around a fixed block; records what is reported. */
final class RecordingTrialContext implements TrialContext, AutoCloseable {

    private final Block block;
    private final Model model;
    private final NDManager manager;
    private final int stopAfterChecks;
    final AtomicInteger stopChecks = new AtomicInteger();
    final List<Map<String, Double>> intermediates = new ArrayList<>();
    Map<String, Double> finalResult;
    final List<String> logs = new ArrayList<>();
    final List<TrainingProgress> progress = new ArrayList<>();

    /** A context whose stop flag turns true at check number {@code stopAfterChecks + 1}. */
    RecordingTrialContext(Block block, int stopAfterChecks) {
        this.block = block;
        this.model = Model.newInstance("trial", Device.cpu());
        this.model.setBlock(block);
        this.manager = NDManager.newBaseManager(Device.cpu());
        this.stopAfterChecks = stopAfterChecks;
    }

    RecordingTrialContext(Block block) {
        this(block, Integer.MAX_VALUE);
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public Sample sample() {
        return Sample.empty();
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public NDManager manager() {
        return manager;
    }


    @Override
    public void reportIntermediate(Map<String, ? extends Number> metrics) {
        intermediates.add(doubles(metrics));
    }


    @Override
    public void reportFinal(Map<String, ? extends Number> metrics) {
        finalResult = doubles(metrics);
    }

    @Override
    public void reportProgress(TrainingProgress reported) {
        progress.add(reported);
    }

    @Override
    public void log(String format, Object... args) {
        logs.add(String.format(format, args));
    }

    @Override
    public boolean isStopRequested() {
        return stopChecks.incrementAndGet() > stopAfterChecks;
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }

    private static Map<String, Double> doubles(Map<String, ? extends Number> metrics) {
        if (!metrics.containsKey("default")) {
            throw new IllegalArgumentException("metrics must hold \"default\": " + metrics);
        }
        Map<String, Double> copy = new java.util.LinkedHashMap<>();
        metrics.forEach((name, value) -> copy.put(name, value.doubleValue()));
        return copy;
    }
}
