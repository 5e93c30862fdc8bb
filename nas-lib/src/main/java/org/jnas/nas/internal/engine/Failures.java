package org.jnas.nas.internal.engine;

import ai.djl.engine.EngineException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;

/** What an exception out of a trial means: the engine's one place for it. */
final class Failures {
    private Failures() {}

    /** True when {@code e} is, or was caused by, the interruption of the trial's thread. */
    static boolean isInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The error text of a failed trial: a hint for known causes, then the stack trace. */
    static String describe(Throwable e) {
        String hint = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError
                    || (t instanceof EngineException && message.toLowerCase(Locale.ROOT).contains("out of memory"))) {
                hint = "out of memory: lower the batch size, the model size or trialConcurrency\n";
                break;
            }
            if (message.contains("PtGradientCollector is already collecting")) {
                hint = "DJL's stock trainer cannot train in two threads at once: train trial.model()"
                        + " (model.newTrainer(config)) or a ConcurrentModel instead of Model.newInstance(...)\n";
                break;
            }
        }
        return hint + stackTrace(e);
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
