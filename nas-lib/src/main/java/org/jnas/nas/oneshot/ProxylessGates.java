package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * ProxylessNAS's binary gates as the mixing of a supernet's architecture step: per label one path
 * is drawn from p = softmax(alpha) (an input choice's k inputs without replacement), and the mixed
 * blocks get the weights {@code gates + p - stopGradient(p)}, where {@code gates} is the one-hot of
 * the drawn candidate (k-hot divided by k for an input choice of k, so that the gates sum to 1 as
 * p does).
 *
 * <p>In the forward pass {@code p - stopGradient(p)} is exactly 0, so the output is the drawn
 * path's alone. In the backward pass a mixed block's output {@code y = sum_j w_j out_j} gives
 * {@code dL/dalpha_i = sum_j <dL/dy, out_j> p_j (delta_ij - p_i)}: ProxylessNAS's estimator, with
 * {@code <dL/dy, out_j>} the gradient of the loss with respect to gate j. NNI computes the same with a
 * custom autograd function; DJL has none, hence this surrogate. Every candidate runs in the
 * architecture step, as in NNI (which re-runs the other paths for the estimator); the weights are
 * frozen there, and the weight step runs the drawn path alone.
 *
 * <p>One path per step, as NNI's implementation does, not the paper's two candidates per update
 * (which saves memory on large supernets at the price of a biased, rescaled update).
 */
final class ProxylessGates implements Relaxation {
    private final Random random;

    /** Draws from {@code random}, which a search seeds. */
    ProxylessGates(Random random) {
        this.random = random;
    }

    @Override
    public NDArray weights(NDArray logits) {
        return gates(logits, 1);
    }

    @Override
    public NDArray weights(ArchitectureParameter alpha, NDArray logits) {
        return gates(logits, alpha.numChosen());
    }

    private NDArray gates(NDArray logits, int chosen) {
        NDArray p = logits.softmax(0);
        float[] probabilities = p.toFloatArray();
        List<Double> values = new ArrayList<>(probabilities.length);
        for (float v : probabilities) {
            values.add((double) v);
        }
        float[] gates = new float[probabilities.length];
        for (int i : PolicySampling.draw(values, chosen, random)) {
            gates[i] = 1f / chosen;
        }
        return logits.getManager().create(gates).add(p.sub(p.stopGradient()));
    }
}
