package org.expressivity4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a dataset on disk, or downloads it. Locations are searched in this order: the folder given with
 * {@code --data-dir}, the folder in the environment variable {@value #DATA_ENV}, the per-user cache folder
 * ({@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/expressivity4j}, else {@code ~/.cache/expressivity4j}). In each,
 * the dataset's sub-folders (e.g. {@code mnist/}, {@code cifar10/}) are tried before the folder itself; a location
 * holds the dataset when one folder has every file (raw or {@code .gz}) or the official archive. If no location
 * holds it, it is downloaded into the cache (unless downloads are off), verified, and moved into place atomically.
 * The system properties {@value #DATA_PROPERTY} and {@value #CACHE_PROPERTY} override the two variables.
 */
public final class DataLocator {

    /** Environment variable naming a folder that holds the datasets. */
    public static final String DATA_ENV = "EXPRESSIVITY4J_DATA";
    /** System property naming the data folder; overrides {@value #DATA_ENV} (set it blank to ignore the variable). */
    public static final String DATA_PROPERTY = "expressivity4j.data";
    /** Environment variable naming the cache folder. */
    public static final String CACHE_ENV = "EXPRESSIVITY4J_CACHE";
    /** System property naming the cache folder; overrides {@value #CACHE_ENV}. */
    public static final String CACHE_PROPERTY = "expressivity4j.cache";

    private static final Logger log = LoggerFactory.getLogger(DataLocator.class);

    /** A folder to search, and what it is. */
    public record SearchRoot(Path folder, LocatedDataset.Source source) {
        public SearchRoot {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(source, "source");
        }
    }

    private final List<SearchRoot> roots;
    private final Path cache;
    private final Downloader downloader;
    private final Downloader.Listener listener;

    /**
     * @param roots      folders searched before the cache, in order
     * @param cache      the cache folder (searched last; downloads go to {@code cache/<dataset id>})
     * @param downloader null to never download
     * @param listener   download progress
     */
    public DataLocator(List<SearchRoot> roots, Path cache, Downloader downloader, Downloader.Listener listener) {
        this.roots = List.copyOf(roots);
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = downloader;
        this.listener = listener == null ? Downloader.Listener.none() : listener;
    }

    /**
     * The standard search: {@code dataDir} (may be null), then {@value #DATA_ENV}, then the cache.
     *
     * @param offline true to fail rather than download
     */
    public static DataLocator standard(Path dataDir, boolean offline, Downloader.Listener listener) {
        List<SearchRoot> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(new SearchRoot(dataDir, LocatedDataset.Source.DATA_DIR));
        }
        String property = System.getProperty(DATA_PROPERTY);
        String env = property != null ? property : System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            roots.add(new SearchRoot(Path.of(env), LocatedDataset.Source.ENVIRONMENT));
        }
        return new DataLocator(roots, defaultCache(), offline ? null : new Downloader(), listener);
    }

    /** The per-user cache folder: {@value #CACHE_PROPERTY}, {@value #CACHE_ENV}, XDG cache, {@code ~/.cache}. */
    public static Path defaultCache() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String explicit = System.getenv(CACHE_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("expressivity4j");
    }

    /** The cache folder this locator uses. */
    public Path cache() {
        return cache;
    }

    /**
     * Finds the dataset, downloading it into the cache if it is nowhere else.
     *
     * @throws DatasetException if it is nowhere and cannot be downloaded; the message lists the files needed, where
     *                          they were looked for, what the download attempts gave, and how to provide the data
     */
    public LocatedDataset locate(DatasetSpec spec) {
        List<String> searched = new ArrayList<>();
        List<SearchRoot> all = new ArrayList<>(roots);
        all.add(new SearchRoot(cache, LocatedDataset.Source.CACHE));
        for (SearchRoot root : all) {
            Optional<LocatedDataset> found = find(spec, root, searched);
            if (found.isPresent()) {
                if (!searched.isEmpty()) {
                    log.warn("{} not found in {}; using {}", spec.title(), String.join("; ", searched),
                            found.get().describe());
                }
                return found.get();
            }
        }
        if (downloader == null) {
            throw notFound(spec, searched, "Downloads are off (offline).");
        }
        Path target = cache.resolve(spec.id());
        try {
            downloader.install(spec, target, listener);
        } catch (DatasetException e) {
            throw notFound(spec, searched, "Download into " + target + " failed: " + e.getMessage());
        }
        List<String> after = new ArrayList<>();
        return find(spec, new SearchRoot(cache, LocatedDataset.Source.DOWNLOADED), after)
                .orElseThrow(() -> notFound(spec, after, "The download finished but the files are not complete."));
    }

    private Optional<LocatedDataset> find(DatasetSpec spec, SearchRoot root, List<String> searched) {
        if (!Files.isDirectory(root.folder())) {
            searched.add(root.source().label() + " " + root.folder() + " (no such folder)");
            return Optional.empty();
        }
        List<Path> folders = new ArrayList<>();
        for (String sub : spec.folders()) {
            folders.add(root.folder().resolve(sub));
        }
        folders.add(root.folder());
        String best = null;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            Map<String, Path> files = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (DataFile file : spec.files()) {
                Optional<Path> path = java.util.Arrays.stream(file.acceptedNames()).map(folder::resolve)
                        .filter(Files::isRegularFile).findFirst();
                path.ifPresentOrElse(p -> files.put(file.name(), p), () -> missing.add(file.name()));
            }
            if (missing.isEmpty()) {
                return Optional.of(new LocatedDataset(spec, folder, root.source(), files, false));
            }
            for (String archive : spec.archives()) {
                Path candidate = folder.resolve(archive);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(new LocatedDataset(spec, candidate, root.source(), Map.of(), true));
                }
            }
            if (!files.isEmpty() && best == null) {
                best = root.source().label() + " " + folder + " (incomplete: missing " + String.join(", ", missing)
                        + ")";
            }
        }
        searched.add(best != null ? best : root.source().label() + " " + root.folder() + " (not there)");
        return Optional.empty();
    }

    private DatasetException notFound(DatasetSpec spec, List<String> searched, String downloadOutcome) {
        StringBuilder sb = new StringBuilder();
        sb.append(spec.title()).append(" was not found");
        sb.append(downloader == null ? ".\n" : " and could not be downloaded.\n");
        sb.append("Needed files (each raw or .gz, all in one folder): ");
        sb.append(String.join(", ", spec.files().stream().map(DataFile::name).toList()));
        if (!spec.archives().isEmpty()) {
            sb.append("; or the archive ").append(String.join(" or ", spec.archives()));
        }
        sb.append("\nLooked in:\n");
        for (String s : searched) {
            sb.append("  - ").append(s).append('\n');
        }
        if (roots.stream().noneMatch(r -> r.source() == LocatedDataset.Source.ENVIRONMENT)) {
            sb.append("  - ").append(DATA_ENV).append(" (not set)\n");
        }
        sb.append(downloadOutcome).append('\n');
        sb.append("To provide the data: get the files from ").append(spec.homepage()).append(" and put them in a folder <dir>/").append(spec.folders().get(0));
        sb.append("/, then pass --data-dir <dir> or set ").append(DATA_ENV).append("=<dir>");
        sb.append("; or copy them into ").append(cache.resolve(spec.id())).append('.');
        return new DatasetException(sb.toString());
    }
}
