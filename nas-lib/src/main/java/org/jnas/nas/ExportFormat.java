package org.jnas.nas;

/** How {@code Experiment.exportTopModels} returns the best architectures. */
public enum ExportFormat {
    /** Each as a map: the sample's choices plus the trial's metrics. */
    DICT,
    /** Each as Java source of a class that rebuilds that exact model without the space. */
    CODE
}
