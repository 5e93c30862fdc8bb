package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jnas.nas.space.Sample;

/**
 * What a one-shot search leaves: the architecture it exports, the probabilities it learned, and
 * its losses per epoch.
 *
 * @param sample the most likely architecture (each label's most probable candidate; for ENAS's
 *     LSTM, whose labels depend on each other, the most likely whole architecture), a sample of
 *     the searched space: {@code space.instantiate(sample)} builds it to retrain, and the
 *     multi-trial exporters take it as they take any sample
 * @param probabilities per label, in the order the space meets the labels, softmax of its
 *     architecture parameters in candidate order (per layer candidate, per depth of a repeat, per
 *     input of an input choice); each list sums to 1
 * @param epochs per epoch, in order: {@code weight_loss} (mean over the weight steps) and, once
 *     warm-up is over, {@code architecture_loss} (mean over the architecture steps; ENAS's
 *     {@code reward} instead, the mean reward of its controller steps); GumbelDARTS and GDAS add the
 *     epoch's {@code temperature}, a cost penalty the epoch's {@code expected_cost}; {@code step}
 *     is the steps taken by the epoch's end, each a weight batch and its paired architecture batch
 * @param ranking RandomOneShot's architectures ranked by accuracy with the supernet's weights,
 *     best first; empty for the other strategies
 */
public record OneShotResult(Sample sample, Map<String, List<Double>> probabilities, List<Map<String, Double>> epochs,
        List<Ranked> ranking) {

    /**
     * An architecture scored with the supernet's weights, without training it.
     *
     * @param sample the architecture, a sample of the searched space
     * @param accuracy the fraction of the architecture half of the training data it classifies right
     */
    public record Ranked(Sample sample, double accuracy) {
        public Ranked {
            Objects.requireNonNull(sample, "sample");
        }
    }

    public OneShotResult {
        ranking = List.copyOf(ranking);
        Objects.requireNonNull(sample, "sample");
        Map<String, List<Double>> p = new LinkedHashMap<>();
        probabilities.forEach((label, values) -> p.put(label, List.copyOf(values)));
        probabilities = Collections.unmodifiableMap(p);
        List<Map<String, Double>> e = new ArrayList<>();
        epochs.forEach(m -> e.add(Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        epochs = List.copyOf(e);
    }
}
