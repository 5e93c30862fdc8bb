package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;
import org.junit.jupiter.api.Test;

/** The expected-cost penalty of differentiable one-shot search: its costs, its gradient, its effect. */
class CostPenaltyTest {

    /**
     * On 4 features: "op" is a Linear(4) (20 parameters, 16 MACs) or Linear(8), relu, Linear(4)
     * (40 + 36 = 76 parameters, 32 + 32 = 64 MACs), used twice; "depth" repeats a Linear(4) 0, 1 or
     * 2 times (0, 20 or 40 parameters; 0, 16 or 32 MACs), the second a layer choice of its own
     * (costed under "inner", not "depth"); "act" costs nothing.
     */
    private static ModelSpace space() {
        return ModelSpace.define("costs", s -> new SequentialBlock()
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), CostPenaltyTest::wide))
                .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), CostPenaltyTest::wide))
                .add(s.repeat("depth", List.of(0, 1, 2), i -> i == 0 ? Linear.builder().setUnits(4).build()
                        : s.layerChoice("inner", () -> Linear.builder().setUnits(4).build(), Activation::reluBlock))));
    }

    private static SequentialBlock wide() {
        return new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(4).build());
    }

    @Test
    void eachCandidateCostsItsOwnBlocksAsAShareOfTheDearestChoices() {
        Map<String, double[]> parameters = costs(OneShotSearch.Cost.PARAMETERS);
        // Z = op's 2 x 76 + depth's 20 (its first block alone) + inner's 20
        double z = 2 * 76 + 20 + 20;
        assertArrayEquals(new double[] {40 / z, 152 / z}, parameters.get("op"), 1e-12, "a label used twice costs both uses");
        assertArrayEquals(new double[] {0, 20 / z, 20 / z}, parameters.get("depth"), 1e-12,
                "the nested choice is not the repeat's cost");
        assertArrayEquals(new double[] {20 / z, 0}, parameters.get("inner"), 1e-12);
        assertArrayEquals(new double[] {0, 0}, parameters.get("act"), 1e-12);

        Map<String, double[]> macs = costs(OneShotSearch.Cost.MACS);
        double zMacs = 2 * 64 + 16 + 16;
        assertArrayEquals(new double[] {32 / zMacs, 128 / zMacs}, macs.get("op"), 1e-12, "per example, not per batch");
        assertArrayEquals(new double[] {0, 16 / zMacs, 16 / zMacs}, macs.get("depth"), 1e-12);
        assertArrayEquals(new double[] {16 / zMacs, 0}, macs.get("inner"), 1e-12);
    }

    @Test
    void thePenaltysGradientIsTheWeightTimesPTimesTheCostAboveItsExpectation() {
        Supernet supernet = Supernet.build(ModelSpace.define("one", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build(), CostPenaltyTest::wide)), 2);
        CostPenalty penalty = penalty(supernet, OneShotSearch.Cost.PARAMETERS, 0.5);
        ArchitectureParameter alpha = supernet.parameters().get("op");
        alpha.adamStep(new float[] {0.3f, -0.1f, 0.2f}, 0.5, 0.5, 0.999, 0);   // away from uniform
        List<Double> p = alpha.probabilities();
        double[] c = penalty.costs().get("op");
        assertArrayEquals(new double[] {0, 20.0 / 76, 1}, c, 1e-12);
        double expected = p.get(1) * c[1] + p.get(2) * c[2];
        float[] g = penalty.addGradient(alpha, new float[] {1f, 2f, 3f});
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1 + 0.5 * p.get(i) * (c[i] - expected), g[i], 1e-6, "logit " + i);
        }
        assertEquals(expected, penalty.expected(supernet), 1e-12);
    }

    @Test
    void aStrongPenaltyTurnsAPlantedSearchFromTheAccurateExpensiveCandidateToTheCheapOne() {
        // zero (free, wrong) against a Linear (the only way to the labels): without a penalty the
        // Linear wins; with a weight of 5 the loss it saves is worth less than what it costs
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        OneShotResult free = search(space, 0);
        OneShotResult penalised = search(space, 5);

        assertTrue(free.probabilities().get("op").get(1) > 0.5, "without a penalty the Linear: " + free.probabilities());
        assertEquals(Sample.of(Map.of("op", 1)), free.sample());
        assertTrue(penalised.probabilities().get("op").get(0) > 0.5, "with one the zero: " + penalised.probabilities());
        assertEquals(Sample.of(Map.of("op", 0)), penalised.sample());
        double first = penalised.epochs().get(5).get("expected_cost");
        double last = penalised.epochs().get(19).get("expected_cost");
        assertTrue(last < first && last < 0.5, "the expected cost (a share of the Linear's) falls: " + first + " -> " + last);
    }

    @Test
    void aCandidatesBatchNormThatDartsHoldsFixedStillCountsAsTheRetrainedArchitecturesParameters() {
        // Linear(4) alone (20 parameters) or followed by a BatchNorm (+ 4 scales and 4 shifts = 28),
        // which DARTS holds at 1 and 0 in its supernet; one epoch of warm-up leaves p as it starts
        ModelSpace space = ModelSpace.define("normed", s -> s.layerChoice("op", () -> Linear.builder().setUnits(4).build(),
                () -> new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build())));
        OneShotResult result = OneShotSearch.darts(space, OneShotSearchTest.planted(64, 1)).epochs(1).warmupEpochs(1)
                .costPenalty(OneShotSearch.Cost.PARAMETERS, 1).run();
        // (alpha starts near 0, not at 0: p is uniform to about 1e-4; without the BatchNorm counted, 1.0)
        assertEquals((20 + 28) / 2.0 / 28, result.epochs().get(0).get("expected_cost"), 1e-3);
    }

    @Test
    void enasWithAStrongPenaltyOnItsRewardTurnsToTheCheapCandidate() {
        // the Linear's path scores about 0.9 and costs the whole share (1): 0.9 - 5 is below the zero's 0.25
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        OneShotResult penalised = OneShotSearch.enas(space, OneShotSearchTest.planted(1280, 3))
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3)
                .costPenalty(OneShotSearch.Cost.PARAMETERS, 5).run();

        assertTrue(penalised.probabilities().get("op").get(0) > 0.5, "the zero: " + penalised.probabilities());
        assertEquals(Sample.of(Map.of("op", 0)), penalised.sample());
        assertTrue(penalised.epochs().get(19).get("reward") < 0.25, "the reward is net of the cost: "
                + penalised.epochs().get(19));
    }

    @Test
    void aPathCostsTheWeightTimesItsCandidatesShares() {
        Supernet supernet = Supernet.build(space(), 1);
        CostPenalty penalty = penalty(supernet, OneShotSearch.Cost.PARAMETERS, 2);
        double z = 2 * 76 + 20 + 20;
        Map<String, List<Integer>> path = Map.of("op", List.of(1), "act", List.of(0), "depth", List.of(2),
                "inner", List.of(0));
        assertEquals(2 * (152 + 20 + 20) / z, penalty.of(path), 1e-12);
    }

    @Test
    void aSpaceWhoseCandidatesCostNothingIsRefusedBeforeTraining() {
        ModelSpace space = ModelSpace.define("free", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneShotSearch.darts(space,
                OneShotSearchTest.planted(64, 1)).costPenalty(OneShotSearch.Cost.MACS, 1).run());
        assertTrue(e.getMessage().contains("nothing to penalise"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneShotSearch.darts(space, OneShotSearchTest.planted(64, 1))
                .costPenalty(OneShotSearch.Cost.MACS, -1));
    }

    @Test
    void macsOfACandidateWithAnUnknownBlockAreRefusedNamingTheLabelWhileParametersWork() {
        ModelSpace space = ModelSpace.define("custom", s -> s.layerChoice("op",
                () -> Linear.builder().setUnits(4).build(), Scale::new));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> penalty(Supernet.build(space, 1), OneShotSearch.Cost.MACS, 1));
        assertTrue(e.getMessage().contains("label 'op'") && e.getMessage().contains("Cost.PARAMETERS"), e.getMessage());
        assertArrayEquals(new double[] {20.0 / 20, 0}, penalty(Supernet.build(space, 1), OneShotSearch.Cost.PARAMETERS, 1)
                .costs().get("op"), 1e-12);
    }

    @Test
    void latencyCostsArePositiveAndOrderedAsTheCandidatesWork() {
        // on 256 features, a Linear of 16, 1024 or 8192 units then a Linear of 8: about 4 thousand, 270
        // thousand and 2.2 million MACs per example, each slower than the last by far more than the noise
        Supernet supernet = Supernet.build(ModelSpace.define("sizes", s -> s.layerChoice("op",
                () -> twoLinears(16), () -> twoLinears(1024), () -> twoLinears(8192))), 1);
        double[] c = penalty(supernet, new Shape(2, 256), OneShotSearch.Cost.LATENCY, 1).costs().get("op");
        for (double v : c) {
            assertTrue(v > 0 && v <= 1, "a share of the dearest: " + java.util.Arrays.toString(c));
        }
        assertTrue(c[0] < c[1] && c[1] < c[2], "ordered as the Linears' sizes: " + java.util.Arrays.toString(c));
        assertEquals(1, c[2], 1e-12, "the dearest is the whole span");
    }

    @Test
    void aStrongLatencyPenaltyTurnsThePlantedSearchToTheFasterCandidate() {
        // a zero against Linear(1024), relu, Linear(4): the Linears are the only way to the labels,
        // and a pass through them takes a few times a zero's (whose time is mostly DJL's per-call cost)
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> new SequentialBlock().add(Linear.builder().setUnits(1024).build())
                        .add(Activation.reluBlock()).add(Linear.builder().setUnits(4).build())));
        OneShotResult free = search(space, OneShotSearch.Cost.LATENCY, 0);
        OneShotResult penalised = search(space, OneShotSearch.Cost.LATENCY, 10);
        double freeLinears = free.probabilities().get("op").get(1);
        double penalisedLinears = penalised.probabilities().get("op").get(1);
        assertTrue(penalisedLinears < 0.5 && penalisedLinears < freeLinears - 0.05,
                "the penalty moves the choice to the zero: " + free.probabilities() + " -> " + penalised.probabilities());
        assertEquals(Sample.of(Map.of("op", 0)), penalised.sample());
    }

    @Test
    void latencyOfACandidateHoldingAChoiceIsRefusedNamingTheLabel() {
        Supernet supernet = Supernet.build(ModelSpace.define("nested", s -> s.layerChoice("outer",
                () -> Linear.builder().setUnits(4).build(),
                () -> s.layerChoice("inner", () -> Linear.builder().setUnits(4).build(), Activation::reluBlock))), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> penalty(supernet, new Shape(16, 4), OneShotSearch.Cost.LATENCY, 1));
        assertTrue(e.getMessage().contains("label 'outer'") && e.getMessage().contains("candidate 1")
                && e.getMessage().contains("Cost.PARAMETERS"), e.getMessage());
    }

    /**
     * On (3, 8, 8) images: "conv" shares one convolution between 4 filters of 3x3 (padding 1: 4 x 27
     * + 4 = 112 parameters, 64 x 4 x 27 = 6912 MACs) and 8 filters of 1x1 (8 x 3 + 8 = 32; 64 x 8 x 3
     * = 1536); "units" shares a Linear of 16 or 2 units on its 8 x 8 x 8 = 512 features (8208 or 1026
     * parameters, 8192 or 1024 MACs); "block" mixes Linear(2) or Linear(6), relu, Linear(4) on those
     * 16 (34 + 12 = 46 or 102 + 28 = 130 parameters, 32 + 8 = 40 or 96 + 24 = 120 MACs): each value
     * costs the block it builds alone.
     */
    @Test
    void eachValueOfAValueChoiceCostsTheBlockItBuildsAlone() {
        ModelSpace space = ModelSpace.define("values", s -> new SequentialBlock()
                .add(s.valueChoice("conv", List.of(3, 1), k -> Conv2d.builder().setFilters(k == 3 ? 4 : 8)
                        .setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).build()))
                .add(Blocks.batchFlattenBlock())
                .add(s.valueChoice("units", List.of(16, 2), u -> Linear.builder().setUnits(u).build()))
                .add(s.valueChoice("block", List.of(2, 6), u -> new SequentialBlock()
                        .add(Linear.builder().setUnits(u).build()).add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(4).build()))));
        Shape images = new Shape(16, 3, 8, 8);
        Map<String, double[]> parameters = penalty(Supernet.build(space, 1), images, OneShotSearch.Cost.PARAMETERS, 1).costs();
        double z = 112 + 8208 + 130;
        assertArrayEquals(new double[] {112 / z, 32 / z}, parameters.get("conv"), 1e-12, "the filters and the kernel");
        assertArrayEquals(new double[] {8208 / z, 1026 / z}, parameters.get("units"), 1e-12, "the narrower slice");
        assertArrayEquals(new double[] {46 / z, 130 / z}, parameters.get("block"), 1e-12);

        Map<String, double[]> macs = penalty(Supernet.build(space, 1), images, OneShotSearch.Cost.MACS, 1).costs();
        double zMacs = 6912 + 8192 + 120;
        assertArrayEquals(new double[] {6912 / zMacs, 1536 / zMacs}, macs.get("conv"), 1e-12);
        assertArrayEquals(new double[] {8192 / zMacs, 1024 / zMacs}, macs.get("units"), 1e-12);
        assertArrayEquals(new double[] {40 / zMacs, 120 / zMacs}, macs.get("block"), 1e-12);
    }

    @Test
    void aSharedValueChoiceInACandidateIsCostedUnderItsOwnLabel() {
        // "outer": Linear(4) (16 MACs) or a Linear of 2 or 8 units ("units": 8 or 32 MACs), relu, Linear(4)
        // (8 or 32 MACs after it, costed at the widest input the supernet gives it: 8 x 4 = 32)
        ModelSpace space = ModelSpace.define("nested", s -> s.layerChoice("outer",
                () -> Linear.builder().setUnits(4).build(),
                () -> new SequentialBlock().add(s.valueChoice("units", List.of(2, 8), u -> Linear.builder().setUnits(u).build()))
                        .add(Activation.reluBlock()).add(Linear.builder().setUnits(4).build())));
        Map<String, double[]> macs = penalty(Supernet.build(space, 1), OneShotSearch.Cost.MACS, 1).costs();
        double z = 32 + 32;
        assertArrayEquals(new double[] {16 / z, 32 / z}, macs.get("outer"), 1e-12, "without the nested choice");
        assertArrayEquals(new double[] {8 / z, 32 / z}, macs.get("units"), 1e-12);
    }

    @Test
    void eachValueOfASharedLinearIsTimedAsTheLayerItBuildsAlone() {
        // on 256 features, Linear(16) against Linear(8192): 4 thousand against 2.1 million MACs
        Supernet supernet = Supernet.build(ModelSpace.define("widths", s -> s.valueChoice("units",
                List.of(16, 8192), u -> Linear.builder().setUnits(u).build())), 1);
        double[] c = penalty(supernet, new Shape(2, 256), OneShotSearch.Cost.LATENCY, 1).costs().get("units");
        assertTrue(c[0] > 0 && c[0] < c[1], "the narrower is faster: " + java.util.Arrays.toString(c));
        assertEquals(1, c[1], 1e-12);
    }

    @Test
    void aStrongPenaltyTurnsAPlantedSearchToTheNarrowerValue() {
        // a Linear of 4 or 64 units, then the head: both widths fit the planted linear labels, so
        // only the cost tells the values apart (without a penalty 0.47 on 4 units, with it 0.54)
        ModelSpace space = ModelSpace.define("widths", s -> new SequentialBlock()
                .add(s.valueChoice("units", List.of(4, 64), u -> Linear.builder().setUnits(u).build()))
                .add(Linear.builder().setUnits(4).build()));
        OneShotResult free = search(space, 0);
        OneShotResult penalised = search(space, 5);
        double freeNarrow = free.probabilities().get("units").get(0);
        double penalisedNarrow = penalised.probabilities().get("units").get(0);
        assertTrue(penalisedNarrow > 0.5 && penalisedNarrow > freeNarrow + 0.05,
                "the penalty moves the choice to 4 units: " + free.probabilities() + " -> " + penalised.probabilities());
        assertEquals(Sample.of(Map.of("units", 4)), penalised.sample());
    }

    private static SequentialBlock twoLinears(int hidden) {
        return new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Linear.builder().setUnits(8).build());
    }

    /** A block of the user's own, with no weights: the profiler does not know its MACs. */
    private static final class Scale extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().mul(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    private static OneShotResult search(ModelSpace space, double weight) {
        return search(space, OneShotSearch.Cost.PARAMETERS, weight);
    }

    private static OneShotResult search(ModelSpace space, OneShotSearch.Cost cost, double weight) {
        OneShotSearch search = OneShotSearch.darts(space, OneShotSearchTest.planted(1280, 3))
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3);
        return (weight > 0 ? search.costPenalty(cost, weight) : search).run();
    }

    private static Map<String, double[]> costs(OneShotSearch.Cost cost) {
        return penalty(Supernet.build(space(), 1), cost, 1).costs();
    }

    /** The penalty of {@code supernet} once it is initialised for batches of 16 examples of 4 features. */
    private static CostPenalty penalty(Supernet supernet, OneShotSearch.Cost cost, double weight) {
        return penalty(supernet, new Shape(16, 4), cost, weight);
    }

    /** The penalty of {@code supernet} once it is initialised for batches of {@code shape}, on the CPU. */
    private static CostPenalty penalty(Supernet supernet, Shape shape, OneShotSearch.Cost cost, double weight) {
        try (ConcurrentModel model = ConcurrentModel.newInstance("costs", Device.cpu())) {
            model.setBlock(supernet.block());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(shape);
                return CostPenalty.of(supernet, cost, weight, Device.cpu());
            }
        }
    }
}
