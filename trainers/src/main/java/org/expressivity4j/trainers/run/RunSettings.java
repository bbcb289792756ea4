package org.expressivity4j.trainers.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's {@code settings.json}: the experiment's complete settings, written when the run starts, so that a
 * resumed run can check it continues with the same ones (resuming with other settings would mix two experiments in
 * one metrics file).
 */
public final class RunSettings {

    /** The file's name in the run folder. */
    public static final String FILE = "settings.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSettings() {
    }

    /**
     * Records {@code settings} (any Jackson-serializable value, e.g. a record) in the run folder, or, if the folder
     * already has them, checks they are the same.
     *
     * @throws IllegalStateException if the run was started with other settings
     */
    public static void recordOrCheck(RunDirectory run, Object settings) {
        Path file = run.file(FILE);
        JsonNode now;
        try {
            // Through text, as the file is read: valueToTree keeps a long 42 a LongNode, the file gives an IntNode,
            // and JsonNode.equals tells the two apart.
            now = JSON.readTree(JSON.writeValueAsString(settings));
        } catch (IOException e) {
            throw new IllegalStateException("cannot describe the run's settings: " + e.getMessage(), e);
        }
        if (Files.exists(file)) {
            JsonNode before;
            try {
                before = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!before.equals(now)) {
                throw new IllegalStateException("the run in " + run.folder() + " was started with other settings "
                        + "(" + file + "): resume it with the options it was started with.\nThen: " + before
                        + "\nNow:  " + now);
            }
            return;
        }
        AtomicFiles.write(file, out -> JSON.writeValue(out, now));
    }
}
