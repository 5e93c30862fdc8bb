package org.jnas.nas.results;

/** No experiment with the id asked for is stored; the message says how to list the ids. */
public final class UnknownExperimentException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String experimentId;

    public UnknownExperimentException(String experimentId, String message) {
        super(message);
        this.experimentId = experimentId;
    }

    /** The id that was not found. */
    public String experimentId() {
        return experimentId;
    }
}
