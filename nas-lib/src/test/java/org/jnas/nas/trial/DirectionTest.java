package org.jnas.nas.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

class DirectionTest {

    private static TrialRecord trial(long id, TrialStatus status, double metric) {
        return new TrialRecord(id, Sample.empty(), status, Optional.empty(), Instant.EPOCH, Optional.empty(),
                Optional.empty(), List.of(), Double.isNaN(metric) && id % 2 == 0 ? Map.of() : Map.of(TrialRecord.DEFAULT_METRIC, metric),
                Optional.empty(), List.of());
    }

    /** Ties, NaN, infinities, missing metrics and other statuses, in shuffled id order. */
    private static List<TrialRecord> mixed() {
        Random rnd = new Random(3);
        List<TrialRecord> out = new ArrayList<>();
        for (long id = 1; id <= 500; id++) {
            double metric = switch (rnd.nextInt(8)) {
                case 0 -> Double.NaN;
                case 1 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                default -> rnd.nextInt(20) / 20.0; // many ties
            };
            TrialStatus status = rnd.nextInt(6) == 0 ? TrialStatus.FAILED : TrialStatus.SUCCEEDED;
            out.add(trial(id, status, metric));
        }
        java.util.Collections.shuffle(out, rnd);
        return out;
    }

    @Test
    void bestIsTheRankingsHeadOfTheSucceededTrialsWithAFiniteMetric() {
        List<TrialRecord> trials = mixed();
        for (Direction d : Direction.values()) {
            List<TrialRecord> ranked = trials.stream()
                    .filter(t -> t.status() == TrialStatus.SUCCEEDED && t.metric().isPresent()
                            && Double.isFinite(t.metric().getAsDouble()))
                    .sorted(d.ranking()).toList();
            for (int k : new int[] {0, 1, 2, 20, ranked.size(), ranked.size() + 5}) {
                assertEquals(ranked.subList(0, Math.min(k, ranked.size())), d.best(trials, k), d + " k=" + k);
            }
        }
        assertEquals(List.of(), Direction.MAXIMIZE.best(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> Direction.MAXIMIZE.best(trials, -1));
    }
}
