package org.jnas.nas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnas.nas.trial.TrialRecord;

/** The DICT form of an exported trial. */
public final class TopModels {
    private TopModels() {}

    /**
     * The trial's choices in the space's order, then its final metrics ("default" as
     * {@code metric}, others by name) and its id as {@code trial}, e.g.
     * {@code {conv2=1, dropout1=0.5, feature=128, metric=0.87, trial=5}}. A metric named like a
     * choice label is prefixed {@code metric.}.
     */
    public static Map<String, Object> dict(TrialRecord trial) {
        Map<String, Object> out = new LinkedHashMap<>(trial.sample().values());
        trial.finalMetrics().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String key = e.getKey().equals(TrialRecord.DEFAULT_METRIC) ? "metric" : e.getKey();
                    out.put(out.containsKey(key) ? "metric." + key : key, e.getValue());
                });
        out.put(out.containsKey("trial") ? "trial.id" : "trial", trial.id());
        return out;
    }
}
