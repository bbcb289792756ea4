package org.expressivity4j.trainers.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.expressivity4j.dl4j.listeners.CsvFile;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;

/**
 * A finished figure run read back for the report: its manifest and its metrics rows, each row addressable by
 * column name ({@code metric}, {@code value}, {@code layer}, {@code step} and the command's run columns).
 */
final class SubRun {

    /** One metrics row. */
    record Row(Map<String, String> cells) {
        String get(String column) {
            String v = cells.get(column);
            return v == null ? "" : v;
        }

        double value() {
            return Double.parseDouble(get("value"));
        }

        double number(String column) {
            return Double.parseDouble(get(column));
        }

        String metric() {
            return get("metric");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path folder;
    private final Manifest manifest;
    private List<Row> rows;

    private SubRun(Path folder, Manifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    /** The run in this folder, or empty if the folder holds no manifest. */
    static Optional<SubRun> at(Path folder) {
        if (!Files.exists(folder.resolve(RunDirectory.MANIFEST))) {
            return Optional.empty();
        }
        return Optional.of(new SubRun(folder, RunDirectory.readManifest(folder)));
    }

    Path folder() {
        return folder;
    }

    Manifest manifest() {
        return manifest;
    }

    boolean completed() {
        return "completed".equals(manifest.status());
    }

    /** The headline result under this key of the manifest, if present. */
    Optional<Object> result(String key) {
        return Optional.ofNullable(manifest.results().get(key));
    }

    /** A top-level value of the run's settings.json, if the command writes one and it holds the key. */
    Optional<Object> setting(String key) {
        Path file = folder.resolve("settings.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> settings = JSON.readValue(file.toFile(), Map.class);
            return Optional.ofNullable(settings.get(key));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every metrics row (read once). */
    synchronized List<Row> rows() {
        if (rows == null) {
            Path file = folder.resolve(RunDirectory.METRICS);
            List<Row> read = new ArrayList<>();
            if (Files.exists(file)) {
                List<List<String>> records = CsvFile.read(file);
                if (!records.isEmpty()) {
                    List<String> header = records.get(0);
                    for (List<String> cells : records.subList(1, records.size())) {
                        Map<String, String> row = new java.util.LinkedHashMap<>();
                        for (int i = 0; i < header.size() && i < cells.size(); i++) {
                            row.put(header.get(i), cells.get(i));
                        }
                        read.add(new Row(row));
                    }
                }
            }
            rows = List.copyOf(read);
        }
        return rows;
    }

    /** The rows of one metric that pass the filter. */
    List<Row> rows(String metric, Predicate<Row> filter) {
        return rows().stream().filter(r -> r.metric().equals(metric)).filter(filter).toList();
    }

    /** The rows of one metric. */
    List<Row> rows(String metric) {
        return rows(metric, r -> true);
    }
}
