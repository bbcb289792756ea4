package org.expressivity4j.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A dataset found on disk: either every file (raw or gzipped) in one folder, or an archive holding them. Its files
 * are read through {@link #read} and {@link #readAll}, which verify each file's content against the
 * {@link DatasetSpec}.
 *
 * @param spec     the dataset
 * @param location the folder holding the files, or the archive
 * @param source   which search location it was found in
 * @param files    file name to path (raw or {@code .gz}), in the spec's order; empty when read from an archive
 * @param archive  whether {@code location} is an archive
 */
public record LocatedDataset(DatasetSpec spec, Path location, Source source, Map<String, Path> files,
                             boolean archive) {

    /** Where a dataset was found, in the order the locations are searched. */
    public enum Source {
        DATA_DIR("--data-dir"),
        ENVIRONMENT(DataLocator.DATA_ENV),
        CACHE("the cache"),
        DOWNLOADED("downloaded into the cache");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How to name it to a user. */
        public String label() {
            return label;
        }
    }

    /** Parses one file's content; it must read the content to its end. */
    @FunctionalInterface
    public interface ContentReader<T> {
        /**
         * @param content the uncompressed content
         * @param file    which of the dataset's files it is
         * @param source  where it comes from (a path, or archive and member), for messages
         */
        T read(InputStream content, DataFile file, String source) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    public LocatedDataset {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(source, "source");
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** One line for logs and reports: where, and found how. */
    public String describe() {
        return location + " (" + source.label() + (archive ? ", archive" : "") + ")";
    }

    /** Reads and verifies one file. */
    public <T> T read(String name, ContentReader<T> reader) {
        return readAll(List.of(name), reader).get(0);
    }

    /**
     * Reads and verifies several files, in parallel when they are separate files (one pass when they sit in an
     * archive), and returns the results in the order of {@code names}.
     *
     * @throws DatasetException if a file is missing, malformed, or differs from the official one
     */
    public <T> List<T> readAll(List<String> names, ContentReader<T> reader) {
        List<DataFile> wanted = names.stream().map(spec::requireFile).toList();
        try {
            return archive ? readFromArchive(wanted, reader) : readFiles(wanted, reader);
        } catch (UncheckedIOException e) {
            throw new DatasetException("cannot read " + spec.title() + " from " + location + ": "
                    + describe(e.getCause()), e.getCause());
        }
    }

    /**
     * An I/O failure in words: the file and why. Java's file-system exceptions carry only the path as their message
     * ("permission denied" would be lost).
     */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied (make it readable by this user)";
        }
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private <T> List<T> readFiles(List<DataFile> wanted, ContentReader<T> reader) {
        return wanted.parallelStream().map(file -> {
            Path path = files.get(file.name());
            try (InputStream raw = Files.newInputStream(path)) {
                InputStream content = path.getFileName().toString().endsWith(".gz")
                        ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
                return parse(new VerifiedInput(content, file, path.toString()), file, reader);
            } catch (java.util.zip.ZipException e) {
                throw new DatasetException(path + ": not a valid gzip file (" + e.getMessage() + "). Replace it with "
                        + "the official file, or delete it so that it is downloaded again.", e);
            } catch (java.io.EOFException e) {
                throw new DatasetException(path + ": truncated (the gzip stream ends early). Replace it with the "
                        + "official file, or delete it so that it is downloaded again.", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private <T> List<T> readFromArchive(List<DataFile> wanted, ContentReader<T> reader) {
        Map<String, T> results = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(location);
             InputStream gz = new GZIPInputStream(raw, BUFFER)) {
            TarReader tar = new TarReader(gz, location.toString());
            TarReader.Entry entry;
            while (results.size() < wanted.size() && (entry = tar.next()) != null) {
                String base = entry.baseName();
                for (DataFile file : wanted) {
                    if (entry.regularFile() && file.name().equals(base) && !results.containsKey(base)) {
                        String where = location + "!" + entry.name();
                        results.put(base, parse(new VerifiedInput(tar.content(), file, where), file, reader));
                    }
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DatasetException(location + ": not a valid or complete .tar.gz archive (" + e.getMessage()
                    + "). Replace it with the official archive, or delete it so that it is downloaded again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<T> ordered = new ArrayList<>();
        for (DataFile file : wanted) {
            if (!results.containsKey(file.name())) {
                throw new DatasetException(location + ": the archive has no member " + file.name()
                        + "; it is not the official " + spec.title() + " archive.");
            }
            ordered.add(results.get(file.name()));
        }
        return ordered;
    }

    private static <T> T parse(VerifiedInput input, DataFile file, ContentReader<T> reader) throws IOException {
        T value = reader.read(input.stream(), file, input.source());
        input.finish();
        return value;
    }
}
