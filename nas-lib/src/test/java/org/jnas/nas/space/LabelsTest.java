package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared labels, and the errors a bad label or a bad sample gets: each names the label. */
class LabelsTest {
    private static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    private static final ModelSpace TWO = ModelSpace.define("two", s -> new SequentialBlock()
            .add(linear(s.valueChoice("width", 16, 32)))
            .add(s.layerChoice("head", () -> linear(2), () -> linear(3))));

    private static IllegalArgumentException rejects(Runnable action, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        return e;
    }

    @Test
    void aMissingLabelIsNamedWithItsCandidates() {
        rejects(() -> TWO.instantiate(Sample.of(Map.of("width", 16))), "'head'", "[0, 1]");
    }

    @Test
    void anUnknownLabelIsNamed() {
        rejects(() -> TWO.instantiate(Sample.of(Map.of("width", 16, "head", 0, "depth", 3))), "'depth'", "not used");
    }

    @Test
    void anOutOfRangeValueIsNamedWithTheCandidates() {
        rejects(() -> TWO.instantiate(Sample.of(Map.of("width", 24, "head", 0))), "'width'", "24", "[16, 32]");
        rejects(() -> TWO.instantiate(Sample.of(Map.of("width", 16, "head", 2))), "'head'", "2", "[0, 1]");
        rejects(() -> TWO.validate(Sample.fromJson("{\"width\":16.5,\"head\":0}")), "'width'", "16.5");
        rejects(() -> TWO.instantiate(Sample.fromJson("{\"width\":\"16\",\"head\":0}")), "'width'");
    }

    @Test
    void anOutOfRangeDecisionIsNamed() {
        rejects(() -> TWO.sample(c -> c.label().equals("head") ? 5 : 0), "'head'", "5", "2 candidates");
        rejects(() -> TWO.sample(c -> -1), "'width'");
    }

    @Test
    void aSharedLabelIsOneDecision() {
        List<Integer> widths = new ArrayList<>();
        ModelSpace space = ModelSpace.define("shared", s -> {
            int a = s.valueChoice("width", 16, 32, 64);
            int b = s.valueChoice("width", 16, 32, 64);
            widths.add(a);
            widths.add(b);
            return new SequentialBlock().add(linear(a))
                    .add(s.layerChoice("act", () -> linear(b), () -> linear(b + 1)))
                    .add(s.layerChoice("act", () -> linear(b), () -> linear(b + 1)));
        });
        assertEquals(BigInteger.valueOf(6), space.size());
        assertEquals(List.of("width", "act"), space.choices().stream().map(Choice::label).toList());
        widths.clear();
        Sample sample = space.sample(c -> c.size() - 1);
        assertEquals(Sample.of(Map.of("width", 64, "act", 1)), sample);
        assertEquals(List.of(64, 64), widths);
    }

    @Test
    void aLabelReusedWithOtherCandidatesIsAnErrorAtExplorationAndInstantiation() {
        ModelSpace clash = ModelSpace.define("clash", s -> {
            s.valueChoice("width", 16, 32);
            return linear(s.valueChoice("width", 16, 64));
        });
        rejects(clash::size, "'width'", "[16, 32]", "[16, 64]");
        rejects(() -> clash.instantiate(Sample.of(Map.of("width", 16))), "'width'", "different candidates");
    }

    @Test
    void aLabelReusedAcrossKindsIsAnError() {
        ModelSpace clash = ModelSpace.define("kinds", s -> {
            s.valueChoice("x", 0, 1);
            return s.layerChoice("x", () -> linear(1), () -> linear(2));
        });
        rejects(clash::choices, "'x'", "VALUE", "LAYER");
        ModelSpace input = ModelSpace.define("kinds2", s -> {
            s.repeat("y", List.of(1, 2), i -> linear(1));
            return s.inputChoice("y", 2, 1, Reduction.SUM);
        });
        rejects(() -> input.instantiate(Sample.of(Map.of("y", 1))), "'y'", "REPEAT", "INPUT");
    }

    @Test
    void aLabelDeclaredDifferentlyInTwoBranchesIsAnError() {
        ModelSpace branches = ModelSpace.define("branches", s -> s.valueChoice("deep", false, true)
                ? linear(s.valueChoice("width", 8, 16))
                : linear(s.valueChoice("width", 4, 8)));
        rejects(branches::size, "'width'", "different candidates");
    }

    @Test
    void badDeclarationsNameTheLabel() {
        rejects(() -> ModelSpace.define("dup", s -> linear(s.valueChoice("w", 8, 8))).size(), "'w'", "twice");
        rejects(() -> ModelSpace.define("dup2", s -> linear(s.<Number>valueChoice("w", 8, 8L).intValue())).size(), "'w'", "twice");
        rejects(() -> ModelSpace.define("empty", s -> linear(s.<Integer>valueChoice("w", List.of()))).size(), "'w'");
        rejects(() -> ModelSpace.define("blank", s -> linear(s.valueChoice(" ", 1, 2))).size(), "blank");
        rejects(() -> ModelSpace.define("in", s -> s.inputChoice("pick", 2, 3, Reduction.SUM)).size(), "'pick'", "3 of 2");
        rejects(() -> ModelSpace.define("rep", s -> s.repeat("depth", List.of(1, -1), i -> linear(1))).size(),
                "'depth'", "-1");
        rejects(() -> ModelSpace.define(" ", s -> linear(1)), "name");
        rejects(() -> ModelSpace.define("huge", s -> s.inputChoice("many", 40, 20, Reduction.SUM)).size(),
                "'many'", "more than");
    }

    @Test
    void nullCandidatesAndASpaceThatThrowsForSomeDecisionsAreNamed() {
        rejects(() -> ModelSpace.define("nul", s -> s.layerChoice("L", () -> linear(1), null)).size(),
                "label 'L': candidate 1 is null");
        rejects(() -> ModelSpace.define("nul", s -> linear(s.valueChoice("w", 1, null))).size(),
                "label 'w': value 1 is null");
        ModelSpace throwy = ModelSpace.define("throwy", s -> {
            int a = s.valueChoice("a", 1, 2, 3, 4);
            int b = s.valueChoice("b", 1, 2, 3);
            if (a == 4 && b == 3) {
                throw new IllegalStateException("a*b too big");
            }
            return linear(a * b);
        });
        rejects(throwy::size, "space 'throwy' cannot be built with {a=4, b=3}", "IllegalStateException: a*b too big");
    }

    @Test
    void enumValuesSurviveJson() {
        ModelSpace space = ModelSpace.define("enum", s -> {
            Reduction r = s.valueChoice("merge", Reduction.SUM, Reduction.CONCAT);
            return s.inputChoice("in", 2, 2, r);
        });
        Sample sample = Sample.of(Map.of("merge", Reduction.CONCAT, "in", List.of(0, 1)));
        Sample read = Sample.fromJson(sample.toJson());
        assertEquals("CONCAT", read.get("merge"));
        assertEquals(sample, space.validate(read));
        assertEquals(Reduction.CONCAT, ((InputChoiceBlock) space.instantiate(read)).reduction());
    }

    @Test
    void charAndShapeValuesSurviveJsonAndEqualTheirChoices() {
        Object[] built = new Object[2];
        ModelSpace space = ModelSpace.define("kinds", s -> {
            built[0] = s.valueChoice("padding", 'v', 's');
            built[1] = s.valueChoice("kernel", new Shape(3, 3), new Shape(5, 5));
            return linear(1);
        });
        Sample sample = Sample.of(Map.of("padding", 's', "kernel", new Shape(5, 5)));
        Sample read = Sample.fromJson(sample.toJson());
        assertEquals(sample, read, "equal, and so one architecture to a dedup strategy");
        assertEquals(sample.hashCode(), read.hashCode());
        assertEquals(sample, space.validate(read));
        space.instantiate(read);
        assertEquals(List.of('s', new Shape(5, 5)), List.of(built), "the space gets its candidates, not what JSON read");
        rejects(() -> space.validate(Sample.fromJson("{\"padding\":\"x\",\"kernel\":{\"shape\":[3,3]}}")),
                "'padding'", "\"x\" is not one of its candidates [v, s]");
    }

    @Test
    void typedGettersReadValuesAlsoAfterAJsonRoundTrip() {
        Sample read = Sample.fromJson(Sample.of(Map.of("width", 16, "rate", 0.25, "op", "conv")).toJson());
        assertEquals(16, read.getInt("width"));
        assertEquals(0.25, read.getDouble("rate"));
        assertEquals(16.0, read.getDouble("width"));
        assertEquals("conv", read.getString("op"));
        rejects(() -> read.getInt("rate"), "'rate'", "0.25", "not an int");
        rejects(() -> read.getString("width"), "'width'", "16", "not a String");
        rejects(() -> read.getInt("depth"), "no label 'depth'", "width");
    }
}
