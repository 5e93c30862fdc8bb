package org.jnas.nas.cluster;

import java.nio.file.Path;
import org.jnas.nas.Experiment;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialRecord;

/**
 * Runs a one-trial search whose trial is a Slurm job, in its own JVM, printing a line after each
 * intermediate result the store has, until {@link SlurmResumeTest} kills it with SIGKILL.
 * Arguments: the JNAS home, the shared directory, the cluster's slurm.conf, and optionally the
 * workers' heartbeat timeout in seconds; or, with "idle" as the fourth argument, a two-trial search,
 * two at a time, whose first trial ends at once (its worker then waits, idle) and prints "ended ID".
 */
public final class SlurmResumeMain {
    static final int STEPS = 15;

    private SlurmResumeMain() {}

    /** Reports 1, 2, ... {@value #STEPS} every 400 ms, then the final result. */
    static void steady(TrialContext trial) throws Exception {
        for (int step = 1; step <= STEPS; step++) {
            trial.reportIntermediate(step);
            Thread.sleep(400);
        }
        trial.reportFinal(STEPS);
    }

    /** Units 1 ends at once; the others run {@link #steady}. */
    static void quickFirst(TrialContext trial) throws Exception {
        if (((Number) trial.sample().get("units")).intValue() != 1) {
            steady(trial);
        }
        trial.reportFinal(0);
    }

    static Experiment experiment(Experiment exp, Path shared, String slurmConf) {
        exp.config().backend(Backends.slurm().environment("SLURM_CONF", slurmConf).directory(shared));
        return exp;
    }

    public static void main(String[] args) throws Exception {
        boolean idle = args.length > 3 && args[3].equals("idle");
        Experiment exp = Experiment.create(SlurmClusterTest.SPACE, idle ? SlurmResumeMain::quickFirst : SlurmResumeMain::steady,
                Strategy.gridSearch());
        exp.config().name("resumed").maxTrials(idle ? 2 : 1).trialConcurrency(idle ? 2 : 1).home(Path.of(args[0]));
        experiment(exp, Path.of(args[1]), args[2]);
        if (args.length > 3 && !idle) {
            SlurmBackend backend = (SlurmBackend) exp.config().backend();
            exp.config().backend(backend.heartbeatTimeout(java.time.Duration.ofSeconds(Long.parseLong(args[3]))));
        }
        exp.addListener(new ExperimentListener() {
            @Override
            public void onIntermediate(TrialRecord trial) {
                System.out.println("intermediate " + trial.intermediates().size());
            }

            @Override
            public void onTrialEnded(TrialRecord trial) {
                System.out.println("ended " + trial.id());
            }
        });
        System.out.println("id " + exp.id());
        exp.run();
        System.out.println("done");
    }
}
