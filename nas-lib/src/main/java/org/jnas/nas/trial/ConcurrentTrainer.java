package org.jnas.nas.trial;

import ai.djl.Model;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;

/**
 * A DJL {@link Trainer} that several threads can use at once, each with its own trainer: its
 * {@link #newGradientCollector()} records gradients with PyTorch's per-thread grad mode only and
 * zeroes only this trainer's parameters. {@code EasyTrain.fit} and hand-written loops that call
 * {@code trainer.newGradientCollector()} work unchanged. Made by {@link ConcurrentModel#newTrainer}.
 */
class ConcurrentTrainer extends Trainer {

    /** A trainer of {@code model} (prefer {@code model.newTrainer(config)} on a ConcurrentModel). */
    public ConcurrentTrainer(Model model, TrainingConfig trainingConfig) {
        super(model, trainingConfig);
    }

    @Override
    public GradientCollector newGradientCollector() {
        return new ThreadGradientCollector(getModel().getBlock());
    }
}
