package org.jnas.nas.internal.store;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;

/**
 * What the store keeps about an experiment when it is created.
 *
 * @param id the experiment's id, unique in the store
 * @param name the user's name for it
 * @param config its configuration as JSON (whatever the experiment wants back on resume)
 * @param spaceName the model space's name
 * @param choices the space's choices, in order (table columns, charts, resume)
 * @param strategyName the strategy's name, e.g. {@code "Random(dedup)"}
 * @param direction whether larger metrics are better
 */
public record ExperimentInfo(
        String id,
        String name,
        JsonObject config,
        String spaceName,
        List<Choice> choices,
        String strategyName,
        Direction direction) {

    public ExperimentInfo {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("experiment id is blank");
        }
        name = name == null ? "" : name;
        config = config == null ? new JsonObject() : config.deepCopy();
        spaceName = spaceName == null ? "" : spaceName;
        choices = List.copyOf(choices);
        strategyName = strategyName == null ? "" : strategyName;
        Objects.requireNonNull(direction, "direction");
    }

    /** This experiment with another configuration (e.g. limits changed while it runs). */
    public ExperimentInfo withConfig(JsonObject config) {
        return new ExperimentInfo(id, name, config, spaceName, choices, strategyName, direction);
    }

    /** The configuration (a copy: the record stays immutable). */
    @Override
    public JsonObject config() {
        return config.deepCopy();
    }
}
