package org.jnas.nas.internal.engine;

import ai.djl.Device;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.FakeSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialEvaluator;

/** Engines over the fake space, for the engine's own tests. */
final class EngineFixtures {
    private EngineFixtures() {}

    static EngineSettings settings(int trialConcurrency, long maxTrials) {
        return new EngineSettings("test", trialConcurrency, OptionalLong.of(maxTrials), Optional.empty(), Optional.empty(),
                Duration.ofMillis(300), Direction.MAXIMIZE, 0);
    }

    /** Trials of {@code evaluator} on local threads, one of {@code devices} each. */
    static TrialEngine local(EngineSettings settings, Strategy strategy, TrialEvaluator evaluator, List<Device> devices,
            EngineObserver observer) {
        TrialBackend backend = TrialBackend.localThreads("test", FakeSpace::build, evaluator, devices, 1,
                settings::trialConcurrency);
        return TrialEngine.create(settings, new FakeSpace(), strategy, backend, observer);
    }
}
