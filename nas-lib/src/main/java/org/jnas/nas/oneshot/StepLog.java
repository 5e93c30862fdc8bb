package org.jnas.nas.oneshot;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Says in a supernet trial's log how far a long epoch is, at most once every {@link #EVERY}: a
 * supernet epoch on a real dataset takes minutes, and its result comes only at its end. The first
 * step trained says it too, so the log tells at once how many steps an epoch has; after that, an
 * epoch shorter than {@link #EVERY} logs nothing more than its end.
 */
final class StepLog {
    static final Duration EVERY = Duration.ofSeconds(30);

    private final LongSupplier nanoTime;
    private final int epochs;
    private long last;
    private boolean stepped;

    /**
     * @param nanoTime the clock ({@code System::nanoTime}; a test's own)
     * @param epochs the epochs the search is to train
     */
    StepLog(LongSupplier nanoTime, int epochs) {
        this.nanoTime = nanoTime;
        this.epochs = epochs;
        this.last = nanoTime.getAsLong();
    }

    /**
     * After step {@code step} (from 1) of the {@code steps} of epoch {@code epoch} (from 0): the
     * line to log, e.g. {@code epoch 2/12: 37 of 64 steps}, at the first step and when the last line
     * was {@link #EVERY} ago.
     */
    Optional<String> stepped(int epoch, long step, long steps) {
        long now = nanoTime.getAsLong();
        if (stepped && now - last < EVERY.toNanos()) {
            return Optional.empty();
        }
        stepped = true;
        last = now;
        return Optional.of("epoch " + (epoch + 1) + "/" + epochs + ": " + step + " of " + steps + " steps");
    }

    /** At an epoch's end, which logs its own line: the next comes {@link #EVERY} after it. */
    void epochEnded() {
        last = nanoTime.getAsLong();
    }
}
