package org.expressivity4j.datasets;

/**
 * A dataset that cannot be found, fetched or read as specified: a missing, corrupt, truncated or wrong file, or a
 * failed download. The message names the file and says what was expected, and how to fix it where that is known;
 * it is written for the person running the program.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
