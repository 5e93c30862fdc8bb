package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.Quickstart;
import org.junit.jupiter.api.Test;

/** Sizes of large spaces, lazy enumeration, determinism. */
class SizeAndEnumerationTest {
    /** 20 labels of 5 candidates: 5^20 (about 9.5e13) architectures. */
    static ModelSpace wide() {
        return wide(new AtomicInteger());
    }

    /** {@link #wide()}, counting the runs of its space function in {@code runs}. */
    static ModelSpace wide(AtomicInteger runs) {
        return ModelSpace.define("wide", s -> {
            runs.incrementAndGet();
            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < 20; i++) {
                net.add(Linear.builder().setUnits(s.valueChoice("units" + i, 8, 16, 32, 64, 128)).build());
            }
            return net;
        });
    }

    @Test
    void aLargeUnconditionalSpaceIsSizedByTheProductAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        ModelSpace space = wide(runs);
        assertEquals(BigInteger.valueOf(5).pow(20), space.size());
        // At once: the probe runs only (all first; each other candidate of each label; the random
        // ones), never one run per architecture.
        int probes = 1 + 20 * SpaceExplorer.probedCandidates(5).size() + SpaceExplorer.RANDOM_PROBES;
        assertEquals(probes, runs.get(), "runs of the space function to size 5^20 architectures");
        assertFalse(space.isConditional());
        assertEquals(20, space.choices().size());
        assertTrue(space.summary().contains("95367431640625 architectures (product of the candidate counts)"),
                space.summary());
        assertEquals(probes, runs.get(), "the space is explored once");
    }

    @Test
    void aLargeSpaceCanBeEnumeratedInPartLastLabelFastest() {
        Iterator<Sample> it = wide().enumerate().iterator();
        Sample first = it.next();
        Sample second = it.next();
        for (int i = 2; i < 5; i++) {
            it.next();
        }
        Sample sixth = it.next();
        assertEquals(20, first.size());
        assertEquals(8, first.get("units19"));
        assertEquals(16, second.get("units19"));
        assertEquals(8, second.get("units18"));
        assertEquals(16, sixth.get("units18"));
        assertEquals(8, sixth.get("units19"));
        assertTrue(it.hasNext());
    }

    @Test
    void probesOfAChoiceWithManyCandidatesAreCappedAndReachTheLast() {
        assertEquals(List.of(1, 2, 3, 4), SpaceExplorer.probedCandidates(5));
        List<Integer> many = SpaceExplorer.probedCandidates(1_000_000);
        assertEquals(SpaceExplorer.PROBES_PER_CHOICE, many.size());
        assertEquals(999_999, many.get(many.size() - 1));
        assertEquals(List.of(), SpaceExplorer.probedCandidates(1));
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add(i + 1);
        }
        AtomicInteger runs = new AtomicInteger();
        ModelSpace space = ModelSpace.define("many", s -> {
            runs.incrementAndGet();
            return Linear.builder().setUnits(s.valueChoice("units", values)).build();
        }, 1_000);
        assertEquals(BigInteger.valueOf(5_000), space.size());
        assertEquals(1 + SpaceExplorer.PROBES_PER_CHOICE + SpaceExplorer.RANDOM_PROBES, runs.get());
    }

    @Test
    void aSpaceWithoutChoicesHasOneArchitectureTheEmptySample() {
        ModelSpace fixed = ModelSpace.define("fixed", s -> Linear.builder().setUnits(3).build());
        assertEquals(BigInteger.ONE, fixed.size());
        List<Sample> all = new ArrayList<>();
        fixed.enumerate().forEach(all::add);
        assertEquals(List.of(Sample.empty()), all);
        assertInstanceOf(Linear.class, fixed.instantiate(Sample.empty()));
        assertEquals(List.of(), fixed.choices());
    }

    @Test
    void aSmallSpaceIsCountedEvenWhenItLooksUnconditional() {
        // The structure changes only when both a and b take their last candidate: no single-choice
        // probe sees it, so only the exact count (used below the count limit) gets it right.
        ModelSpace sneaky = ModelSpace.define("sneaky", s -> {
            int a = s.valueChoice("a", 1, 2, 3);
            int b = s.valueChoice("b", 1, 2, 3);
            int units = a == 3 && b == 3 ? s.valueChoice("c", 4, 5) : a + b;
            return Linear.builder().setUnits(units).build();
        });
        assertEquals(BigInteger.valueOf(8 + 2), sneaky.size());
        assertTrue(sneaky.isConditional());
    }

    @Test
    void theSameSampleAlwaysBuildsTheSameArchitecture() {
        ModelSpace space = Quickstart.space();
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            Sample sample = space.sample(c -> random.nextInt(c.size()));
            String first = space.instantiate(sample).toString();
            assertEquals(first, space.instantiate(sample).toString());
            assertEquals(first, space.instantiate(Sample.fromJson(sample.toJson())).toString());
        }
        List<Sample> once = new ArrayList<>();
        List<Sample> twice = new ArrayList<>();
        space.enumerate().forEach(once::add);
        space.enumerate().forEach(twice::add);
        assertEquals(once, twice);
    }

    @Test
    void everySampleOfASpaceValidatesToItselfAndRoundTripsThroughJson() {
        ModelSpace space = ConditionalSpaceTest.mlp();
        for (Sample sample : space.enumerate()) {
            Sample read = Sample.fromJson(sample.toJson());
            assertEquals(sample, read);
            assertEquals(sample, space.validate(read));
            assertEquals(List.copyOf(sample.values().keySet()), List.copyOf(space.validate(read).values().keySet()));
        }
    }

    @Test
    void samplesDrawnFromAStrategyCoverTheChoicesItSees() {
        ModelSpace space = wide();
        List<Choice> choices = space.choices();
        Sample last = space.sample(c -> c.size() - 1);
        for (Choice c : choices) {
            assertEquals(128, last.get(c.label()));
        }
        assertEquals(List.copyOf(last.values().keySet()), choices.stream().map(Choice::label).toList());
    }

    @Test
    void threadsCanInstantiateOneSpaceAtOnce() throws Exception {
        ModelSpace space = ConditionalSpaceTest.mlp();
        List<Sample> all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> built = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Sample sample : all) {
                    built.add(pool.submit(() -> {
                        Block block = space.instantiate(sample);
                        return sample + " " + block;
                    }));
                }
            }
            for (int i = 0; i < built.size(); i++) {
                Sample sample = all.get(i % all.size());
                assertEquals(sample + " " + space.instantiate(sample), built.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
