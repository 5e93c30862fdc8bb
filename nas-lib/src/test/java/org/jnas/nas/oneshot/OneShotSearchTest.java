package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DARTS end to end on generated data, what it exports, and what it refuses before training. */
class OneShotSearchTest {

    /** Four classes of 4-feature points, the class the argmax of a fixed linear map. */
    static TrainTestData planted(int size, long seed) {
        Random random = new Random(seed);
        float[][] w = new float[4][4];
        for (float[] row : w) {
            for (int j = 0; j < 4; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        float[] x = new float[size * 4];
        float[] y = new float[size];
        for (int n = 0; n < size; n++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                x[n * 4 + j] = (float) random.nextGaussian();
            }
            for (int c = 0; c < 4; c++) {
                double score = 0;
                for (int j = 0; j < 4; j++) {
                    score += w[c][j] * x[n * 4 + j];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            y[n] = best;
        }
        return ArrayData.of(x, new Shape(4), y).split(0.8, seed);
    }

    /** First-order DARTS, and second-order ({@code unrolled}). */
    @ParameterizedTest(name = "unrolled {0}")
    @ValueSource(booleans = {false, true})
    void dartsPutsTheProbabilityOnTheLinearOfAPlantedChoiceAgainstZero(boolean unrolled) {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1),
                () -> Linear.builder().setUnits(4).build()));
        // warm-up first: a Linear still at its random start makes the loss worse than zeros do
        OneShotResult result = OneShotSearch.darts(space, planted(1280, 3)).unrolled(unrolled)
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3).run();

        List<Double> p = result.probabilities().get("op");
        assertTrue(p.get(1) > 0.5, "the Linear is the more likely candidate: " + p);
        assertEquals(Sample.of(Map.of("op", 1)), result.sample());
        assertEquals(20, result.epochs().size());
        // 1,280 planted examples split 1,024 / 256; halves of 512 in batches of 32: 16 steps an epoch
        assertEquals(Map.of("step", 16.0, "weight_loss", result.epochs().get(0).get("weight_loss")), result.epochs().get(0),
                "no architecture step during warm-up");
        assertEquals(320.0, result.epochs().get(19).get("step"));
        assertTrue(result.epochs().get(19).get("weight_loss") < result.epochs().get(0).get("weight_loss"),
                "the supernet learns: " + result.epochs());
        Block retrainable = space.instantiate(result.sample());
        assertTrue(retrainable instanceof Linear, "the exported sample builds the chosen candidate alone: " + retrainable);
    }

    /** A setting out of range is refused when it is set, in the same words as a search or as an experiment's strategy. */
    @Test
    void aBadSettingIsRefusedWhenSetNamingTheSettingAndTheValue() {
        ModelSpace space = ModelSpace.define("settings", s -> s.layerChoice("op", () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        OneShotSearch search = OneShotSearch.darts(space, planted(8, 1));
        OneShot strategy = OneShot.darts();
        Map<String, List<Executable>> refusals = new LinkedHashMap<>();
        refusals.put("epochs must be >= 1, got 0", List.of(() -> search.epochs(0), () -> strategy.epochs(0)));
        refusals.put("warmupEpochs must be >= 0, got -1", List.of(() -> search.warmupEpochs(-1), () -> strategy.warmupEpochs(-1)));
        refusals.put("weightLearningRate must be > 0, got -0.1",
                List.of(() -> search.weightLearningRate(-0.1f), () -> strategy.weightLearningRate(-0.1f)));
        refusals.put("architectureLearningRate must be > 0, got NaN",
                List.of(() -> search.architectureLearningRate(Double.NaN), () -> strategy.architectureLearningRate(Double.NaN)));
        refusals.put("gradientClip must be >= 0, got -1.0", List.of(() -> search.gradientClip(-1), () -> strategy.gradientClip(-1)));
        refusals.put("costPenalty weight must be finite and >= 0, got Infinity",
                List.of(() -> search.costPenalty(OneShotSearch.Cost.MACS, Double.POSITIVE_INFINITY),
                        () -> strategy.costPenalty(OneShotSearch.Cost.MACS, Double.POSITIVE_INFINITY)));
        refusals.put("batchSize must be >= 1, got 0", List.of(() -> search.batchSize(0)));
        refusals.put("architectures must be >= 1, got 0", List.of(() -> OneShot.randomOneShot().architectures(0)));
        refusals.forEach((message, calls) -> calls.forEach(call ->
                assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage())));
        assertEquals(OneShot.darts().toString(), strategy.toString(), "a refused setting changes nothing");
    }

    @Test
    void aSeedRepeatsTheSearchInitialWeightsAndBatchOrderIncluded() {
        // both candidates have weights, so the probabilities follow their random start and the batch order
        ModelSpace space = ModelSpace.define("seeded", s -> new SequentialBlock()
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(8).build(),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation.reluBlock())))
                .add(Linear.builder().setUnits(4).build()));
        TrainTestData data = planted(256, 4);
        Map<String, List<Double>> first = OneShotSearch.darts(space, data).epochs(2).batchSize(32)
                .architectureLearningRate(3e-2).seed(7).run().probabilities();
        Map<String, List<Double>> again = OneShotSearch.darts(space, data).epochs(2).batchSize(32)
                .architectureLearningRate(3e-2).seed(7).run().probabilities();
        Map<String, List<Double>> otherSeed = OneShotSearch.darts(space, data).epochs(2).batchSize(32)
                .architectureLearningRate(3e-2).seed(8).run().probabilities();

        assertEquals(first, again, "one seed, one search");
        assertTrue(!first.equals(otherSeed), "the seed changes the search: " + first + " " + otherSeed);
    }

    @Test
    void theExportIsTheArgmaxPerLabelAndProbabilitiesSumToOne() {
        ModelSpace space = ModelSpace.define("export", s -> new SequentialBlock()
                .add(s.layerChoice("op", Activation::reluBlock, Activation::tanhBlock, Activation::sigmoidBlock))
                .add(s.repeat("depth", List.of(0, 1, 2), i -> Activation.reluBlock()))
                .add(Blocks.batchFlattenBlock()));
        Supernet supernet = Supernet.build(space, 5);
        push(supernet.parameters().get("op"), 2);
        push(supernet.parameters().get("depth"), 1);

        Map<String, List<Double>> probabilities = supernet.probabilities();
        probabilities.forEach((label, p) -> assertEquals(1.0, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                label + " " + p));
        assertEquals(2, argmax(probabilities.get("op")));
        assertEquals(1, argmax(probabilities.get("depth")));
        assertEquals(Sample.of(Map.of("op", 2, "depth", 1)), supernet.export());
    }

    @Test
    void anInputChoiceExportsItsMostProbableInputs() {
        ModelSpace space = ModelSpace.define("inputs", s -> {
            Block pick = s.inputChoice("skip", 3, 2, Reduction.SUM);
            return new SequentialBlock().add(x -> new ai.djl.ndarray.NDList(x.head(), x.head().mul(2), x.head().neg()))
                    .add(pick);
        });
        Supernet supernet = Supernet.build(space, 2);
        ArchitectureParameter alpha = supernet.parameters().get("skip");
        for (int i = 0; i < 20; i++) {
            alpha.adamStep(new float[] {-1, 1, -1}, 0.05, 0.5, 0.999, 0);
        }
        alpha.adamStep(new float[] {0, 1, -1}, 0.05, 0.5, 0.999, 0);
        assertEquals(3, supernet.probabilities().get("skip").size(), "one probability per input");
        assertEquals(Sample.of(Map.of("skip", List.of(0, 2))), supernet.export());
    }

    @Test
    void aValueChoiceIsRefusedBeforeTrainingNamingTheLabelAndTheWayOut() {
        ModelSpace space = ModelSpace.define("quickstart-like", s -> new SequentialBlock()
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), Activation::reluBlock))
                .add(Dropout.builder().optRate(s.valueChoice("dropout1", 0.25f, 0.5f, 0.75f)).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneShotSearch.darts(space, planted(64, 1)).run());
        assertTrue(e.getMessage().contains("'dropout1'"), e.getMessage());
        assertTrue(e.getMessage().contains("s.valueChoice(\"dropout1\", List.of(...), value -> "), e.getMessage());
        assertEquals(6, space.size().intValue(), "multi-trial still takes the space as it is");
        assertTrue(space.instantiate(Sample.of(Map.of("op", 0, "dropout1", 0.5f))) instanceof SequentialBlock);
    }

    @Test
    void candidatesOfDifferentShapesAreRefusedNamingTheLabel() {
        ModelSpace space = ModelSpace.define("shapes", s -> s.layerChoice("width",
                () -> Linear.builder().setUnits(4).build(), () -> Linear.builder().setUnits(3).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneShotSearch.darts(space, planted(64, 1)).run());
        assertTrue(e.getMessage().contains("label 'width'") && e.getMessage().contains("(64, 3)"), e.getMessage());
    }

    @Test
    void trainingDataTooSmallToSplitIsRefused() {
        ModelSpace space = ModelSpace.define("tiny", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        TrainTestData one = new TrainTestData(planted(10, 1).train().first(1), planted(10, 1).test());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneShotSearch.darts(space, one).run());
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void whatTheSpaceItselfRefusesIsRefusedBeforeTraining() {
        java.util.concurrent.atomic.AtomicInteger forwards = new java.util.concurrent.atomic.AtomicInteger();
        Map<String, java.util.function.Supplier<Block>> unordered = new java.util.HashMap<>();
        unordered.put("zero", () -> Layers.zero(1));
        unordered.put("counted", () -> new ai.djl.nn.LambdaBlock(x -> {
            forwards.incrementAndGet();
            return x;
        }));
        ModelSpace space = ModelSpace.define("unordered", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(s.layerChoice("op", unordered)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneShotSearch.darts(space, planted(64, 1)).epochs(1).run());
        assertTrue(e.getMessage().contains("label 'op'") && e.getMessage().contains("LinkedHashMap"), e.getMessage());
        assertEquals(0, forwards.get(), "nothing was trained");
    }

    @Test
    void anInterruptedThreadStopsTheSearchBetweenBatches() {
        ModelSpace space = ModelSpace.define("interrupted", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> OneShotSearch.darts(space, planted(64, 1)).run());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the caller to see");
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * A search whose weights blow up stops with an error naming the setting, in every kind, instead
     * of exporting the argmax of NaN probabilities (the first candidate) as it did.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"darts", "gumbelDarts", "gdas", "proxyless", "enas", "randomOneShot"})
    void aDivergingSearchStopsWithAnErrorInsteadOfExportingNoise(String kind) {
        ModelSpace space = ModelSpace.define("diverging", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        TrainTestData data = planted(640, 3);
        OneShotSearch search = switch (kind) {
            case "darts" -> OneShotSearch.darts(space, data);
            case "gumbelDarts" -> OneShotSearch.gumbelDarts(space, data);
            case "gdas" -> OneShotSearch.gdas(space, data);
            case "proxyless" -> OneShotSearch.proxyless(space, data);
            case "enas" -> OneShotSearch.enas(space, data);
            default -> OneShotSearch.randomOneShot(space, data).rank(2);
        };
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> search.weightLearningRate(1e8f).gradientClip(0).epochs(20).warmupEpochs(1).seed(1).run());
        assertTrue(e.getMessage().startsWith("the supernet diverged: ") && e.getMessage().contains("weightLearningRate"),
                e.getMessage());
    }

    @Test
    void logitsThatAreNoLongerNumbersStopTheSearchNamingTheLabel() {
        Supernet supernet = Supernet.build(ModelSpace.define("nan", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build())), 1);
        supernet.requireFiniteProbabilities(0);
        supernet.parameters().get("op").restore(new ArchitectureParameter.State(
                new float[] {Float.NaN, 0}, new float[2], new float[2], 1));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> supernet.requireFiniteProbabilities(2));
        assertTrue(e.getMessage().contains("label 'op'") && e.getMessage().contains("after epoch 3")
                && e.getMessage().contains("architectureLearningRate"), e.getMessage());
    }

    /** Moves {@code alpha} towards candidate {@code index} with a few Adam steps. */
    private static void push(ArchitectureParameter alpha, int index) {
        float[] gradient = new float[alpha.size()];
        java.util.Arrays.fill(gradient, 1);
        gradient[index] = -1;
        for (int i = 0; i < 10; i++) {
            alpha.adamStep(gradient, 0.1, 0.5, 0.999, 1e-3);
        }
    }

    static int argmax(List<Double> p) {
        int best = 0;
        for (int i = 1; i < p.size(); i++) {
            if (p.get(i) > p.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
