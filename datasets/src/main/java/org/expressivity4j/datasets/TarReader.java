package org.expressivity4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sequential reader of a tar stream (POSIX ustar, with GNU long names), enough to read members of the official
 * CIFAR-10 archive without unpacking it to disk.
 */
final class TarReader {

    private static final int BLOCK = 512;

    /** One member: its path inside the archive, its size, and whether it is a regular file. */
    record Entry(String name, long size, boolean regularFile) {

        /** The last path component. */
        String baseName() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(slash + 1);
        }
    }

    private final InputStream in;
    private final String source;
    private long remaining;
    private long padding;

    TarReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Advances to the next member, skipping what is left of the current one; null at the end of the archive. */
    Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0) {
                return null;
            }
            if (header.length < BLOCK) {
                throw new DatasetException(source + ": truncated tar archive (a header block ends early)");
            }
            if (isZero(header)) {
                return null;
            }
            verifyChecksum(header);
            long size = parseSize(header);
            char type = (char) header[156];
            String name = longName != null ? longName : name(header);
            long pad = (BLOCK - size % BLOCK) % BLOCK;
            if (type == 'L') {
                byte[] raw = readExactly(size);
                skipFully(pad);
                longName = cString(raw, 0, raw.length);
                continue;
            }
            remaining = size;
            padding = pad;
            return new Entry(name, size, type == '0' || type == '\0');
        }
    }

    /** The current member's content; reading past it returns end of stream. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw truncated();
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated();
                }
                remaining -= n;
                return n;
            }
        };
    }

    private DatasetException truncated() {
        return new DatasetException(source + ": truncated tar archive (a member ends early)");
    }

    private byte[] readExactly(long size) throws IOException {
        if (size > 1 << 20) {
            throw new DatasetException(source + ": implausible long-name block of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw truncated();
        }
        return data;
    }

    private void skipFully(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw truncated();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void verifyChecksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        long stored = parseOctal(header, 148, 8);
        if (stored != sum) {
            throw new DatasetException(source + ": not a tar archive, or a corrupt one (header checksum " + stored
                    + ", computed " + sum + ")");
        }
    }

    private long parseSize(byte[] header) {
        if ((header[124] & 0x80) != 0) { // GNU base-256 encoding for large sizes
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xFF);
            }
            return size;
        }
        return parseOctal(header, 124, 12);
    }

    private long parseOctal(byte[] header, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (value != 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new DatasetException(source + ": not a tar archive, or a corrupt one (bad octal field)");
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
