package org.expressivity4j.datasets;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digests by name, without checked exceptions (every JVM has SHA-256 and MD5). */
final class Digests {

    private Digests() {
    }

    static MessageDigest create(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
        }
    }
}
