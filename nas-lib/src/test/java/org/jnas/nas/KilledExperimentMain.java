package org.jnas.nas;

import java.nio.file.Path;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * Runs the quickstart search with a fast fake evaluator in its own JVM, printing a line after each
 * reported result has returned, until {@link ExperimentKillTest} kills it with SIGKILL.
 * Arguments: the JNAS home.
 */
public final class KilledExperimentMain {
    private KilledExperimentMain() {}

    public static void main(String[] args) throws Exception {
        Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            double target = Quickstart.score(trial.sample());
            for (int step = 0; step < 5; step++) {
                double value = target * (step + 1) / 6;
                trial.reportIntermediate(value);
                System.out.println("intermediate " + trial.id() + " " + step + " " + value);
                Thread.sleep(40);
            }
            trial.reportFinal(target);
            System.out.println("final " + trial.id() + " " + target);
            Thread.sleep(20); // work after the final report (saving a model, ...): a kill may land here
        }), Strategy.random());
        exp.config().name("killed").trialConcurrency(2).maxTrials(18).seed(3).home(Path.of(args[0]));
        exp.addListener(new ExperimentListener() {
            @Override
            public void onTrialEnded(TrialRecord trial) {
                System.out.println("ended " + trial.id() + " " + trial.metric().orElse(Double.NaN));
            }
        });
        System.out.println("id " + exp.id());
        exp.run();
        System.out.println("done");
    }
}
