package org.jnas.nas.strategy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/** A space's choices numbered, so models over choices can live in arrays. */
final class ChoiceIndex {
    private final List<Choice> choices;
    private final Map<String, Integer> ids = new HashMap<>();

    ChoiceIndex(SearchSpace space) {
        this.choices = List.copyOf(space.choices());
        for (int i = 0; i < choices.size(); i++) {
            ids.put(choices.get(i).label(), i);
        }
    }

    int count() {
        return choices.size();
    }

    Choice choice(int id) {
        return choices.get(id);
    }

    /** The id of {@code choice}'s label. */
    int id(Choice choice) {
        Integer id = ids.get(choice.label());
        if (id == null) {
            throw new IllegalStateException("the space met choice '" + choice.label() + "' that choices() does not list");
        }
        return id;
    }

    /** Candidate index per choice id, -1 where the sample does not hold that label. */
    int[] encode(Sample sample) {
        int[] x = new int[choices.size()];
        Arrays.fill(x, -1);
        for (Map.Entry<String, Object> e : sample.values().entrySet()) {
            Integer id = ids.get(e.getKey());
            if (id != null) {
                x[id] = choices.get(id).indexOf(e.getValue());
            }
        }
        return x;
    }
}
