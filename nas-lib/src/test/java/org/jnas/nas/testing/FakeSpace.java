package org.jnas.nas.testing;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/** A static space for engine tests: a in {0, 1, 2} x b in {x, y}; its blocks are identities. */
public final class FakeSpace implements SearchSpace {
    public static final Choice A = new Choice("a", ChoiceKind.VALUE, List.of(0, 1, 2));
    public static final Choice B = new Choice("b", ChoiceKind.VALUE, List.of("x", "y"));

    @Override
    public List<Choice> choices() {
        return List.of(A, B);
    }

    @Override
    public Sample sample(ToIntFunction<Choice> decide) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Choice c : choices()) {
            values.put(c.label(), c.candidates().get(decide.applyAsInt(c)));
        }
        return Sample.of(values);
    }

    @Override
    public Sample validate(Sample sample) {
        return sample;
    }

    @Override
    public BigInteger size() {
        return BigInteger.valueOf(6);
    }

    @Override
    public Iterable<Sample> enumerate() {
        List<Sample> all = new ArrayList<>();
        for (Object a : A.candidates()) {
            for (Object b : B.candidates()) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("a", a);
                values.put("b", b);
                all.add(Sample.of(values));
            }
        }
        return all;
    }

    /** The same space as a model space (for what needs one: resume, CODE export). */
    public static ModelSpace model() {
        return ModelSpace.define("fake", s -> {
            s.valueChoice("a", 0, 1, 2);
            s.valueChoice("b", "x", "y");
            return Blocks.identityBlock();
        });
    }

    public static Block build(Sample sample) {
        return Blocks.identityBlock();
    }

    public static int a(Sample sample) {
        return ((Number) sample.get("a")).intValue();
    }
}
