package org.jnas.nas.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileLimitTest {
    private static Profile profile(long parameters, long macs, List<String> unknown) {
        return new Profile(new Shape(1, 8), parameters, macs, 4 * parameters, unknown);
    }

    @Test
    void limitsAreInclusive() {
        assertTrue(ProfileLimit.parameters(100).allows(profile(100, 10_000, List.of())));
        assertFalse(ProfileLimit.parameters(100).allows(profile(101, 0, List.of())));
        assertTrue(ProfileLimit.macs(500).allows(profile(10_000, 500, List.of())));
        assertFalse(ProfileLimit.macs(500).allows(profile(1, 501, List.of())));
        assertEquals("parameters <= 1,000,000", ProfileLimit.parameters(1_000_000).toString());
        assertThrows(IllegalArgumentException.class, () -> ProfileLimit.macs(-1));
    }

    @Test
    void unknownMacsAreNeverGuessed() {
        // parameters are exact for any block, so a parameter limit still applies
        assertTrue(ProfileLimit.parameters(100).allows(profile(50, 0, List.of("01 Scale"))));
        // counted MACs are a lower bound: over the limit already is a breach ...
        assertFalse(ProfileLimit.macs(500).allows(profile(1, 600, List.of("01 Scale"))));
        // ... within it, whether it breaks the limit cannot be told
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProfileLimit.macs(500).allows(profile(1, 400, List.of("01 Scale"))));
        assertTrue(e.getMessage().contains("01 Scale"), e.getMessage());
    }
}
