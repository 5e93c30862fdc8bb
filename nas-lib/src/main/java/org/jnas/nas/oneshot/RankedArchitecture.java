package org.jnas.nas.oneshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the most likely architectures of a policy that ranks them itself (ENAS's LSTM), as an
 * epoch reports it.
 *
 * @param candidates per label its decisions meet, in the order the space meets them, the index
 *     of its candidate in the choice
 * @param probability the probability that a draw from the policy gives this architecture
 */
record RankedArchitecture(Map<String, Integer> candidates, double probability) {
    RankedArchitecture {
        candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
    }
}
