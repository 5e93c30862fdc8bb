package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

class WeightKeeperTest {

    private static TrialRecord succeeded(long id, double metric) {
        Instant now = Instant.now();
        return new TrialRecord(id, Sample.of(Map.of("a", id)), TrialStatus.SUCCEEDED, Optional.of("cpu()"), now, Optional.of(now),
                Optional.of(now), List.of(), Map.of(TrialRecord.DEFAULT_METRIC, metric), Optional.empty(), List.of());
    }

    private static Block initializedBlock(NDManager manager) {
        Block block = Linear.builder().setUnits(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    @Test
    void aDivergedTrialIsNeverKept() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initializedBlock(manager);
            WeightKeeper keeper = new WeightKeeper(1, Direction.MAXIMIZE, Optional.empty());
            keeper.offer(succeeded(1, 0.5), block);
            keeper.offer(succeeded(2, Double.POSITIVE_INFINITY), block);
            assertTrue(keeper.get(1).isPresent(), "the best finite trial keeps its weights");
            assertTrue(keeper.get(2).isEmpty(), "an infinite metric ranks nowhere (Direction.best)");
        }
    }

    @Test
    void aTieKeepsTheLowerIdWhateverOrderTheTrialsEndIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initializedBlock(manager);
            WeightKeeper keeper = new WeightKeeper(1, Direction.MAXIMIZE, Optional.empty());
            TrialRecord later = succeeded(2, 0.5);
            TrialRecord earlier = succeeded(1, 0.5);
            keeper.offer(later, block);   // trial 2 ends first...
            keeper.offer(earlier, block); // ...then trial 1 with the same metric
            long best = Direction.MAXIMIZE.best(List.of(later, earlier), 1).get(0).id();
            assertEquals(1, best);
            assertTrue(keeper.get(best).isPresent(), "the best trial's weights are the ones kept");
            assertTrue(keeper.get(2).isEmpty());
            keeper.offer(succeeded(3, 0.5), block); // a later tie with a higher id does not displace it
            assertTrue(keeper.get(1).isPresent());
            assertTrue(keeper.get(3).isEmpty());
        }
    }
}
