package org.jnas.nas;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.jnas.nas.cluster.SlurmBackend;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import java.util.Optional;
import org.jnas.nas.internal.engine.EngineSettings;
import org.jnas.nas.internal.engine.TrialBackend;
import org.jnas.nas.internal.engine.TrialEngine;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * A started experiment: the engine running its search on its backend (local threads or a cluster), what records it (the
 * store) and what keeps the best weights, wired in the order the experiment needs them.
 */
final class ExperimentRun {
    final TrialEngine engine;
    final WeightKeeper weights;
    final Optional<StoreRecorder> recorder;

    private ExperimentRun(TrialEngine engine, WeightKeeper weights, Optional<StoreRecorder> recorder) {
        this.engine = engine;
        this.weights = weights;
        this.recorder = recorder;
    }

    /**
     * Starts the search of {@code exp} on {@code backend}, which it closes if the start fails. A
     * start that fails (a strategy that cannot restore its state) is recorded as stopped rather than
     * left running in the store; a resumed experiment that had ended done stays done.
     */
    static ExperimentRun start(Experiment exp, TrialBackend backend, Optional<StoreRecorder> recorder,
            ExperimentEvents.Sink listeners) {
        ExperimentConfig config = exp.config();
        TrialEngine engine = null;
        try {
            WeightKeeper weights = new WeightKeeper(config.keepTopWeights(), exp.direction(), config.directory());
            engine = TrialEngine.create(settings(exp), exp.space(), exp.strategy(), backend,
                    new ExperimentEvents(recorder, weights, listeners));
            TrialEngine restored = engine;
            exp.earlier().ifPresent(stored -> restored.restore(stored.trials(), stored.strategyState(),
                    stored.strategyCalls()));
            engine.start();
            return new ExperimentRun(engine, weights, recorder);
        } catch (RuntimeException failure) {
            // a done experiment resumed in vain stays done
            boolean wasDone = exp.earlier().filter(stored -> stored.status() == ExperimentStatus.DONE).isPresent();
            recorder.ifPresent(r -> r.ended(wasDone ? ExperimentStatus.DONE : ExperimentStatus.STOPPED));
            if (engine != null) {
                engine.close(); // and with it the backend
            } else {
                backend.close();
            }
            throw failure;
        }
    }

    /**
     * The experiment's trial backend: threads of this JVM, or jobs of a cluster. Its refusals (no
     * GPU under the GPU policy; a Slurm cluster's checks: commands, partition, directory, what
     * cannot be shipped) come before anything is stored.
     */
    static TrialBackend backend(Experiment exp, TrialEvaluator evaluator) {
        ExperimentConfig config = exp.config();
        if (config.backend() instanceof SlurmBackend slurm) {
            // a model space ships by value and is explored again on the worker
            Function<Sample, Block> builder = exp.space() instanceof ModelSpace space
                    ? (Function<Sample, Block> & Serializable) space::instantiate : exp.builder();
            TrialBackend jobs = slurm.open(exp.id(), builder, exp.evaluator(),
                    config.home().orElseGet(ExperimentStore::defaultHome), config.keepTopWeights() > 0);
            // the profile of an architecture is the same wherever it trains: computed here
            return config.inputShape().<TrialBackend>map(shape -> new ProfiledBackend(jobs, exp.builder(), shape))
                    .orElse(jobs);
        }
        // the devices of this machine: a cluster's workers take the GPUs Slurm gives them
        List<Device> devices = config.devicePolicy().devices(
                config.devicePolicy() == DevicePolicy.CPU ? 0 : Engine.getInstance().getGpuCount());
        return TrialBackend.localThreads(config.name(), OneShotRuns.trialBuilder(exp), evaluator, devices,
                config.intraOpThreads(), config::trialConcurrency);
    }

    private static EngineSettings settings(Experiment exp) {
        ExperimentConfig c = exp.config();
        return new EngineSettings(c.name(), c.trialConcurrency(), c.maxTrials(), c.maxDuration(), c.maxTrialDuration(),
                c.stopGracePeriod(), exp.direction(), c.seed());
    }

    /** Hands the running search the configuration's limits, and records them, when they changed. */
    void limitsChanged(Experiment exp) {
        ExperimentConfig c = exp.config();
        EngineSettings next = engine.settings().withLimits(c.trialConcurrency(), c.maxTrials());
        if (next.equals(engine.settings())) {
            return;
        }
        engine.update(next);
        recorder.ifPresent(r -> r.configChanged(ConfigJson.write(exp)));
    }

    ExperimentStatus status() {
        if (engine.hasEnded()) {
            return engine.wasStopped() ? ExperimentStatus.STOPPED : ExperimentStatus.DONE;
        }
        return engine.isStopping() ? ExperimentStatus.STOPPING : ExperimentStatus.RUNNING;
    }
}
