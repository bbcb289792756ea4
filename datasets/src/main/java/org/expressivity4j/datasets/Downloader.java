package org.expressivity4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a dataset's {@link Download}s into a folder, verifying every byte before anything appears under its
 * final name: each download goes to a temporary file in the target folder, its digest is checked, and only then is
 * it moved into place atomically (archives are extracted member by member the same way). An interrupted or corrupt
 * download leaves nothing behind that could be mistaken for data. Works with {@code http(s):} and {@code file:}
 * URLs.
 */
public final class Downloader {

    /** Receives download progress; called often, from the downloading thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param fileName the file being fetched
         * @param bytes    bytes received so far
         * @param total    expected total, or -1 if unknown
         */
        void progress(String fileName, long bytes, long total);

        /** A listener that ignores progress. */
        static Listener none() {
            return (f, b, t) -> { };
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final int BUFFER = 1 << 16;

    private final Duration timeout;

    /** A downloader with a 30-second connect and read timeout. */
    public Downloader() {
        this(Duration.ofSeconds(30));
    }

    public Downloader(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Fetches every download of the spec into {@code folder} (created if needed) so that the folder then holds all
     * of the dataset's files.
     *
     * @throws DatasetException if a download fails from every URL; the message lists each attempt
     */
    public void install(DatasetSpec spec, Path folder, Listener listener) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DatasetException("cannot create the data folder " + folder + ": " + e.getMessage(), e);
        }
        for (Download download : spec.downloads()) {
            Path fetched = fetch(download, folder, listener);
            if (download.packaging() == Download.Packaging.TAR_GZ) {
                try {
                    extract(spec, fetched, folder);
                } finally {
                    deleteQuietly(fetched);
                }
            }
        }
    }

    /**
     * Fetches one download, trying its URLs in order, and returns the verified file: {@code folder/fileName} for a
     * gzipped data file, a temporary file in {@code folder} for an archive (the caller extracts and deletes it).
     */
    public Path fetch(Download download, Path folder, Listener listener) {
        List<String> failures = new ArrayList<>();
        for (URI url : download.urls()) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile(folder, download.fileName() + ".", ".part");
                log.info("downloading {} from {}", download.fileName(), url);
                String digest = copy(url, tmp, download, listener);
                if (!digest.equals(download.digest())) {
                    failures.add(url + ": " + download.algorithm() + " " + digest + ", expected " + download.digest()
                            + " (checksum mismatch: the file is corrupt or not the official one)");
                    deleteQuietly(tmp);
                    continue;
                }
                long size = Files.size(tmp);
                if (download.size() >= 0 && size != download.size()) {
                    failures.add(url + ": " + size + " bytes, expected " + download.size());
                    deleteQuietly(tmp);
                    continue;
                }
                if (download.packaging() == Download.Packaging.TAR_GZ) {
                    return tmp;
                }
                Path target = folder.resolve(download.fileName());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.info("verified {} ({} {})", target, download.algorithm(), digest);
                return target;
            } catch (IOException | RuntimeException e) {
                failures.add(url + ": " + describe(e));
                if (tmp != null) {
                    deleteQuietly(tmp);
                }
            }
        }
        throw new DatasetException("could not download " + download.fileName() + ":\n  "
                + String.join("\n  ", failures));
    }

    private String copy(URI url, Path target, Download download, Listener listener) throws IOException {
        URLConnection connection = url.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        if (connection instanceof HttpURLConnection http) {
            http.setInstanceFollowRedirects(true);
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status + " " + http.getResponseMessage());
            }
        }
        long total = download.size() >= 0 ? download.size() : connection.getContentLengthLong();
        MessageDigest digest = Digests.create(download.algorithm());
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        long reported = 0;
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                if (done - reported >= (1 << 20)) {
                    listener.progress(download.fileName(), done, total);
                    reported = done;
                }
            }
        }
        listener.progress(download.fileName(), done, total);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Extracts the spec's files from a verified tar.gz, each verified by content SHA-256 before its atomic move. */
    private void extract(DatasetSpec spec, Path archive, Path folder) {
        int extracted = 0;
        try (InputStream raw = Files.newInputStream(archive); InputStream gz = new GZIPInputStream(raw, BUFFER)) {
            TarReader tar = new TarReader(gz, archive.toString());
            TarReader.Entry entry;
            while ((entry = tar.next()) != null) {
                var file = entry.regularFile() ? spec.file(entry.baseName()) : java.util.Optional.<DataFile>empty();
                if (file.isEmpty()) {
                    continue;
                }
                Path tmp = Files.createTempFile(folder, file.get().name() + ".", ".part");
                try {
                    try (VerifiedInput in = new VerifiedInput(tar.content(), file.get(), archive + "!" + entry.name());
                         OutputStream out = Files.newOutputStream(tmp)) {
                        in.stream().transferTo(out);
                        in.finish();
                    }
                    Files.move(tmp, folder.resolve(file.get().name()), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    extracted++;
                } finally {
                    deleteQuietly(tmp);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot extract " + archive + ": " + describe(e), e);
        }
        if (extracted < spec.files().size()) {
            throw new DatasetException(archive + ": holds " + extracted + " of the " + spec.files().size()
                    + " files of " + spec.title() + "; it is not the official archive.");
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", path, e.getMessage());
        }
    }
}
