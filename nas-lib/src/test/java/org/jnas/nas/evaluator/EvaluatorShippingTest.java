package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.trial.TrialEvaluator;
import org.junit.jupiter.api.Test;

/**
 * The built-in evaluators travel to cluster jobs by Java serialization: a copy must train as the
 * original does, a loader must ship as code (not the examples it loaded), and what cannot ship must
 * say what to write instead.
 */
class EvaluatorShippingTest {

    private static final TrainTestData DATA = new TrainTestData(
            ClassificationEvaluatorTest.noisyPatterns(500, 1), ClassificationEvaluatorTest.noisyPatterns(200, 2));
    /** Counts {@link #load()} calls in this JVM, by the original and by its copies. */
    private static final AtomicInteger LOADS = new AtomicInteger();

    static TrainTestData load() {
        LOADS.incrementAndGet();
        return DATA;
    }

    private static Block mlp() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static byte[] bytes(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes(value)))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aCopyOfAnEvaluatorWithLoadedDataTrainsLikeTheOriginalAndLoadsItsOwnData() throws Exception {
        ClassificationEvaluator original = ClassificationEvaluator.builder().setData(EvaluatorShippingTest::load)
                .optTrainSubset(400).optTestSubset(100).optEpochs(2).optBatchSize(50).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            original.evaluate(trial);
        }
        int loadsBefore = LOADS.get();
        byte[] shipped = bytes(original);
        assertTrue(shipped.length < 100_000,
                "the examples (1.4 MB) must stay behind, the loader ships as code; got " + shipped.length + " bytes");

        ClassificationEvaluator copy = copy(original);
        assertEquals(original.batchSize(), copy.batchSize());
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            copy.evaluate(trial);
            assertEquals(2, trial.intermediates.size(), trial.logs.toString());
            // 8 training and 2 validation batches of the subsets, per epoch.
            assertEquals(20, trial.stopChecks.get());
            assertTrue(trial.finalResult.get("accuracy") > 0.6, "chance is 0.1, got " + trial.finalResult);
        }
        assertEquals(loadsBefore + 1, LOADS.get(), "the copy loads the data itself, once");
    }

    @Test
    void givenExamplesShipByValue() throws Exception {
        RegressionEvaluator original = RegressionEvaluator.builder().setData(DATA.first(40, 20))
                .optMetric(RegressionMetric.R2).optLoss(Loss::l1Loss).build();
        assertTrue(bytes(original).length > 60 * 784 * 4, "the arrays are the payload");
        RegressionEvaluator copy = copy(original);
        assertEquals(RegressionMetric.R2, copy.metric());
        assertEquals(original.trainTestData().train().size(), copy.trainTestData().train().size());
        assertEquals(original.trainTestData().train().exampleShape(), copy.trainTestData().train().exampleShape());
        assertEquals("L1Loss", copy.newLoss().getName());
    }

    @Test
    void theDefaultWeightInitializerShipsAsItself() throws Exception {
        assertSame(PyTorchInit.weights(), copy(PyTorchInit.weights()));
    }

    @Test
    void djlDatasetsCannotShipAndTheErrorSaysWhatToWriteInstead() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset train = DATA.trainDataset(manager, 10, false);
            ArrayDataset test = DATA.testDataset(manager, 10);
            TrialEvaluator evaluator = ClassificationEvaluator.builder().setData(train, test).build();
            NotSerializableException e = assertThrows(NotSerializableException.class, () -> bytes(evaluator));
            assertTrue(e.getMessage().contains("setData(Datasets::fashionMnist)"), e.getMessage());
        }
    }

    @Test
    void aDjlInitializerCannotShipAndIsNamed() {
        TrialEvaluator evaluator = ClassificationEvaluator.builder().setData(DATA)
                .optWeightInitializer(new XavierInitializer()).build();
        NotSerializableException e = assertThrows(NotSerializableException.class, () -> bytes(evaluator));
        assertEquals(XavierInitializer.class.getName(), e.getMessage());
    }
}
