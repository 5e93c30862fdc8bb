package org.jnas.nas.evaluator;

import ai.djl.training.loss.Loss;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Makes a fresh training loss for each trial, e.g. {@code Loss::l1Loss}. It is
 * {@link Serializable}, so a method reference or a lambda capturing only serializable values ships
 * to cluster jobs with its evaluator.
 */
@FunctionalInterface
public interface LossFactory extends Supplier<Loss>, Serializable {
}
