package org.expressivity4j.datasets.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.datasets.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @Test
    void readsImagesWithKnownPixels() throws Exception {
        byte[] file = Fixtures.idxImages(3, 4, 5);
        IdxReader.Images images = IdxReader.readImages(new ByteArrayInputStream(file), "fixture");
        assertEquals(3, images.count());
        assertEquals(4, images.rows());
        assertEquals(5, images.cols());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 20; j++) {
                assertEquals(Fixtures.pixel(i, j), images.pixels()[i * 20 + j] & 0xFF);
            }
        }
    }

    @Test
    void readsLabels() throws Exception {
        byte[] labels = {5, 0, 4, 1, 9};
        assertArrayEquals(labels, IdxReader.readLabels(new ByteArrayInputStream(Fixtures.idxLabels(labels)), "f"));
    }

    @Test
    void wrongMagicIsNamed() {
        byte[] labelsFile = Fixtures.idxLabels(new byte[] {1, 2});
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(labelsFile), "train-images-idx3-ubyte"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 10, 16, 17, 16 + 2 * 20 - 1})
    void truncatedImageFileIsAnError(int keep) {
        byte[] file = Arrays.copyOf(Fixtures.idxImages(2, 4, 5), keep);
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(file), "images.idx"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("images.idx"), e.getMessage());
    }

    @Test
    void truncatedLabelFileIsAnError() {
        byte[] file = Arrays.copyOf(Fixtures.idxLabels(new byte[] {1, 2, 3}), 10);
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(file), "labels.idx"));
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("only 2"), e.getMessage());
    }

    @Test
    void labelOutsideDigitsIsAnError() {
        byte[] file = Fixtures.idxLabels(new byte[] {1, 10, 3});
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(file), "labels.idx"));
        assertTrue(e.getMessage().contains("label 10 at index 1"), e.getMessage());
    }

    @Test
    void implausibleHeaderIsAnError() {
        byte[] file = ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(0).putInt(28).array();
        assertThrows(DatasetException.class, () -> IdxReader.readImages(new ByteArrayInputStream(file), "f"));
    }
}
