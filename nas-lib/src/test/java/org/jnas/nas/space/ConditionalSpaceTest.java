package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choices that depend on earlier choices: what NNI needs custom mutators for. */
class ConditionalSpaceTest {
    /** n hidden layers (1..3), each with its own width; a final layer of 10. 2 + 4 + 8 = 14 samples. */
    static ModelSpace mlp() {
        return ModelSpace.define("mlp", s -> {
            SequentialBlock net = new SequentialBlock();
            int n = s.valueChoice("n", 1, 2, 3);
            for (int i = 0; i < n; i++) {
                net.add(Linear.builder().setUnits(s.valueChoice("width" + i, 8, 16)).build()).add(Activation::relu);
            }
            return net.add(Linear.builder().setUnits(10).build());
        });
    }

    /** A second layer only when "deep", its width asked only then; then an activation: (1 + 3) x 2 = 8 samples. */
    static ModelSpace deep() {
        return ModelSpace.define("deep", s -> {
            SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(8).build());
            if (s.valueChoice("deep", false, true)) {
                net.add(Linear.builder().setUnits(s.valueChoice("width", 4, 8, 16)).build());
            }
            return net.add(s.layerChoice("act", () -> Activation.reluBlock(), () -> Activation.tanhBlock()));
        });
    }

    @Test
    void sizeCountsEveryBranchExactly() {
        assertEquals(BigInteger.valueOf(14), mlp().size());
        assertEquals(BigInteger.valueOf((1 + 3) * 2), deep().size());
        assertTrue(mlp().isConditional());
        assertTrue(deep().summary().contains("conditional"), deep().summary());
    }

    @Test
    void choicesAreTheUnionInFirstMetOrder() {
        assertEquals(List.of("n", "width0", "width1", "width2"), mlp().choices().stream().map(Choice::label).toList());
        assertEquals(List.of("deep", "act", "width"), deep().choices().stream().map(Choice::label).toList());
        String summary = deep().summary();
        assertTrue(summary.lines().anyMatch(l -> l.contains("width") && l.contains("only under some earlier decisions")),
                summary);
        assertTrue(summary.lines().noneMatch(l -> l.contains("act") && l.contains("only under")), summary);
    }

    @Test
    void enumerationVisitsEachBranchDepthFirst() {
        List<Sample> all = new ArrayList<>();
        deep().enumerate().forEach(all::add);
        assertEquals(List.of(
                Sample.of(Map.of("deep", false, "act", 0)),
                Sample.of(Map.of("deep", false, "act", 1)),
                Sample.of(Map.of("deep", true, "width", 4, "act", 0)),
                Sample.of(Map.of("deep", true, "width", 4, "act", 1)),
                Sample.of(Map.of("deep", true, "width", 8, "act", 0)),
                Sample.of(Map.of("deep", true, "width", 8, "act", 1)),
                Sample.of(Map.of("deep", true, "width", 16, "act", 0)),
                Sample.of(Map.of("deep", true, "width", 16, "act", 1))), all);
        List<Sample> mlp = new ArrayList<>();
        mlp().enumerate().forEach(mlp::add);
        assertEquals(14, new LinkedHashSet<>(mlp).size());
        assertEquals(Sample.of(Map.of("n", 3, "width0", 16, "width1", 16, "width2", 16)), mlp.get(13));
    }

    @Test
    void sampleAsksOnlyForTheChoicesItMeets() {
        List<String> asked = new ArrayList<>();
        Sample shallow = deep().sample(c -> {
            asked.add(c.label());
            return 0;
        });
        assertEquals(List.of("deep", "act"), asked);
        assertEquals(Sample.of(Map.of("deep", false, "act", 0)), shallow);
        Sample wide = mlp().sample(c -> 1);
        assertEquals(List.of("n", "width0", "width1"), List.copyOf(wide.values().keySet()));
    }

    @Test
    void validateCanonicalisesAndRejectsLabelsTheDecisionsDoNotMeet() {
        ModelSpace space = mlp();
        Sample read = Sample.fromJson("{\"n\":2,\"width0\":16,\"width1\":8}");
        Sample canonical = space.validate(read);
        assertEquals(Integer.valueOf(2), canonical.get("n"));
        assertEquals(read, canonical);
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> space.validate(Sample.fromJson("{\"n\":1,\"width0\":16,\"width1\":8}")));
        assertTrue(extra.getMessage().contains("'width1'"), extra.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> space.validate(Sample.fromJson("{\"n\":3,\"width0\":16,\"width1\":8}")));
        assertTrue(missing.getMessage().contains("'width2'"), missing.getMessage());
    }

    @Test
    void everyConditionalArchitectureRuns() {
        ModelSpace space = mlp();
        for (Sample sample : space.enumerate()) {
            if (sample.get("width0").equals(16)) {
                Block model = space.instantiate(sample);
                assertEquals(new Shape(3, 10), Forward.shape(model, new Shape(3, 5)), sample.toString());
            }
        }
    }

    @Test
    void nestedChoicesInsideALayerCandidateAreConditionalOnIt() {
        ModelSpace space = ModelSpace.define("nested", s -> s.layerChoice("block",
                () -> Activation.reluBlock(),
                () -> Linear.builder().setUnits(s.valueChoice("units", 2, 4, 8)).build()));
        assertEquals(BigInteger.valueOf(1 + 3), space.size());
        assertTrue(space.isConditional());
        assertEquals(Sample.of(Map.of("block", 0)), space.validate(Sample.of(Map.of("block", 0))));
    }

    @Test
    void aConditionalSpaceTooLargeToCountSaysSo() {
        ModelSpace space = ModelSpace.define("big", s -> {
            SequentialBlock net = new SequentialBlock();
            int n = s.valueChoice("n", 1, 2, 3, 4, 5, 6);
            for (int i = 0; i < n; i++) {
                net.add(Linear.builder().setUnits(s.valueChoice("w" + i, 1, 2, 3, 4)).build());
            }
            return net;
        }, 500);
        IllegalStateException e = assertThrows(IllegalStateException.class, space::size);
        assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("conditional")
                && e.getMessage().contains("500"), e.getMessage());
        assertTrue(space.isConditional());
        assertEquals("n", space.choices().get(0).label());
        assertTrue(space.summary().contains("more than 500 architectures"), space.summary());
        assertTrue(space.choices().size() == 7, "probes find every width: " + space.choices());
    }
}
