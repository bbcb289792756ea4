package org.expressivity4j.dl4j.listeners;

import java.util.List;

/**
 * Where a {@link TrajectoryListener} sends what one probe measured: all records of that probe at once (every metric of
 * every layer at one iteration, in layer order). Implement it, or pass a lambda, for a custom destination (a
 * dashboard, a metrics registry); the built-in ones are {@link CsvSink}, {@link JsonLinesSink},
 * {@link TensorBoardSink}, {@link LogSink} and {@link MemoryHistory}.
 *
 * <p>Called on the training thread, from the listener's callback: keep it quick. An exception thrown here is logged
 * (once per sink) and does not stop training or the other sinks.
 */
@FunctionalInterface
public interface RecordSink extends AutoCloseable {

    /** Receives the records of one probe (a non-empty list, not to be modified). */
    void accept(List<TrajectoryRecord> records);

    /** Releases what the sink holds (files); called by {@link TrajectoryListener#close()}. */
    @Override
    default void close() {
    }
}
