package org.jnas.nas.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-parameter arrays a DJL optimiser keeps: Sgd's momentum, Adam's means and variances,
 * and so on, each in a map from parameter id (to a map from device) to array.
 *
 * <p>Why this exists: DJL 0.36 makes those arrays with {@code Optimizer.withDefaultState}, which
 * detaches them from every manager. Closing the model does not free them and nothing else does,
 * so every trained model left its optimiser's state in native memory (with Adam twice the size of
 * its weights): a search of thousands of trials grew by that much per trial. DJL offers no way to
 * reach them, so this reads the optimiser's map fields; if a DJL version changes them, nothing is
 * found and the test of {@link ConcurrentModel} says so.
 */
final class OptimizerStates {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizerStates.class);

    private OptimizerStates() {}

    /** The open arrays {@code optimizer} keeps for the parameters {@code parameterIds}. */
    static List<NDArray> of(Optimizer optimizer, Collection<String> parameterIds) {
        List<NDArray> arrays = new ArrayList<>();
        forEachState(optimizer, parameterIds, (map, id) -> collect(map.get(id), arrays));
        return arrays;
    }

    /**
     * Closes and forgets what {@code optimizer} keeps for {@code parameterIds} (states and update
     * counts); what it keeps for other parameters (another model training with the same optimiser)
     * stays.
     */
    static void release(Optimizer optimizer, Collection<String> parameterIds) {
        List<NDArray> arrays = new ArrayList<>();
        forEachState(optimizer, parameterIds, (map, id) -> collect(map.remove(id), arrays));
        arrays.forEach(NDArray::close);
    }

    private static void forEachState(Optimizer optimizer, Collection<String> parameterIds,
            BiConsumer<Map<?, ?>, String> action) {
        for (Class<?> c = optimizer.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || !Map.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                Map<?, ?> map;
                try {
                    field.setAccessible(true);
                    map = (Map<?, ?>) field.get(optimizer);
                } catch (InaccessibleObjectException | IllegalAccessException e) {
                    LOG.debug("optimiser state {}.{} not reachable: {}", c.getName(), field.getName(), e.toString());
                    continue;
                }
                if (map != null) {
                    parameterIds.forEach(id -> action.accept(map, id));
                }
            }
        }
    }

    private static void collect(Object state, List<NDArray> arrays) {
        if (state instanceof NDArray array) {
            if (!array.isReleased()) {
                arrays.add(array);
            }
        } else if (state instanceof Map<?, ?> byDevice) {
            byDevice.values().forEach(value -> collect(value, arrays));
        }
    }
}
