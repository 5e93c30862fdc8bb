package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * How a label's logits become its candidates' weights in a mixed block for one step: softmax
 * (DARTS), the soft Gumbel-softmax (GumbelDARTS) or sampled binary gates (Proxyless).
 */
interface Relaxation {
    /** softmax(alpha): DARTS's relaxation. */
    Relaxation SOFTMAX = logits -> logits.softmax(0);

    /** The weights of the candidates, differentiable in {@code logits} (a 1-D array). */
    NDArray weights(NDArray logits);

    /** The weights of {@code alpha}'s candidates; a relaxation that draws inputs reads how many it takes. */
    default NDArray weights(ArchitectureParameter alpha, NDArray logits) {
        return weights(logits);
    }

    /**
     * The soft Gumbel-softmax: softmax((alpha + g) / temperature), g a fresh draw of Gumbel(0, 1)
     * noise per label and step. The noise comes from a seeded {@link Random} rather than DJL's
     * generator, so a seed fixes it. The temperature is set per epoch ({@link #temperature}).
     *
     * <p>Not thread-safe: one search draws from it in one thread.
     */
    final class Gumbel implements Relaxation {
        /** NNI's GumbelDARTS defaults: the temperature goes linearly from 1.0 towards 0.33. */
        static final double INITIAL_TEMPERATURE = 1.0;
        static final double FINAL_TEMPERATURE = 0.33;

        private final Random random;
        private double temperature = INITIAL_TEMPERATURE;

        Gumbel(long seed) {
            this.random = new Random(seed);
        }

        /**
         * The temperature of epoch {@code epoch} (from 0) of {@code epochs}, as NNI anneals it:
         * {@code final + (initial - final) * (1 - epoch / epochs)}, so 1.0 in the first epoch and
         * just above 0.33 in the last.
         */
        static double temperature(int epoch, int epochs) {
            return FINAL_TEMPERATURE + (INITIAL_TEMPERATURE - FINAL_TEMPERATURE) * (1 - (double) epoch / epochs);
        }

        double temperature() {
            return temperature;
        }

        void setTemperature(double temperature) {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            }
            this.temperature = temperature;
        }

        @Override
        public NDArray weights(NDArray logits) {
            float[] noise = new float[(int) logits.size()];
            for (int i = 0; i < noise.length; i++) {
                double u = random.nextDouble();
                // nextDouble can return 0, where -log(-log(u)) is -infinity
                noise[i] = (float) -Math.log(-Math.log(Math.max(u, Double.MIN_NORMAL)));
            }
            NDManager step = logits.getManager();
            // the temperature as an array of the step, not a Number: DJL makes a number a tensor over
            // a Java buffer that it frees right after the division, and the backward pass of the
            // division reads it again: once the garbage collector reuses that memory, the logits'
            // gradient is infinite and Adam makes them NaN (GumbelDartsTest)
            return logits.add(step.create(noise)).div(step.create((float) temperature)).softmax(0);
        }
    }
}
