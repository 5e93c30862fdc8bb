package org.jnas.nas.internal.engine;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * Where trials run: the seam between the {@link TrialEngine} (what to run, when to stop it, what
 * its reports mean) and a way of running one trial. {@link #localThreads} runs each trial on a
 * thread of this JVM; other backends run them elsewhere and report the same events.
 */
public interface TrialBackend extends AutoCloseable {

    /** Starts trial {@code id} of {@code sample}; what happens comes back through {@code events}. */
    void launch(long id, Sample sample, TrialEvents events);

    /** Asks a running trial to stop: its evaluator sees {@code isStopRequested()}. */
    void requestStop(long id);

    /**
     * Ends a trial that did not stop within its grace period: interrupts it, stops its code where
     * that can be done ({@link org.jnas.nas.internal.CodeStopper}) and gives up on it. Its events
     * after this are dropped by the engine. Waits a moment for the trial's code to end.
     *
     * @return whether its code ended, or still runs (ignoring the interrupt, and not stoppable)
     */
    Cancelled cancel(long id);

    /** Cancelled trials whose code still runs here, taking CPU or a device ({@link #cancel}); 0 when none. */
    default int runawayTrials() {
        return 0;
    }

    /**
     * How a {@link #cancel} went.
     *
     * @param stillRuns true when the trial's code did not end
     * @param where where it runs, e.g. its thread's name ("" when unknown)
     */
    record Cancelled(boolean stillRuns, String where) {
        /** The trial's code has ended (or never ran). */
        public static final Cancelled ENDED = new Cancelled(false, "");

        /** The trial's code still runs, on {@code where}. */
        public static Cancelled stillRunning(String where) {
            return new Cancelled(true, where);
        }
    }

    /**
     * After a restart: the trials of {@code unfinished} that still run somewhere, whose events now
     * go to {@code events.apply(id)}. Trials of local threads ended with their process: the
     * default finds none.
     */
    default Set<Long> reattach(Collection<TrialRecord> unfinished, LongFunction<TrialEvents> events) {
        return Set.of();
    }

    /** Releases the backend (threads, settings it changed); trials still running are abandoned. */
    @Override
    void close();

    /**
     * Trials on daemon threads of this JVM: each gets the least busy of {@code devices} and a
     * fresh block from {@code builder}, and runs {@code evaluator}. On the CPU each trial's PyTorch
     * intra-op threads are {@code intraOpThreads}, or with 0 the cores divided among the trials
     * running at once ({@code trialConcurrency}); the count PyTorch had before is put back when
     * the backend closes. The threads are JNAS's trial threads, kept and shared by every
     * experiment of this JVM.
     */
    static TrialBackend localThreads(String name, Function<Sample, Block> builder, TrialEvaluator evaluator,
            List<Device> devices, int intraOpThreads, IntSupplier trialConcurrency) {
        return new LocalThreads(name, builder, evaluator, devices, intraOpThreads, trialConcurrency,
                TrialThreads.shared());
    }
}
