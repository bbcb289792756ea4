package org.expressivity4j.trainers.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint and model files of the training experiments: {@link ModelSerializer} zips with the updater state and a
 * JSON object describing where training stands, written to a temporary file beside the target and renamed over it,
 * so that a kill leaves the previous file intact.
 */
public final class ModelFiles {

    private static final Logger log = LoggerFactory.getLogger(ModelFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** Restores a checkpoint or model with its updater state. */
    public static MultiLayerNetwork restore(Path file) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the model " + file + ": " + e.getMessage() + damaged(file),
                    e);
        }
    }

    /**
     * What to do about a file that cannot be read: checkpoints and models are written whole or not at all, so a
     * damaged one was changed from outside (a copy cut short, a full disk).
     */
    private static String damaged(Path file) {
        return "; the file looks damaged (truncated or not a model). If it is a run's checkpoint or model, delete it: "
                + "--resume then trains that network again from its start (the rows already in metrics.csv stay)";
    }

    /** The JSON object stored under {@code key}, if the file has one (models from elsewhere do not). */
    public static <T> Optional<T> readObject(Path file, String key, Class<T> type) {
        try {
            if (!ModelSerializer.listObjectsInFile(file.toFile()).contains(key)) {
                return Optional.empty();
            }
            String json = ModelSerializer.getObjectFromFile(file.toFile(), key);
            return Optional.of(JSON.readValue(json, type));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + key + " in " + file + ": " + e.getMessage()
                    + damaged(file), e);
        }
    }

    /**
     * Writes a network (with its updater state) and {@code state} as JSON under {@code key} to {@code target}
     * atomically: to a hidden temporary file beside it, then renamed over it.
     */
    public static void write(MultiLayerNetwork net, String key, Object state, Path target) {
        Path tmp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            ModelSerializer.addObjectToFile(tmp.toFile(), key, JSON.writeValueAsString(state));
            move(tmp, target);
            tmp = null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot describe " + state + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a hidden temporary file; deleteStaleTemporaries removes it on the next start
                }
            }
        }
    }

    /** Renames {@code from} to {@code to} (atomically where the file system can), replacing it. */
    public static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary files a killed {@link #write} left beside {@code target}. */
    public static void deleteStaleTemporaries(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "." + target.getFileName() + "*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove stale temporary files beside {}: {}", target, e.getMessage());
        }
    }
}
