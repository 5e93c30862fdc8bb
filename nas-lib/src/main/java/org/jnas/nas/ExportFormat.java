package org.jnas.nas;

import java.util.Map;

/**
 * How {@code exportTopModels(k, format)} returns the best architectures; the format decides the
 * type of what comes back: {@code List<Map<String, Object>> top = exp.exportTopModels(3,
 * ExportFormat.DICT)}.
 *
 * @param <T> what one exported model is
 */
public final class ExportFormat<T> {
    /**
     * Each as a map: the sample's choices in the space's order, then the trial's final metrics
     * ("default" as {@code metric}) and its id as {@code trial}, e.g.
     * {@code {conv2=1, dropout1=0.5, feature=128, metric=0.87, trial=5}}.
     */
    public static final ExportFormat<Map<String, Object>> DICT = new ExportFormat<>("DICT");

    /** Each as Java source of a class that rebuilds that exact model without the space. */
    public static final ExportFormat<String> CODE = new ExportFormat<>("CODE");

    private final String name;

    private ExportFormat(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
