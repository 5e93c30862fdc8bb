package org.jnas.nas.trial;

import java.util.Map;
import java.util.Objects;
import org.jnas.nas.space.Sample;

/**
 * NNI-style static reporting for code that runs inside a trial ({@code nni.report_final_result}
 * and friends): these methods find the trial of the calling thread. Prefer the
 * {@link TrialContext} the evaluator receives; these exist for code ported from NNI and for
 * helper methods that do not get the context passed in.
 *
 * <p>They work only in the thread that runs a trial's evaluator (see {@link #runTrial}); from any
 * other thread they throw an {@link IllegalStateException}.
 */
public final class Nas {
    private static final ThreadLocal<TrialContext> CURRENT = new ThreadLocal<>();

    private Nas() {}

    /**
     * Runs {@code evaluator} on {@code trial} in the calling thread, with the static methods of
     * this class bound to {@code trial} until it returns: what every trial runner does.
     */
    public static void runTrial(TrialContext trial, TrialEvaluator evaluator) throws Exception {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(evaluator, "evaluator");
        TrialContext outer = CURRENT.get();
        CURRENT.set(trial);
        try {
            evaluator.evaluate(trial);
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The trial of the calling thread. */
    public static TrialContext currentTrial() {
        TrialContext trial = CURRENT.get();
        if (trial == null) {
            throw new IllegalStateException("not inside a trial: Nas.* reporting works only in the thread running a"
                    + " trial's evaluator (thread '" + Thread.currentThread().getName() + "'); use the TrialContext instead");
        }
        return trial;
    }

    /** The architecture of the calling thread's trial (NNI's {@code get_current_parameter}). */
    public static Sample currentSample() {
        return currentTrial().sample();
    }

    /** Reports an intermediate result of the calling thread's trial. */
    public static void reportIntermediateResult(double metric) {
        currentTrial().reportIntermediate(metric);
    }

    /** Reports intermediate metrics of the calling thread's trial; the map must hold "default". */
    public static void reportIntermediateResult(Map<String, ? extends Number> metrics) {
        currentTrial().reportIntermediate(metrics);
    }

    /** Reports the final result of the calling thread's trial. */
    public static void reportFinalResult(double metric) {
        currentTrial().reportFinal(metric);
    }

    /** Reports final metrics of the calling thread's trial; the map must hold "default". */
    public static void reportFinalResult(Map<String, ? extends Number> metrics) {
        currentTrial().reportFinal(metrics);
    }
}
