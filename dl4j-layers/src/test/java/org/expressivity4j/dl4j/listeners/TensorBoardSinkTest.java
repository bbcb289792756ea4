package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorBoard event files, read back by a reader written here from the format's specification: TFRecord framing
 * checked with a bitwise CRC-32C of its own (not the JDK's), and the Event protocol buffers decoded by
 * protobuf-java's generic wire-format parser with event.proto's and summary.proto's field numbers.
 */
class TensorBoardSinkTest {

    @TempDir
    Path tmp;

    /** Bitwise CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), independent of java.util.zip.CRC32C. */
    private static int referenceCrc32c(byte[] b, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
            }
        }
        return ~crc;
    }

    private static int referenceMasked(byte[] b, int off, int len) {
        int crc = referenceCrc32c(b, off, len);
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    @Test
    void crc32cMatchesTheIscsiTestVectors() {
        // RFC 3720, appendix B.4: 32 bytes of zeros, of ones, ascending 0..31.
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] ascending = new byte[32];
        for (int i = 0; i < 32; i++) {
            ascending[i] = (byte) i;
        }
        assertEquals(0x8A9136AA, TensorBoardSink.crc32c(zeros, 0, 32));
        assertEquals(0x62A8AB43, TensorBoardSink.crc32c(ones, 0, 32));
        assertEquals(0x46DD794E, TensorBoardSink.crc32c(ascending, 0, 32));
        assertEquals(0x8A9136AA, referenceCrc32c(zeros, 0, 32));
        assertEquals(0x46DD794E, referenceCrc32c(ascending, 0, 32));
        for (byte[] b : List.of(zeros, ones, ascending)) {
            assertEquals(referenceMasked(b, 0, 32), TensorBoardSink.maskedCrc32c(b, 0, 32));
        }
    }

    /** One decoded event: wall time, step, file version or scalars (tag to value). */
    record Event(double wallTime, Long step, String fileVersion, Map<String, Float> scalars) {
    }

    /** Reads every record of an event file, checking its framing. */
    static List<Event> read(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            long length = in.getLong();
            assertEquals(referenceMasked(all, start, 8), in.getInt(), "masked CRC of the length");
            byte[] data = new byte[Math.toIntExact(length)];
            in.get(data);
            assertEquals(referenceMasked(data, 0, data.length), in.getInt(), "masked CRC of the data");
            UnknownFieldSet event = UnknownFieldSet.parseFrom(data);
            double wall = Double.longBitsToDouble(event.getField(1).getFixed64List().get(0));
            Long step = event.hasField(2) ? event.getField(2).getVarintList().get(0) : null;
            String version = event.hasField(3) ? event.getField(3).getLengthDelimitedList().get(0).toStringUtf8()
                    : null;
            Map<String, Float> scalars = new LinkedHashMap<>();
            if (event.hasField(5)) {
                UnknownFieldSet summary = UnknownFieldSet.parseFrom(event.getField(5).getLengthDelimitedList().get(0));
                for (var valueBytes : summary.getField(1).getLengthDelimitedList()) {
                    UnknownFieldSet value = UnknownFieldSet.parseFrom(valueBytes);
                    scalars.put(value.getField(1).getLengthDelimitedList().get(0).toStringUtf8(),
                            Float.intBitsToFloat(value.getField(2).getFixed32List().get(0)));
                }
            }
            events.add(new Event(wall, step, version, scalars));
        }
        return events;
    }

    @Test
    void recordsBecomeScalarsTaggedMetricSlashLayerAtTheIteration() throws Exception {
        TensorBoardSink sink = TensorBoardSink.inDirectory(tmp.resolve("tb"));
        assertNull(sink.file(), "no file before the first probe");
        sink.accept(List.of(
                new TrajectoryRecord(0, 0, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 12.5),
                new TrajectoryRecord(0, 0, 1, "h1", "DenseLayer", TrajectoryMetric.GROWTH, Double.NaN)));
        sink.accept(List.of(new TrajectoryRecord(300, 1, 2, "fc1", "DenseLayer", TrajectoryMetric.SIGMA_W2, 2.25)));
        sink.close();
        Path file = sink.file();
        assertNotNull(file);
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        List<Event> events = read(file);
        assertEquals(4, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertNull(events.get(0).step());
        assertEquals(0L, events.get(1).step());
        assertEquals(Map.of("length/h1", 12.5f), events.get(1).scalars());
        assertTrue(Float.isNaN(events.get(2).scalars().get("growth/h1")));
        assertEquals(300L, events.get(3).step());
        assertEquals(Map.of("sigma_w2/fc1", 2.25f), events.get(3).scalars());
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(Math.abs(events.get(3).wallTime() - now) < 600, "wall time in seconds since the epoch");
    }

    @Test
    void aListenerWritesEveryLayersCurvesDuringTraining() throws Exception {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(5));
        Path dir = tmp.resolve("logs");
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(17).everyIterations(2).tensorBoard(dir).build();
        net.addListeners(listener);
        net.fit(ListenerNets.data(false, 4, 8, 1), 1);
        listener.close();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        List<Event> events = read(files.get(0));
        Set<Long> steps = new TreeSet<>();
        Set<String> tags = new TreeSet<>();
        for (Event e : events.subList(1, events.size())) {
            steps.add(e.step());
            tags.addAll(e.scalars().keySet());
        }
        // Probed before training (the listener's default) and every 2 of the 4 iterations.
        assertEquals(Set.of(0L, 2L, 4L), steps);
        for (String layer : List.of("input", "d1", "bn", "d2", "drop")) {
            assertTrue(tags.contains("length/" + layer), layer + " in " + tags);
        }
        assertTrue(tags.contains("sigma_w2/d1"), tags.toString());
    }
}
