package org.expressivity4j.trainers.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on a run folder ({@code .lock}, {@link FileChannel#tryLock}), held for the life of the run
 * so that no two processes write one run. The file says which process holds it and since when. The lock dies with its
 * process, so a killed run can be resumed at once; the file itself stays (an unlocked file means nothing).
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name in the run folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code folder} (creating the folder if needed).
     *
     * @throws IllegalStateException if another process (or another run in this one) holds it
     */
    public static RunLock acquire(Path folder) {
        Path file = folder.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new IllegalStateException(folder + " is in use by another run"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to end, or choose another "
                        + "--out");
            }
            channel.truncate(0);
            ProcessHandle self = ProcessHandle.current();
            String since = self.info().startInstant().map(Object::toString).orElse("unknown start time");
            channel.write(ByteBuffer.wrap(("process " + self.pid() + ", started " + since + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the original error says more
                }
            }
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + FILE + ": " + e.getMessage(), e);
        }
    }
}
