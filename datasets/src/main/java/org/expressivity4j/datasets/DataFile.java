package org.expressivity4j.datasets;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a dataset as its publisher ships it, identified by the SHA-256 of its uncompressed content, so the
 * same check holds whether the file sits on disk raw, gzipped, or inside the official archive.
 *
 * @param name   the official file name, e.g. {@code train-images-idx3-ubyte} or {@code data_batch_1.bin}
 * @param size   size of the uncompressed content in bytes
 * @param sha256 SHA-256 of the uncompressed content, lower-case hex
 */
public record DataFile(String name, long size, String sha256) {

    public DataFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
    }

    /** The names under which this file is accepted in a folder: as shipped, or gzipped. */
    public String[] acceptedNames() {
        return new String[] {name, name + ".gz"};
    }
}
