package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnas.nas.Quickstart;
import org.junit.jupiter.api.Test;

/** The seed's quickstart space, end to end: 2 x 3 x 3 = 18 architectures that all build and run. */
class QuickstartSpaceTest {

    @Test
    void hasEighteenArchitecturesAndThreeChoices() {
        ModelSpace space = Quickstart.space();
        assertEquals(BigInteger.valueOf(18), space.size());
        assertFalse(space.isConditional());
        assertEquals(List.of("conv2", "dropout1", "feature"), space.choices().stream().map(c -> c.label()).toList());
        assertEquals(List.of(ChoiceKind.LAYER, ChoiceKind.VALUE, ChoiceKind.VALUE),
                space.choices().stream().map(c -> c.kind()).toList());
        assertEquals(List.of(0, 1), space.choices().get(0).candidates());
        assertEquals(List.of(0.25f, 0.5f, 0.75f), space.choices().get(1).candidates());
    }

    @Test
    void enumeratesEighteenDistinctSamplesFirstLabelSlowest() {
        List<Sample> all = new ArrayList<>();
        Quickstart.space().enumerate().forEach(all::add);
        assertEquals(18, all.size());
        assertEquals(18, new LinkedHashSet<>(all).size());
        assertEquals(Sample.of(Map.of("conv2", 0, "dropout1", 0.25f, "feature", 64)), all.get(0));
        assertEquals(Sample.of(Map.of("conv2", 0, "dropout1", 0.25f, "feature", 128)), all.get(1));
        assertEquals(Sample.of(Map.of("conv2", 0, "dropout1", 0.5f, "feature", 64)), all.get(3));
        assertEquals(Sample.of(Map.of("conv2", 1, "dropout1", 0.25f, "feature", 64)), all.get(9));
        assertEquals(Sample.of(Map.of("conv2", 1, "dropout1", 0.75f, "feature", 256)), all.get(17));
        assertEquals(List.of("conv2", "dropout1", "feature"), List.copyOf(all.get(5).values().keySet()));
    }

    @Test
    void everyArchitectureBuildsAndMapsAnImageBatchToTenScores() {
        ModelSpace space = Quickstart.space();
        Set<Class<?>> conv2Kinds = new LinkedHashSet<>();
        for (Sample sample : List.of(
                Sample.of(Map.of("conv2", 0, "dropout1", 0.25f, "feature", 64)),
                Sample.of(Map.of("conv2", 1, "dropout1", 0.75f, "feature", 256)))) {
            Block model = space.instantiate(sample);
            SequentialBlock seq = assertInstanceOf(SequentialBlock.class, model);
            conv2Kinds.add(seq.getChildren().get(2).getValue().getClass());
            assertEquals(new Shape(2, 10), Forward.shape(model, new Shape(2, 1, 28, 28)));
        }
        assertEquals(Set.of(Conv2d.class, SequentialBlock.class), conv2Kinds, "the chosen candidate itself, no wrapper");
    }

    @Test
    void sampleReadBackFromJsonBuildsTheSameArchitecture() {
        ModelSpace space = Quickstart.space();
        Sample written = Sample.of(Map.of("conv2", 1, "dropout1", 0.5f, "feature", 128));
        Sample read = Sample.fromJson(written.toJson());
        assertInstanceOf(Long.class, read.get("conv2"));
        assertInstanceOf(Double.class, read.get("dropout1"));
        Sample canonical = space.validate(read);
        assertEquals(0.5f, canonical.get("dropout1"));
        assertEquals(128, canonical.get("feature"));
        assertEquals(written, canonical);
        Block a = space.instantiate(read);
        Block b = space.instantiate(written);
        assertEquals(a.toString(), b.toString());
        assertEquals(new Shape(2, 10), Forward.shape(a, new Shape(2, 1, 28, 28)));
    }

    @Test
    void summaryListsEachChoiceAndTheSize() {
        ModelSpace space = Quickstart.space();
        String summary = space.summary();
        assertTrue(summary.contains("Model space 'mnist': 3 choices, 18 architectures"), summary);
        assertTrue(summary.contains("unconditional"), summary);
        assertTrue(summary.contains("conv2") && summary.contains("LAYER")
                && summary.contains("[0 Conv2d, 1 Sequential(Conv2d, Conv2d)]"), summary);
        assertTrue(summary.contains("dropout1") && summary.contains("[0.25, 0.5, 0.75]"), summary);
        assertTrue(summary.contains("feature") && summary.contains("[64, 128, 256]"), summary);
        assertEquals("ModelSpace 'mnist' (3 choices, 18 architectures)", space.toString());
    }
}
