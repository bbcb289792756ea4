package org.expressivity4j.datasets;

/** The training or the test part of a dataset, as its publisher splits it. */
public enum Split {
    TRAIN,
    TEST;

    /** Lower-case name for file names and tables. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
