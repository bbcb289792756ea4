package org.expressivity4j.datasets;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One file to fetch from the publisher, with the digest the publisher (or an independent registry) gives for it.
 * Mirrors are tried in order; every one must deliver the same bytes.
 *
 * @param fileName  name of the downloaded file
 * @param urls      where to get it, in order of preference
 * @param size      expected size in bytes, or -1 where no authoritative size is known
 * @param algorithm digest algorithm name as {@link java.security.MessageDigest} knows it ({@code SHA-256}, {@code MD5})
 * @param digest    expected digest of the downloaded bytes, lower-case hex
 * @param packaging what the file holds
 */
public record Download(String fileName, List<URI> urls, long size, String algorithm, String digest,
                       Packaging packaging) {

    /** What a downloaded file holds. */
    public enum Packaging {
        /** One {@link DataFile}, gzipped; kept as it is ({@code <name>.gz}). */
        GZIP,
        /** A gzipped tar archive whose members include the {@link DataFile}s; they are extracted, then it is deleted. */
        TAR_GZ
    }

    public Download {
        Objects.requireNonNull(fileName, "fileName");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no URL for " + fileName);
        }
        Objects.requireNonNull(algorithm, "algorithm");
        digest = digest.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(packaging, "packaging");
    }
}
