package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Set;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.export.JavaCodeExporter;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.junit.jupiter.api.Test;

/** The example of docs/one-shot.md, as written there, on Fashion-MNIST. */
class OneShotDocsExampleTest {

    @Test
    void theDocumentedExampleRuns() throws Exception {
        // --- docs/one-shot.md ---
        ModelSpace space = ModelSpace.define("fashion-mlp", s -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(s.layerChoice("activation", Activation::reluBlock, Activation::tanhBlock, () -> Layers.zero(1)))
                .add(s.repeat("depth", List.of(0, 1, 2), i -> new SequentialBlock()
                        .add(Linear.builder().setUnits(64).build())
                        .add(Activation.reluBlock())))
                .add(Linear.builder().setUnits(10).build()));
        TrainTestData data = Datasets.fashionMnist().first(2000, 500);

        OneShotResult result = OneShotSearch.darts(space, data)
                .epochs(4).warmupEpochs(1).batchSize(64).seed(1)
                .run();
        System.out.println(result.sample());          // {activation=1, depth=0}
        System.out.println(result.probabilities());   // {activation=[0.3327, 0.3353, 0.3319], depth=[0.3343, 0.3341, 0.3316]}
        System.out.println(result.epochs());          // [{step=16.0, weight_loss=1.73}, {step=32.0, weight_loss=0.86, architecture_loss=0.91}, ...]

        Block model = space.instantiate(result.sample());   // the architecture alone, to retrain
        String code = JavaCodeExporter.export(model, "FashionDarts", "found by DARTS");
        // --- end ---

        assertEquals(Set.of("activation", "depth"), result.sample().values().keySet());
        assertEquals(4, result.epochs().size());
        assertEquals(16.0, result.epochs().get(0).get("step"), "1,000 images a half in batches of 64");
        assertTrue(code.contains("class FashionDarts"), code);
        assertTrue(result.epochs().get(3).get("weight_loss") < result.epochs().get(0).get("weight_loss"), result.epochs().toString());
    }
}
