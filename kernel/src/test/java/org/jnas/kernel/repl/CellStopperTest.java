package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;

/** A stop is for the cell it was asked for, however soon the next cell starts. */
class CellStopperTest {

    /**
     * Cell 1 is stopped and ends on its own a little later (as a stop that lands while a cell
     * compiles does), so the stop is repeated while it runs; cell 2 starts at once and runs for
     * many repeat intervals. Before the repeat checked which cell runs, it could stop cell 2.
     */
    @RepeatedTest(3)
    void aStopRepeatedForACellThatHasEndedNeverStopsTheNextCell() {
        AtomicReference<String> running = new AtomicReference<>("none");
        List<String> stopped = new CopyOnWriteArrayList<>();
        CellStopper stopper = new CellStopper(() -> stopped.add(running.get()));
        stopper.run(() -> {
            running.set("cell 1");
            stopper.stop();
            assertTrue(stopper.requested());
            pause(22);
            running.set("none");
            return CellResult.empty();
        });
        assertFalse(stopper.requested(), "an ended cell's stop is over");
        stopper.run(() -> {
            running.set("cell 2");
            pause(100);
            running.set("none");
            return CellResult.empty();
        });
        assertEquals("cell 1", stopped.get(0));
        assertFalse(stopped.contains("cell 2"), "stops: " + stopped);
        assertTrue(stopped.size() >= 2, "the stop was repeated while cell 1 ran: " + stopped);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
