package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * GDAS's hard Gumbel-softmax, straight through: with y the soft Gumbel-softmax of the logits (its
 * noise and temperature those of {@link Relaxation.Gumbel}), the mixed blocks get
 * {@code gates + y - stopGradient(y)}, where {@code gates} is the one-hot of y's argmax (an input
 * choice of k: its k largest, each at 1/k, so that the gates sum to 1 as y does). The forward
 * pass is the chosen path's output alone; the backward pass gives the logits the soft
 * Gumbel-softmax's gradient.
 */
final class HardGumbel implements Relaxation {
    private final Relaxation.Gumbel soft;

    HardGumbel(Relaxation.Gumbel soft) {
        this.soft = soft;
    }

    @Override
    public NDArray weights(NDArray logits) {
        return hard(soft.weights(logits), 1);
    }

    @Override
    public NDArray weights(ArchitectureParameter alpha, NDArray logits) {
        return hard(soft.weights(logits), alpha.numChosen());
    }

    private static NDArray hard(NDArray y, int chosen) {
        float[] values = y.toFloatArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(values[b], values[a]));
        float[] gates = new float[values.length];
        for (int i : order.subList(0, chosen)) {
            gates[i] = 1f / chosen;
        }
        // y - stopGradient(y) is exactly 0, so the forward value is exactly the gates
        return y.sub(y.stopGradient()).add(y.getManager().create(gates));
    }
}
