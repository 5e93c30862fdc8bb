package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How far a long supernet epoch is, in the trial's log: at most twice a minute. */
class StepLogTest {
    private long now = 1_000_000_000L;

    private void after(long seconds) {
        now += seconds * 1_000_000_000L;
    }

    @Test
    void theFirstStepAndThenALongEpochEveryThirtySecondsSayHowFarTheSearchIs() {
        StepLog log = new StepLog(() -> now, 12);
        after(1);
        assertEquals(Optional.of("epoch 1/12: 1 of 470 steps"), log.stepped(0, 1, 470), "the first step says what an epoch holds");
        after(29);
        assertEquals(Optional.empty(), log.stepped(0, 40, 470), "a step within 30 s of the first line");
        after(1);
        assertEquals(Optional.of("epoch 1/12: 41 of 470 steps"), log.stepped(0, 41, 470));
        after(20);
        assertEquals(Optional.empty(), log.stepped(0, 70, 470), "20 s after the last line");
        after(10);
        assertEquals(Optional.of("epoch 1/12: 71 of 470 steps"), log.stepped(0, 71, 470));
        after(25);
        log.epochEnded(); // which logs its own line
        after(29);
        assertEquals(Optional.empty(), log.stepped(1, 45, 470), "29 s after the epoch's own line");
        after(1);
        assertEquals(Optional.of("epoch 2/12: 46 of 470 steps"), log.stepped(1, 46, 470));
    }
}
