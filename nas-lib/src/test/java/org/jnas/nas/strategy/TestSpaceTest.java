package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/** The test space must itself follow the SearchSpace contract, or the strategy tests prove nothing. */
class TestSpaceTest {

    @Test
    void conditionalSpaceEnumeratesEachArchitectureOnceDepthFirst() {
        TestSpace space = TestSpace.conditional();
        List<Sample> all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        assertEquals(BigInteger.valueOf(39), space.size());
        assertEquals(39, all.size());
        assertEquals(39, new HashSet<>(all).size());
        assertEquals(Sample.of(Map.of("n", 1, "w0", 16)), all.get(0));
        assertEquals(Sample.of(Map.of("n", 1, "w0", 32)), all.get(1));
        for (Sample s : all) {
            assertEquals(((Number) s.get("n")).intValue() + 1, s.size());
            assertEquals(s, space.validate(s));
        }
    }

    @Test
    void sampleMeetsOnlyTheChoicesItsDecisionsReach() {
        Sample s = TestSpace.conditional().sample(c -> c.label().equals("n") ? 1 : 2);
        assertEquals(Sample.of(Map.of("n", 2, "w0", 64, "w1", 64)), s);
        assertThrows(IllegalArgumentException.class, () -> TestSpace.conditional().sample(c -> 3));
    }

    @Test
    void validateNamesTheBadLabel() {
        TestSpace space = TestSpace.conditional();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> space.validate(Sample.of(Map.of("n", 2, "w0", 16)))).getMessage().contains("'w1'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> space.validate(Sample.of(Map.of("n", 1, "w0", 16, "w2", 16)))).getMessage().contains("'w2'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> space.validate(Sample.of(Map.of("n", 1, "w0", 17)))).getMessage().contains("'w0'"));
    }

    @Test
    void gridSpaceIsTheProductOfItsChoices() {
        TestSpace space = TestSpace.grid(3, 4);
        assertEquals(BigInteger.valueOf(64), space.size());
        assertEquals(BigInteger.valueOf(5).pow(20), TestSpace.grid(20, 5).size());
        int n = 0;
        for (Sample ignored : space.enumerate()) {
            n++;
        }
        assertEquals(64, n);
    }
}
