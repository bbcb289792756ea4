package org.expressivity4j.dl4j.listeners;

/**
 * What a file sink ({@link CsvSink}, {@link JsonLinesSink}) does when its file already holds records, so that two
 * training runs never end up mixed in one file without being asked for. The file is opened at the first probe, and
 * that probe's iteration decides.
 *
 * <p>A run <em>continues</em> a file when its first iteration comes after the file's last one: a network restored
 * with {@code ModelSerializer} keeps its iteration count, so a listener attached to it again goes on after the
 * records the saved network left. A run whose first iteration is at or before the file's last one (a fresh network
 * starts at 0) is another run.
 */
public enum ExistingRecords {

    /**
     * The default: append when the run continues the file; otherwise leave the file as it is and write the run to a
     * new file beside it, {@code name-2.csv}, then {@code name-3.csv}, ... (the first free number), logging one WARN
     * line that names the new file. Of such a series, the newest file is the one that is continued. A sink that
     * receives a second run itself (a listener reused on a fresh network) also moves on to the next new file.
     */
    CONTINUE_OR_NEW_FILE,

    /** Always append, also another run's records: for files that are meant to hold several runs. */
    APPEND,

    /**
     * Delete the records the file holds when the sink opens it (one INFO line says up to which iteration it held),
     * then write. A second run through the same sink goes to a new file, as with {@link #CONTINUE_OR_NEW_FILE}.
     */
    OVERWRITE
}
