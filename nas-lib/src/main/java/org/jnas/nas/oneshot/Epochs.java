package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** One epoch of a one-shot search: pairs of an architecture batch and a weight batch, until either half runs out. */
final class Epochs {
    private Epochs() {
    }

    /**
     * Refuses warm-up that leaves no epoch to learn the architecture in: its probabilities would
     * stay uniform, and the export would be a tie broken by candidate order.
     *
     * @throws IllegalArgumentException naming both settings
     */
    static void requireArchitectureEpochs(String search, int epochs, int warmupEpochs) {
        if (warmupEpochs >= epochs) {
            throw new IllegalArgumentException("warmupEpochs(" + warmupEpochs + ") leaves none of the " + epochs
                    + " epochs to learn the architecture in, so " + search + " would export a uniform, untrained choice:"
                    + " give fewer warmupEpochs than epochs");
        }
    }

    /**
     * Runs epoch {@code epoch}'s steps (from 0), counting each in {@code trace}, and returns the
     * search's {@code step} by the epoch's end, the mean {@code weight_loss} and, when
     * {@code learnArchitecture}, the mean of the architecture step's value.
     *
     * @throws CancellationException between two batches, when the thread is interrupted or the hook asks to stop
     * @throws ArithmeticException at the first step whose loss is not finite
     */
    static Map<String, Double> run(Trainer trainer, BatchSteps steps, NDManager arrays,
            RandomAccessDataset weightData, RandomAccessDataset architectureData, boolean learnArchitecture,
            int epoch, EpochHook hook, ProbabilityTrace trace) {
        Iterator<Batch> weightBatches = batches(trainer, weightData).iterator();
        Iterator<Batch> architectureBatches = batches(trainer, architectureData).iterator();
        double weightLoss = 0;
        double architectureLoss = 0;
        int count = 0;
        while (weightBatches.hasNext() && architectureBatches.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                // a notebook's interrupt, or the program's: stop between batches, the supernet left as it is
                throw new CancellationException("the one-shot search was interrupted");
            }
            if (hook != null && hook.stopRequested()) {
                throw new CancellationException("the one-shot search was told to stop");
            }
            try (Batch w = weightBatches.next(); Batch a = architectureBatches.next()) {
                if (learnArchitecture) {
                    architectureLoss += finite(steps.architectureStep(arrays, a, w), steps.architectureMetric(), epoch, count);
                }
                weightLoss += finite(steps.weightStep(arrays, w), "weight_loss", epoch, count);
                count++;
            }
            trace.stepped();
            if (hook != null) {
                hook.stepped(epoch, count, trace.stepsPerEpoch());
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ProbabilityTrace.STEP, (double) trace.step());
        metrics.put("weight_loss", weightLoss / count);
        if (learnArchitecture) {
            metrics.put(steps.architectureMetric(), architectureLoss / count);
        }
        return metrics;
    }

    /**
     * {@code value}, when finite. A loss that is not has diverged, and every probability and export
     * after it would be noise (an argmax of NaN is the first candidate), so the search stops here,
     * before the epoch is recorded or checkpointed.
     */
    private static float finite(float value, String metric, int epoch, int step) {
        if (!Float.isFinite(value)) {
            throw Supernet.diverged(metric + " is " + value + " at step " + (step + 1) + " of epoch " + (epoch + 1),
                    "weightLearningRate (or architectureLearningRate) and keep gradientClip on");
        }
        return value;
    }

    static Iterable<Batch> batches(Trainer trainer, RandomAccessDataset data) {
        try {
            return trainer.iterateDataset(data);
        } catch (IOException | TranslateException e) {
            // in-memory datasets do not throw these; a later data source might
            throw new IllegalStateException("cannot read the training data: " + e.getMessage(), e);
        }
    }

}
