package org.jnas.nas.trial;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Map;
import org.jnas.nas.space.Sample;

/**
 * What a trial's evaluator gets: a fresh model of the trial's architecture, the device to train
 * on, and the ways to report results, log and notice a stop request.
 *
 * <p>Everything native a trial creates from {@link #manager()} or {@link #model()} is closed when
 * the trial ends.
 */
public interface TrialContext {

    /** The trial's id in its experiment (1, 2, ...). */
    long id();

    /** The architecture this trial trains. */
    Sample sample();

    /** The device this trial was given: a GPU of its own where there are GPUs, else the CPU. */
    Device device();

    /**
     * A fresh DJL model on {@link #device()} holding a new block of this trial's architecture.
     * Trainers made with {@code model.newTrainer(config)} can train at the same time as other
     * trials' trainers (DJL's stock PyTorch trainer cannot). Closed when the trial ends.
     */
    Model model();

    /** The fresh block of this trial's architecture (the one inside {@link #model()}). */
    Block block();

    /** The trial's own NDManager, closed when the trial ends. */
    NDManager manager();

    /** Reports an intermediate result (the default metric), e.g. validation accuracy after an epoch. */
    default void reportIntermediate(double metric) {
        reportIntermediate(Map.of(TrialRecord.DEFAULT_METRIC, metric));
    }

    /** Reports several intermediate metrics; the map must hold {@code "default"}. */
    void reportIntermediate(Map<String, ? extends Number> metrics);

    /** Reports the final result (the default metric). Reporting again replaces it. */
    default void reportFinal(double metric) {
        reportFinal(Map.of(TrialRecord.DEFAULT_METRIC, metric));
    }

    /** Reports several final metrics; the map must hold {@code "default"}. */
    void reportFinal(Map<String, ? extends Number> metrics);

    /**
     * Says how far the trial's training has got within its epochs, e.g. after each batch; the
     * progress line and the dashboard show it while the trial runs, so that an epoch of minutes
     * is seen to move. Cheap enough to call every batch; not kept once the trial ends (its
     * intermediate results are what stays). The built-in evaluators call it.
     */
    void reportProgress(TrainingProgress progress);

    /** Appends a line to the trial's log (shown in the dashboard's trial detail). */
    void log(String format, Object... args);

    /**
     * True once the experiment is stopping, the trial exceeded its maximum duration, or early
     * stopping decided against it; a well-behaved evaluator returns soon after.
     */
    boolean isStopRequested();
}
