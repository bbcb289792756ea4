package org.expressivity4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.expressivity4j.datasets.DataFile;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.datasets.Fixtures;
import org.junit.jupiter.api.Test;

class Cifar10ReaderTest {

    @Test
    void splitsRecordsIntoLabelsAndChwPixels() throws Exception {
        byte[] labels = {6, 9, 9, 4, 1};
        byte[] file = Fixtures.cifarBatch(labels, 100);
        Cifar10Reader.Batch batch = Cifar10Reader.readBatch(new ByteArrayInputStream(file),
                Fixtures.dataFile("data_batch_1.bin", file), "fixture");
        assertArrayEquals(labels, batch.labels());
        assertEquals(5 * 3072, batch.pixels().length);
        for (int r = 0; r < 5; r++) {
            for (int j : new int[] {0, 1023, 1024, 2047, 2048, 3071}) {
                assertEquals(Fixtures.pixel(100 + r, j), batch.pixels()[r * 3072 + j] & 0xFF);
            }
        }
    }

    @Test
    void truncatedBatchIsAnErrorThatCountsRecords() {
        byte[] full = Fixtures.cifarBatch(new byte[] {1, 2, 3}, 0);
        DataFile spec = Fixtures.dataFile("data_batch_1.bin", full);
        byte[] cut = Arrays.copyOf(full, 3073 + 100);
        DatasetException e = assertThrows(DatasetException.class,
                () -> Cifar10Reader.readBatch(new ByteArrayInputStream(cut), spec, "data_batch_1.bin.gz"));
        assertTrue(e.getMessage().contains("data_batch_1.bin.gz") && e.getMessage().contains("3 records")
                && e.getMessage().contains("1 whole records"), e.getMessage());
    }

    @Test
    void labelAboveNineIsAnError() {
        byte[] file = Fixtures.cifarBatch(new byte[] {1, 2, 3}, 0);
        file[3073] = 12;
        byte[] bad = file;
        DatasetException e = assertThrows(DatasetException.class, () -> Cifar10Reader.readBatch(
                new ByteArrayInputStream(bad), Fixtures.dataFile("test_batch.bin", bad), "test_batch.bin"));
        assertTrue(e.getMessage().contains("record 1 has label 12"), e.getMessage());
    }
}
