package org.jnas.nas;

import java.nio.file.Path;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.trial.TrialRecord;

/** A one-shot search of 3 epochs that prints each epoch as it ends; {@link OneShotKillTest} kills it after the first. */
public final class KilledOneShotMain {
    private KilledOneShotMain() {}

    public static void main(String[] args) throws Exception {
        Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(4000),
                OneShot.darts().epochs(3));
        exp.config().name("killed_one_shot").devicePolicy(DevicePolicy.CPU).home(Path.of(args[0]));
        exp.addListener(new ExperimentListener() {
            @Override
            public void onIntermediate(TrialRecord trial) {
                System.out.println("epoch " + trial.intermediates().size());
            }
        });
        System.out.println("id " + exp.id());
        exp.run();
        System.out.println("done");
    }
}
