package org.jnas.nas.strategy;

import java.util.Objects;

/**
 * A strategy's saved state ({@link Strategy#saveState()}): an immutable JSON text that
 * {@link Strategy#restoreState} continues from, in this process or after a restart. The text is
 * the strategy's own; a store keeps it as it is.
 */
public final class StrategyState {
    private final String json;

    private StrategyState(String json) {
        this.json = json;
    }

    /** The state written as {@code json} (what {@link #json()} returned). */
    public static StrategyState of(String json) {
        Objects.requireNonNull(json, "json");
        if (json.isBlank()) {
            throw new IllegalArgumentException("a strategy state is a JSON text, got a blank string");
        }
        return new StrategyState(json);
    }

    /** The state as JSON text. */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrategyState other && other.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.length() <= 200 ? json : json.substring(0, 200) + "... (" + json.length() + " characters)";
    }
}
