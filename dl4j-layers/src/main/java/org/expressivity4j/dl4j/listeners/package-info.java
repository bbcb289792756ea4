/**
 * Training listeners that record how the length of a fixed input trajectory grows through every layer of any DL4J
 * network during training (Raghu et al., "On the Expressive Power of Deep Neural Networks", ICML 2017, Section 3,
 * Figs. 4, 8, 9, 10 and 18).
 *
 * <p>{@link org.expressivity4j.dl4j.listeners.TrajectoryListener} propagates a
 * {@link org.expressivity4j.dl4j.listeners.Probe} (the paper's quarter circle between two inputs, or the path through
 * a minibatch) and emits {@link org.expressivity4j.dl4j.listeners.TrajectoryRecord}s (one per layer and
 * {@link org.expressivity4j.dl4j.listeners.TrajectoryMetric}) to composable
 * {@link org.expressivity4j.dl4j.listeners.RecordSink}s: CSV and JSON-lines files in long format (created at the first
 * probe; what happens to a file that already holds records is
 * {@link org.expressivity4j.dl4j.listeners.ExistingRecords}), TensorBoard event files, SLF4J summary lines, an
 * in-memory {@link org.expressivity4j.dl4j.listeners.MemoryHistory} with queries, or a callback. {@link org.expressivity4j.dl4j.listeners.TrajectoryCharts} plots a CSV file (Figs. 8
 * and 9) with the JDK alone. Length is the sum of chord lengths between consecutive points, each point's activations
 * flattened into one vector.
 */
package org.expressivity4j.dl4j.listeners;
