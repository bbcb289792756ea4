package org.expressivity4j.trainers.reproduce;

/** How a claim of the paper fares in a run; decided by a {@link Rule}, never by hand. */
public enum Verdict {
    REPRODUCED("reproduced"),
    PARTLY("partly"),
    NOT_REPRODUCED("not reproduced"),
    NOT_RUN("not run in this profile");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The word the report shows. */
    public String label() {
        return label;
    }
}
