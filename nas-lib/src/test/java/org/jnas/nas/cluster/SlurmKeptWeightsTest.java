package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnas.nas.Experiment;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.LocalSlurm;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept weights ({@code keepTopWeights}) and profiles ({@code inputShape}) of trials that ran as
 * jobs of the real local cluster ({@link LocalSlurm}), as for local trials.
 */
@ExtendWith(LocalSlurm.class)
class SlurmKeptWeightsTest {
    @TempDir
    Path tmp;

    /** The block's output for an input of ones, one value: what the trained weights compute. */
    static double probe(Block block, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            return block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 4))), false)
                    .singletonOrThrow().getFloat();
        }
    }

    /** Trains for real in the worker (metric: the units), then reports what its trained block computes. */
    static void trainAndProbe(TrialContext trial) throws Exception {
        SlurmClusterTest.train(trial);
        double units = ((Number) trial.sample().get("units")).doubleValue();
        trial.reportFinal(Map.of("default", units, "probe", probe(trial.block(), trial.manager())));
    }

    @Test
    void theBestTrialsWeightsAreKeptAndComputeWhatTheWorkersBlockComputedAndRowsCarryTheirProfile() throws Exception {
        Experiment exp = Experiment.create(SlurmClusterTest.SPACE, SlurmKeptWeightsTest::trainAndProbe,
                Strategy.gridSearch());
        exp.config().name("slurm-weights").maxTrials(2).trialConcurrency(2).keepTopWeights(1)
                .inputShape(new Shape(1, 4)).home(tmp.resolve("home"))
                .backend(LocalSlurm.backend().cpusPerTrial(1).directory(tmp.resolve("shared")));
        try (exp) {
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(2, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t::toString);
                int units = ((Number) t.sample().get("units")).intValue();
                // Linear(4 -> units) and Linear(units -> 1), weights and biases, as a local trial's profile says
                assertEquals(4 * units + units + units + 1, t.finalMetrics().get("params"), 1e-9, t::toString);
                assertTrue(t.finalMetrics().containsKey("macs"), t::toString);
            }
            TrialRecord best = trials.stream().max(Comparator.comparingDouble(t -> t.metric().orElseThrow())).orElseThrow();
            TrialRecord other = trials.stream().filter(t -> t != best).findFirst().orElseThrow();
            try (Model kept = exp.loadModel(best.id())) {
                assertEquals(best.finalMetrics().get("probe"), probe(kept.getBlock(), kept.getNDManager()), 1e-5,
                        "the kept weights compute what the worker's trained block computed");
            }
            IllegalArgumentException notKept = assertThrows(IllegalArgumentException.class, () -> exp.loadModel(other.id()));
            assertTrue(notKept.getMessage().contains("were not kept"), notKept.getMessage());
            try (Stream<Path> files = Files.walk(tmp.resolve("shared"))) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().equals(SlurmTrials.WEIGHTS_FILE)),
                        "the workers' weight files are deleted once the keeper has what it keeps");
            }
        }
    }

    @Test
    void latencyThatANodeWouldMeasureIsRefusedAtStartWithWhatToDo() {
        Experiment exp = Experiment.create(SlurmClusterTest.SPACE, SlurmKeptWeightsTest::trainAndProbe,
                Strategy.gridSearch());
        exp.config().name("slurm-latency").inputShape(new Shape(1, 4)).measureLatency(1).home(tmp.resolve("home"))
                .backend(LocalSlurm.backend().directory(tmp.resolve("shared")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
        assertTrue(e.getMessage().startsWith("measureLatency and latencyLimit measure on the trial's device"), e.getMessage());
        assertTrue(e.getMessage().contains("Backends.local()"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("shared")), "nothing was shipped");
    }
}
