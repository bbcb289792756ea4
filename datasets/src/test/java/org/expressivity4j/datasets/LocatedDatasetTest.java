package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.expressivity4j.datasets.mnist.IdxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read is named with the reason, not only its path. */
class LocatedDatasetTest {

    @TempDir
    Path tmp;

    private LocatedDataset mnistWith(Path labels) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (DataFile f : DatasetFiles.MNIST.files()) {
            files.put(f.name(), tmp.resolve(f.name()));
        }
        files.put("train-labels-idx1-ubyte", labels);
        return new LocatedDataset(DatasetFiles.MNIST, tmp, LocatedDataset.Source.DATA_DIR, files, false);
    }

    @Test
    void theReasonOfAFileSystemFailureIsSaid() {
        assertEquals("/d/f: permission denied (make it readable by this user)",
                LocatedDataset.describe(new AccessDeniedException("/d/f")));
        assertEquals("/d/f: no such file", LocatedDataset.describe(new java.nio.file.NoSuchFileException("/d/f")));
    }

    @Test
    void aMissingFileIsNamedWithTheReason() {
        Path gone = tmp.resolve("train-labels-idx1-ubyte");
        DatasetException e = assertThrows(DatasetException.class,
                () -> mnistWith(gone).read("train-labels-idx1-ubyte", (in, file, source) -> IdxReader.readLabels(in,
                        source)));
        assertTrue(e.getMessage().startsWith("cannot read MNIST from " + tmp + ": " + gone + ": no such file"),
                e.getMessage());
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        Path labels = Files.write(tmp.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(new byte[] {1, 2}));
        Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(labels), "this user reads files of mode 000 (root): nothing to test");
            DatasetException e = assertThrows(DatasetException.class,
                    () -> mnistWith(labels).read("train-labels-idx1-ubyte", (in, file, source) -> IdxReader
                            .readLabels(in, source)));
            assertTrue(e.getMessage().contains(labels + ": permission denied"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
