package org.expressivity4j.trainers.run;

/**
 * A failure that ends a run with a status of its own rather than {@code failed} (e.g. {@code diverged}): the run
 * folder's manifest records that status, and the command exits 1 with the message as its one line.
 */
public abstract class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RunFailure(String message) {
        super(message);
    }

    /** The manifest's status for a run that ended this way. */
    public abstract String status();
}
