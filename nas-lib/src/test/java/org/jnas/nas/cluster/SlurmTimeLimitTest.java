package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * Slurm's time limit on the real local cluster ({@link LocalSlurm}): Slurm checks limits on a
 * periodic timer, so this takes one to two minutes; both trials run at once to pay it once.
 */
@ExtendWith(LocalSlurm.class)
class SlurmTimeLimitTest {
    @TempDir
    Path tmp;

    /**
     * Trains one real PyTorch step every 200 ms and reports it; units 1 ignores a stop request (it
     * trains past its limit), the others return when asked, with a final result.
     */
    static void trainsUntilStopped(TrialContext trial) throws Exception {
        boolean obeys = ((Number) trial.sample().get("units")).intValue() != 1;
        Model model = trial.model();
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
            trainer.initialize(new Shape(8, 4));
            NDArray x = trial.manager().randomUniform(0, 1, new Shape(8, 4));
            int step = 0;
            do {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                    gc.backward(trainer.getLoss().evaluate(new NDList(out.onesLike()), new NDList(out)));
                }
                trainer.step();
                trial.reportIntermediate(++step);
                Thread.sleep(200);
            } while (!(obeys && trial.isStopRequested()));
            trial.reportFinal(step);
        }
    }

    @Test
    void aTimeLimitAsksTheTrialToStopAtUsr1AndEndsItCancelledWithItsReportsKept() throws Exception {
        Experiment exp = Experiment.create(SlurmClusterTest.SPACE, SlurmTimeLimitTest::trainsUntilStopped,
                Strategy.gridSearch());
        exp.config().name("slurm-limit").maxTrials(2).trialConcurrency(2).home(tmp.resolve("home"))
                .backend(LocalSlurm.backend().cpusPerTrial(1).timeLimit(Duration.ofMinutes(1))
                        .directory(tmp.resolve("shared")));
        try (exp) {
            exp.start();
            // the limit is a minute; Slurm enforces it on its next 30 s check, then waits KillWait
            assertTrue(exp.await(Duration.ofMinutes(4)), () -> exp.trials().toString());
            List<TrialRecord> trials = exp.trials();
            assertEquals(2, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.CANCELLED, t.status(), t::toString);
                assertTrue(t.error().orElseThrow().contains("the Slurm time limit of PT1M"), t::toString);
                assertTrue(t.log().contains("Slurm's time limit is near: the trial is asked to stop"), t::toString);
                assertFalse(t.intermediates().isEmpty(), "the reports before the limit are kept: " + t);
            }
            TrialRecord ignoring = trials.get(0);
            assertTrue(ignoring.error().orElseThrow().contains("ended TIMEOUT"), ignoring::toString);
            assertTrue(ignoring.metric().isEmpty(), "killed by Slurm before any final result: " + ignoring);

            TrialRecord obeying = trials.get(1);
            assertTrue(obeying.error().orElseThrow().contains("was asked to stop (signal USR1)"), obeying::toString);
            assertEquals(obeying.intermediates().size(), obeying.metric().orElseThrow(), 1e-9,
                    "its final result is kept: " + obeying);
            assertEquals("", SlurmClusterTest.queue(exp), "squeue lists no job of the experiment");
        }
    }
}
