package org.expressivity4j.dl4j.listeners;

import java.util.Objects;

/**
 * One measured number of a probe: a metric of one layer at one point of training, the row of the long-format files
 * ({@code iteration,epoch,layer,name,type,metric,value}) that {@link CsvSink} and {@link JsonLinesSink} write.
 *
 * @param iteration the number of parameter updates the network had made when it was probed (DL4J's iteration
 *                  count: 0 for the untrained network, k after the k-th update)
 * @param epoch     the network's epoch count at that time (0 during the first epoch)
 * @param layer     DL4J's index of the layer: {@code i} for {@code getLayer(i)} of a {@code MultiLayerNetwork}, -1
 *                  for its input; the vertex index ({@code getVertex(name).getVertexIndex()}) of a
 *                  {@code ComputationGraph}'s vertex, its input included. A probe's records come in forward order
 *                  (a graph's in topological order), which for a graph is not the order of the indices
 * @param name      the layer's or vertex's name ({@code input} for a {@code MultiLayerNetwork}'s input)
 * @param type      the DL4J configuration class's simple name ({@code DenseLayer}, {@code ConvolutionLayer},
 *                  {@code MergeVertex}, ...; {@code Input} for network inputs), of the layer inside a wrapper such
 *                  as a {@code FrozenWrapper}
 * @param metric    what is measured
 * @param value     the value; NaN or infinite when the network's activations are (recorded as such, never dropped)
 */
public record TrajectoryRecord(long iteration, int epoch, int layer, String name, String type,
                               TrajectoryMetric metric, double value) {

    public TrajectoryRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metric, "metric");
        if (layer < -1) {
            throw new IllegalArgumentException("layer index must be >= -1, got " + layer);
        }
    }
}
