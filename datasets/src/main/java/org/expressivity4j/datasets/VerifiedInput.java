package org.expressivity4j.datasets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The content of one dataset file as a stream, checked against its {@link DataFile} once read: no bytes beyond the
 * expected content, the expected size, and the expected SHA-256. Readers parse from {@link #stream()} and then call
 * {@link #finish()}; a file that parses but differs from the official one is still rejected.
 */
public final class VerifiedInput implements AutoCloseable {

    private final DataFile expected;
    private final String source;
    private final CountingDigestStream in;

    /**
     * @param content  the uncompressed content (the caller has already unwrapped gzip or tar)
     * @param expected what the content must be
     * @param source   where it comes from, for messages (a path, or an archive and member)
     */
    public VerifiedInput(InputStream content, DataFile expected, String source) {
        this.expected = expected;
        this.source = source;
        this.in = new CountingDigestStream(content, Digests.create("SHA-256"));
    }

    /** The content; read it, then call {@link #finish()}. */
    public InputStream stream() {
        return in;
    }

    /** Where the content comes from, for messages. */
    public String source() {
        return source;
    }

    /**
     * Checks that the content has ended and matches the expected size and SHA-256.
     *
     * @throws DatasetException naming the file, what was expected and what was found
     * @throws IOException      if reading the rest fails
     */
    public void finish() throws IOException {
        if (in.read() != -1) {
            throw new DatasetException(source + ": longer than the official " + expected.name() + " ("
                    + expected.size() + " bytes); it is not the official file. " + remedy());
        }
        if (in.count != expected.size()) {
            throw new DatasetException(source + ": " + in.count + " bytes, expected " + expected.size()
                    + " for the official " + expected.name() + ". " + remedy());
        }
        String actual = HexFormat.of().formatHex(in.digest.digest());
        if (!actual.equals(expected.sha256())) {
            throw new DatasetException(source + ": SHA-256 of the content is " + actual + ", expected "
                    + expected.sha256() + " for the official " + expected.name() + "; the file is corrupt or not "
                    + "the official one. " + remedy());
        }
    }

    /** The verified SHA-256, once {@link #finish()} has passed. */
    public String sha256() {
        return expected.sha256();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static String remedy() {
        return "Replace it with the official file, or delete it so that it is downloaded again.";
    }

    /** Counts and digests everything read through it, skipped bytes included. */
    private static final class CountingDigestStream extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        CountingDigestStream(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
