package org.expressivity4j.sweep;

/** A cell's run ended with a non-zero exit code; the message is what the command said on standard error. */
public final class CellFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CellFailure(String cellId, int exitCode, String message) {
        super("cell " + cellId + " exited with code " + exitCode + ": " + message);
        this.exitCode = exitCode;
    }

    /** 1: the run failed; 2: the cell's arguments were refused. */
    public int exitCode() {
        return exitCode;
    }
}
