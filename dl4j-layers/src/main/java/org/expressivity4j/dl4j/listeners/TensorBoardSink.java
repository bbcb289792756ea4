package org.expressivity4j.dl4j.listeners;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes a {@link TrajectoryListener}'s records as a TensorBoard event file, so that {@code tensorboard --logdir
 * DIR} shows every layer's curves while DL4J trains: one scalar per record, tagged {@code <metric>/<layer name>}
 * (e.g. {@code length/c1}, {@code growth/fc1}, {@code sigma_w2/c3}; TensorBoard groups the tags by metric), at step =
 * the network's iteration count.
 *
 * <p>The file is {@code DIR/events.out.tfevents.<seconds>.<host>.<n>}, created at the first probe (not when the sink
 * is built); each sink writes its own file. TensorBoard shows all event files of one folder as one run, so give each
 * training run a folder of its own ({@code runs/tb/<run name>}, then {@code tensorboard --logdir runs/tb}).
 *
 * <p>The format is TensorFlow's: TFRecord framing (a little-endian uint64 length, the masked CRC-32C of those 8 bytes,
 * the data, the masked CRC-32C of the data; mask(crc) = ((crc &gt;&gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8)
 * around {@code Event} protocol buffers ({@code tensorflow/core/util/event.proto}: wall_time = 1,
 * step = 2, file_version = 3, summary = 5; {@code summary.proto}: Summary.value = 1, Value.tag = 1,
 * Value.simple_value = 2). The first event carries the file version {@code brain.Event:2}. Each probe's events are
 * appended and flushed together. Values are float32, as TensorBoard's scalars are; NaN and infinities are written as
 * they are.
 */
public final class TensorBoardSink implements RecordSink {

    /** What the first event of every file says. */
    static final String FILE_VERSION = "brain.Event:2";
    private static final int MASK_DELTA = 0xa282ead8;
    private static int sequence;

    private final Path directory;
    private OutputStream out;
    private Path file;

    private TensorBoardSink(Path directory) {
        this.directory = directory;
    }

    /** A sink writing into {@code logDirectory} (created at the first probe if needed). */
    public static TensorBoardSink inDirectory(Path logDirectory) {
        return new TensorBoardSink(Objects.requireNonNull(logDirectory, "logDirectory"));
    }

    /** The event file, or null before the first probe. */
    public synchronized Path file() {
        return file;
    }

    @Override
    public synchronized void accept(List<TrajectoryRecord> records) {
        try {
            if (out == null) {
                open();
            }
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            double wallTime = System.currentTimeMillis() / 1000.0;
            for (TrajectoryRecord r : records) {
                frame(scalarEvent(wallTime, r.iteration(), r.metric().id() + "/" + r.name(), (float) r.value()), batch);
            }
            batch.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TensorBoard event file in " + directory, e);
        }
    }

    private void open() throws IOException {
        Files.createDirectories(directory);
        long seconds = System.currentTimeMillis() / 1000;
        int n;
        synchronized (TensorBoardSink.class) {
            n = sequence++;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            host = "localhost";
        }
        file = directory.resolve("events.out.tfevents." + seconds + "." + host + "." + ProcessHandle.current().pid()
                + "." + n);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        frame(versionEvent(System.currentTimeMillis() / 1000.0), first);
        first.writeTo(out);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            } finally {
                out = null;
            }
        }
    }

    @Override
    public String toString() {
        return "TensorBoardSink(" + directory + ")";
    }

    // ------------------------------------------------------------------------------------------------- encoding

    /** {@code Event{wall_time, file_version}}. */
    static byte[] versionEvent(double wallTime) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(bytes);
        c.writeDouble(1, wallTime);
        c.writeString(3, FILE_VERSION);
        c.flush();
        return bytes.toByteArray();
    }

    /** {@code Event{wall_time, step, summary{value{tag, simple_value}}}}. */
    static byte[] scalarEvent(double wallTime, long step, String tag, float value) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        CodedOutputStream cv = CodedOutputStream.newInstance(v);
        cv.writeString(1, tag);
        cv.writeFloat(2, value);
        cv.flush();
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        CodedOutputStream cs = CodedOutputStream.newInstance(s);
        cs.writeBytes(1, ByteString.copyFrom(v.toByteArray()));
        cs.flush();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        CodedOutputStream ce = CodedOutputStream.newInstance(e);
        ce.writeDouble(1, wallTime);
        ce.writeInt64(2, step);
        ce.writeBytes(5, ByteString.copyFrom(s.toByteArray()));
        ce.flush();
        return e.toByteArray();
    }

    /** Appends one TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
    static void frame(byte[] data, ByteArrayOutputStream to) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc32c(header.array(), 0, 8));
        to.write(header.array(), 0, 12);
        to.write(data, 0, data.length);
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt(maskedCrc32c(data, 0, data.length));
        to.write(footer.array(), 0, 4);
    }

    /** The CRC-32C (Castagnoli) of the bytes. */
    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** TFRecord's masked CRC-32C: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, modulo 2^32. */
    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        int crc = crc32c(bytes, offset, length);
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}
