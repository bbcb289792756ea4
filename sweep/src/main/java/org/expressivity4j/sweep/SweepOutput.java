package org.expressivity4j.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.expressivity4j.trainers.run.AtomicFiles;

/**
 * The driver's side of a sweep folder: each finished cell's files go to {@code cells/<id>/} in one atomic rename,
 * with {@code cell.json} inside, so a killed sweep leaves whole cells or none.
 */
final class SweepOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;

    SweepOutput(Path folder) {
        this.folder = folder;
    }

    Path cellFolder(Cell cell) {
        return folder.resolve(SweepCommand.CELLS).resolve(cell.id());
    }

    /** Whether this cell finished in this or an earlier attempt. */
    boolean finished(Cell cell) {
        return Files.exists(cellFolder(cell).resolve(SweepCommand.CELL_JSON));
    }

    synchronized void writeRecord(SweepRecord record) {
        AtomicFiles.write(folder.resolve(SweepCommand.SWEEP_JSON), out -> JSON.writeValue(out, record));
    }

    /** Writes a finished cell's files, then moves its folder into place. */
    void writeCell(CellResult result) {
        Path target = cellFolder(result.cell());
        Path partial = target.resolveSibling("." + result.cell().id() + ".partial");
        try {
            AtomicFiles.deleteTree(partial);
            for (Map.Entry<String, byte[]> file : result.files().entrySet()) {
                Path p = partial.resolve(file.getKey()).normalize();
                if (!p.startsWith(partial)) {
                    throw new IllegalStateException("cell " + result.cell().id() + " sent a file outside its folder: "
                            + file.getKey());
                }
                Files.createDirectories(p.getParent());
                Files.write(p, file.getValue());
            }
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("id", result.cell().id());
            cell.put("index", result.cell().index());
            cell.put("values", result.cell().values());
            cell.put("arguments", result.arguments());
            cell.put("wall_seconds", result.wallMillis() / 1000.0);
            cell.put("host", result.host());
            cell.put("threads", result.threads());
            cell.put("attempt", result.attempt());
            cell.put("left_out", result.leftOut());
            Files.createDirectories(partial);
            JSON.writeValue(partial.resolve(SweepCommand.CELL_JSON).toFile(), cell);
            AtomicFiles.deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cell " + result.cell().id() + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
