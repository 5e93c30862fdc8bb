package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.ConcurrentModel;
import org.junit.jupiter.api.Test;

/**
 * Second-order DARTS's architecture gradient against a finite difference of the function it
 * differentiates, alpha -> L_val(w - xi * (momentum * v + dL_train(w, alpha)/dw + wd * w), alpha),
 * computed here without {@link UnrolledArchitectureStep}.
 */
class UnrolledArchitectureStepTest {
    /** Large enough that the Hessian term is a sizeable part of the gradient, so a wrong one fails. */
    private static final float XI = 2f;
    private static final float MOMENTUM = 0.9f;
    private static final float WEIGHT_DECAY = 0.01f;
    private static final float H = 1e-2f;
    /**
     * Relative to the gradient's norm. The error measured is about 3e-4; a flipped sign of the
     * Hessian term gives 0.54 here, a finite difference over eps instead of 2 eps 0.27.
     */
    private static final double TOLERANCE = 1e-2;

    /** Smooth candidates (tanh, no BatchNorm or dropout), so the loss is a deterministic function of w and alpha. */
    private static ModelSpace space() {
        return ModelSpace.define("unrolled", s -> new SequentialBlock()
                .add(s.layerChoice("first",
                        () -> Linear.builder().setUnits(6).build(),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(Activation.tanhBlock())))
                .add(Activation.tanhBlock())
                .add(s.layerChoice("second",
                        () -> Linear.builder().setUnits(3).build(),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(Activation.tanhBlock()),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(Activation.sigmoidBlock()))));
    }

    @Test
    void theUnrolledGradientIsTheDerivativeOfTheValidationLossAfterTheVirtualStep() {
        Supernet supernet = Supernet.build(space(), 7);
        setLogits(supernet, Map.of("first", new float[] {0.3f, -0.2f}, "second", new float[] {0.1f, -0.4f, 0.2f}));
        try (ConcurrentModel model = ConcurrentModel.newInstance("unrolled", Device.cpu());
                NDManager arrays = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(supernet.block());
            WeightSgd settings = new WeightSgd(XI, MOMENTUM, WEIGHT_DECAY);
            Sgd sgd = settings.build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                model.getNDManager().getEngine().setRandomSeed(7);
                trainer.initialize(new Shape(16, 4));
                DartsSteps steps = new DartsSteps(supernet, trainer, sgd, 3e-4, 0, Relaxation.SOFTMAX);
                Random random = new Random(11);
                NDList[] first = batch(arrays, random);
                NDList[] train = batch(arrays, random);
                NDList[] val = batch(arrays, random);
                List<Parameter> weights = steps.weights();

                // one real weight step fills the momentum buffers: from zero, v = (w0 - w1) / xi
                List<float[]> w0 = values(weights);
                steps.weightStep(arrays, first[0], first[1]);
                List<float[]> w1 = values(weights);
                List<float[]> v = new ArrayList<>();
                for (int i = 0; i < w0.size(); i++) {
                    float[] m = new float[w0.get(i).length];
                    for (int j = 0; j < m.length; j++) {
                        m[j] = (w0.get(i)[j] - w1.get(i)[j]) / XI;
                    }
                    v.add(m);
                }

                UnrolledArchitectureStep unrolled = steps.unrolled(sgd, settings);
                UnrolledArchitectureStep.Gradient full = unrolled.gradient(arrays, val[0], val[1], train[0], train[1]);
                Map<String, float[]> gradient = full.byLabel();

                List<float[]> after = values(weights);
                for (int i = 0; i < weights.size(); i++) {
                    assertArrayEquals(w1.get(i), after.get(i), "the unrolled step leaves " + weights.get(i).getName()
                            + " bit for bit as it was");
                    assertTrue(weights.get(i).requiresGradient(), weights.get(i).getName() + " learns again");
                    assertFalse(DartsStepsTest.hasNonZeroGradient(weights.get(i)), weights.get(i).getName() + " keeps no gradient");
                }

                Reference reference = new Reference(supernet, trainer, weights, w1, v, arrays);
                assertEquals(reference.validationLossAfterVirtualStep(train, val), full.loss(), 1e-5,
                        "the virtual step is the SGD step that comes next, momentum and weight decay included");
                Map<String, float[]> finiteDifference = reference.finiteDifference(train, val);
                Map<String, float[]> firstTerm = reference.validationGradientAtVirtualWeights(train, val);
                double error = distance(gradient, finiteDifference);
                double scale = norm(finiteDifference);
                assertTrue(error <= TOLERANCE * scale, "unrolled " + show(gradient) + " against the finite difference "
                        + show(finiteDifference) + ": error " + error + " of " + scale);
                // the test's power: without the Hessian term, the gradient would fail it
                assertTrue(distance(firstTerm, finiteDifference) > 3 * TOLERANCE * scale,
                        "the Hessian term matters here: " + show(firstTerm) + " against " + show(finiteDifference));
            }
        }
    }

    @Test
    void unrolledIsASettingOfDartsAlone() {
        var data = OneShotSearchTest.planted(64, 1);
        OneShotSearch.darts(space(), data).unrolled(true).unrolled(false);
        IllegalStateException gumbel = assertThrows(IllegalStateException.class,
                () -> OneShotSearch.gumbelDarts(space(), data).unrolled(true));
        assertTrue(gumbel.getMessage().contains("unrolled"), gumbel.getMessage());
        assertThrows(IllegalStateException.class, () -> OneShotSearch.enas(space(), data).unrolled(true));
        assertThrows(IllegalStateException.class, () -> OneShotSearch.randomOneShot(space(), data).unrolled(true));
        OneShot.darts().unrolled(true);
        IllegalStateException gdas = assertThrows(IllegalStateException.class, () -> OneShot.gdas().unrolled(true));
        assertTrue(gdas.getMessage().contains("GDAS"), gdas.getMessage());
        assertThrows(IllegalStateException.class, () -> OneShot.proxyless().unrolled(true));
    }

    /** The function the unrolled gradient differentiates, evaluated directly. */
    private record Reference(Supernet supernet, Trainer trainer, List<Parameter> weights, List<float[]> w,
            List<float[]> v, NDManager arrays) {

        Map<String, float[]> finiteDifference(NDList[] train, NDList[] val) {
            Map<String, float[]> derivative = new LinkedHashMap<>();
            supernet.parameters().forEach((label, alpha) -> {
                float[] logits = alpha.logits();
                float[] d = new float[logits.length];
                for (int i = 0; i < logits.length; i++) {
                    float[] plus = logits.clone();
                    plus[i] += H;
                    float[] minus = logits.clone();
                    minus[i] -= H;
                    setLogits(alpha, plus);
                    double up = validationLossAfterVirtualStep(train, val);
                    setLogits(alpha, minus);
                    double down = validationLossAfterVirtualStep(train, val);
                    setLogits(alpha, logits);
                    d[i] = (float) ((up - down) / (2 * H));
                }
                derivative.put(label, d);
            });
            return derivative;
        }

        /** dL_val(w', alpha)/dalpha with w' held fixed: the unrolled gradient without its Hessian term. */
        Map<String, float[]> validationGradientAtVirtualWeights(NDList[] train, NDList[] val) {
            setWeights(virtualWeights(train));
            try (NDManager m = arrays.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                freeze(true);
                supernet.begin(m, true, Relaxation.SOFTMAX);
                collector.backward(loss(val));
                Map<String, float[]> g = new LinkedHashMap<>();
                supernet.parameters().forEach((label, alpha) -> g.put(label, alpha.gradient()));
                return g;
            } finally {
                supernet.end();
                freeze(false);
                setWeights(w);
            }
        }

        private double validationLossAfterVirtualStep(NDList[] train, NDList[] val) {
            setWeights(virtualWeights(train));
            try (NDManager m = arrays.newSubManager()) {
                supernet.begin(m, false, Relaxation.SOFTMAX);
                return loss(val).getFloat();
            } finally {
                supernet.end();
                setWeights(w);
            }
        }

        /** w - xi * (momentum * v + dL_train(w, alpha)/dw + wd * w), in Java arithmetic. */
        private List<float[]> virtualWeights(NDList[] train) {
            List<float[]> next = new ArrayList<>();
            try (NDManager m = arrays.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                supernet.begin(m, false, Relaxation.SOFTMAX);
                collector.backward(loss(train));
                for (int i = 0; i < weights.size(); i++) {
                    float[] g;
                    try (NDArray gradient = weights.get(i).getArray().getGradient()) {
                        g = gradient.toFloatArray();
                        gradient.subi(gradient);
                    }
                    float[] wi = w.get(i);
                    float[] n = new float[wi.length];
                    for (int j = 0; j < n.length; j++) {
                        n[j] = wi[j] - XI * (MOMENTUM * v.get(i)[j] + g[j] + WEIGHT_DECAY * wi[j]);
                    }
                    next.add(n);
                }
            } finally {
                supernet.end();
            }
            return next;
        }

        private NDArray loss(NDList[] batch) {
            ParameterStore store = new ParameterStore(arrays, false);
            return trainer.getLoss().evaluate(batch[1], supernet.block().forward(store, batch[0], true));
        }

        private void setWeights(List<float[]> values) {
            freeze(true);
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).getArray().set(values.get(i));
            }
            freeze(false);
        }

        private void freeze(boolean freeze) {
            weights.forEach(p -> p.freeze(freeze));
        }
    }

    private static NDList[] batch(NDManager arrays, Random random) {
        float[] x = new float[16 * 4];
        float[] y = new float[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(3);
        }
        return new NDList[] {new NDList(arrays.create(x, new Shape(16, 4))), new NDList(arrays.create(y))};
    }

    private static void setLogits(Supernet supernet, Map<String, float[]> logits) {
        logits.forEach((label, l) -> setLogits(supernet.parameters().get(label), l));
    }

    private static void setLogits(ArchitectureParameter alpha, float[] logits) {
        ArchitectureParameter.State s = alpha.state();
        alpha.restore(new ArchitectureParameter.State(logits, s.firstMoment(), s.secondMoment(), s.updates()));
    }

    private static List<float[]> values(List<Parameter> weights) {
        List<float[]> values = new ArrayList<>();
        weights.forEach(p -> values.add(p.getArray().toFloatArray()));
        return values;
    }

    private static double distance(Map<String, float[]> a, Map<String, float[]> b) {
        double sum = 0;
        for (String label : a.keySet()) {
            for (int i = 0; i < a.get(label).length; i++) {
                double d = a.get(label)[i] - b.get(label)[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    private static double norm(Map<String, float[]> a) {
        return distance(a, Map.of("first", new float[2], "second", new float[3]));
    }

    private static String show(Map<String, float[]> g) {
        StringBuilder s = new StringBuilder();
        g.forEach((label, v) -> s.append(label).append(java.util.Arrays.toString(v)).append(' '));
        return s.toString();
    }
}
