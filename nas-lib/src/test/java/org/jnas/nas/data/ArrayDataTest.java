package org.jnas.nas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ArrayDataTest {

    /** 10 examples of shape (2): example i is (i, -i), labelled i. */
    private static ArrayData tenExamples() {
        float[] x = new float[20];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return ArrayData.of(x, new Shape(2), y);
    }

    @Test
    void firstKeepsTheLeadingExamples() {
        ArrayData first = tenExamples().first(3);
        assertEquals(3, first.size());
        assertArrayEquals(new float[] {0, 1, 2}, first.labels());
        assertArrayEquals(new float[] {2, -2}, first.example(2));
        assertEquals(10, tenExamples().first(50).size());
    }

    @Test
    void sampleIsSeededAndWithoutReplacement() {
        ArrayData a = tenExamples().sample(6, 7);
        ArrayData b = tenExamples().sample(6, 7);
        assertArrayEquals(a.labels(), b.labels());
        assertNotEquals(java.util.Arrays.toString(a.labels()), java.util.Arrays.toString(tenExamples().sample(6, 8).labels()));
        Set<Float> distinct = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            distinct.add(a.label(i));
            assertEquals(a.label(i), a.example(i)[0], "features travel with their label");
        }
        assertEquals(6, distinct.size());
    }

    @Test
    void splitPartitionsTheExamples() {
        TrainTestData split = tenExamples().split(0.8, 1);
        assertEquals(8, split.train().size());
        assertEquals(2, split.test().size());
        Set<Float> all = new HashSet<>();
        for (float label : split.train().labels()) {
            all.add(label);
        }
        for (float label : split.test().labels()) {
            all.add(label);
        }
        assertEquals(10, all.size());
        assertThrows(IllegalArgumentException.class, () -> tenExamples().split(1.0, 1));
    }

    @Test
    void rejectsArraysThatDoNotFitTheShapeNamingTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrayData.of(new float[7], new Shape(2), new float[4]));
        assertTrue(e.getMessage().contains("features has 7 values") && e.getMessage().contains("need 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tenExamples().first(-1));
    }

    /** Whole examples of features with too few labels blame the labels, not the features. */
    @Test
    void tooFewLabelsForTheFeaturesNamesTheLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrayData.of(new float[784 * 3], new Shape(1, 28, 28), new float[2]));
        assertEquals("3 examples of features (2352 values of shape (1, 28, 28)) but 2 labels; give one label per example",
                e.getMessage());
    }

    @Test
    void accessorsReturnCopies() {
        ArrayData data = tenExamples();
        data.features()[0] = 99;
        data.labels()[0] = 99;
        assertEquals(0f, data.example(0)[0]);
        assertEquals(0f, data.label(0));
    }

    @Test
    void becomesABatchedDjlDataset() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = tenExamples().toDataset(manager, 4, false);
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    if (batches == 0) {
                        assertEquals(new Shape(4, 2), batch.getData().singletonOrThrow().getShape());
                        assertArrayEquals(new float[] {0, 1, 2, 3}, batch.getLabels().singletonOrThrow().toFloatArray());
                    }
                    batches++;
                }
            }
            assertEquals(3, batches);
            assertEquals(new Shape(10, 2), tenExamples().featuresArray(manager).getShape());
            TrainTestData split = tenExamples().split(0.6, 3);
            assertEquals(6, split.trainDataset(manager, 4, true).size());
            assertEquals(4, split.testDataset(manager, 4).size());
        }
    }

    @Test
    void concurrentTrialsShareTheDataButNotTheirBatches() throws Exception {
        ArrayData data = tenExamples();
        try (NDManager other = NDManager.newBaseManager()) {
            ArrayDataset untouched = data.toDataset(other, 4, false);
            try (NDManager careless = NDManager.newBaseManager()) {
                // A trial that scales its batches in place, in order and shuffled, then ends.
                for (boolean shuffle : new boolean[] {false, true}) {
                    for (Batch batch : data.toDataset(careless, 4, shuffle).getData(careless)) {
                        try (batch) {
                            batch.getData().singletonOrThrow().muli(0);
                            batch.getLabels().singletonOrThrow().muli(0);
                        }
                    }
                }
            }
            Batch first = untouched.getData(other).iterator().next();
            try (first) {
                assertArrayEquals(new float[] {0, 0, 1, -1, 2, -2, 3, -3}, first.getData().singletonOrThrow().toFloatArray());
                assertArrayEquals(new float[] {0, 1, 2, 3}, first.getLabels().singletonOrThrow().toFloatArray());
            }
        }
    }

    @Test
    void syntheticRegressionFollowsTheTargetFunction() {
        ArrayData data = Datasets.syntheticRegression(200, 2, x -> 3 * x[0] - x[1], 0.0, 5);
        assertEquals(new Shape(2), data.exampleShape());
        for (int i = 0; i < data.size(); i++) {
            float[] x = data.example(i);
            assertTrue(Math.abs(x[0]) <= 1 && Math.abs(x[1]) <= 1);
            assertEquals(3 * x[0] - x[1], data.label(i), 1e-5);
        }
        assertArrayEquals(data.labels(), Datasets.syntheticRegression(200, 2, x -> 3 * x[0] - x[1], 0.0, 5).labels());
    }

    @Test
    void tableColumnsBecomeFeaturesAndTarget() {
        Table table = Table.create("houses",
                DoubleColumn.create("area", 50, 80, 120),
                DoubleColumn.create("rooms", 2, 3, 5),
                StringColumn.create("city", "a", "b", "c"),
                DoubleColumn.create("price", 100, 160, 240));
        ArrayData data = Datasets.fromTable(table, "price", "area", "rooms");
        assertEquals(new Shape(2), data.exampleShape());
        assertArrayEquals(new float[] {120, 5}, data.example(2));
        assertArrayEquals(new float[] {100, 160, 240}, data.labels());
        IllegalArgumentException notNumeric = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromTable(table, "price", "city"));
        assertTrue(notNumeric.getMessage().contains("'city'"), notNumeric.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromTable(table, "cost", "area"));
        assertTrue(absent.getMessage().contains("no column 'cost'"), absent.getMessage());
    }
}
