package org.jnas.nas.evaluator;

import ai.djl.training.loss.Loss;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.trial.TrialContext;

/** A built-in evaluator: a trial is one run of its training loop, and a supernet reads the loop's settings. */
abstract class LoopEvaluator implements SupervisedEvaluator {
    private final TrainingLoop loop;

    LoopEvaluator(TrainingLoop loop) {
        this.loop = loop;
    }

    @Override
    public void evaluate(TrialContext trial) throws Exception {
        loop.run(trial);
    }

    @Override
    public TrainTestData trainTestData() throws Exception {
        return loop.data().arrays();
    }

    @Override
    public int batchSize() {
        return loop.settings().batchSize();
    }

    @Override
    public Loss newLoss() {
        return loop.newLoss();
    }
}
