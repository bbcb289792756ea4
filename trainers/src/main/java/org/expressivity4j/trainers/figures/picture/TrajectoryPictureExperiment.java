package org.expressivity4j.trainers.figures.picture;

import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Forward;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Projections;
import org.expressivity4j.core.trajectory.Trajectory;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A picture of a trajectory growing with depth, Fig. 3 of Raghu et al. (ICML 2017): a circle is fed through a random
 * fully connected tanh network of width 100, and its image after each hidden layer is projected to two dimensions.
 *
 * <p>The projection is each layer's own principal plane ({@link Projections#principalPlane}), which shows as much
 * of the curve's spread as any plane can; the share of the layer's variance it shows is printed on each pane (what
 * the picture leaves out is the rest). The circle's length in every layer is measured too (exactly along its
 * inscribed polygon for piecewise-linear activations, else by adaptive sampling), so the picture comes with numbers.
 * The network has the seed {@code derive(seed, 1, 0)}, the circle's plane {@code derive(seed, 2, 0)}.
 */
public final class TrajectoryPictureExperiment {

    /** Pixels of one pane of the composite picture. */
    static final int PANE = 420;
    /** Panes per row of the composite picture. */
    static final int COLUMNS = 4;

    /**
     * One pane.
     *
     * @param layer            0 (the input) .. depth
     * @param coordinates      the points in the layer's principal plane, {@code [points][2]}, centred
     * @param varianceFraction share of the layer's total variance in that plane (1: the curve lies in it)
     * @param length           the circle's length in this layer
     * @param converged        whether the length is exact or converged
     */
    public record Pane(int layer, double[][] coordinates, double varianceFraction, double length,
                       boolean converged) {
    }

    /**
     * Everything the run found.
     *
     * @param settings  what ran
     * @param endpoints the circle's plane, described
     * @param panes     layers 0 .. depth
     * @param samples   points the length measurement used
     */
    public record Result(TrajectoryPictureSettings settings, String endpoints, List<Pane> panes, long samples) {

        /** Whether every length was exact or converged. */
        public boolean allConverged() {
            return panes.stream().allMatch(Pane::converged);
        }
    }

    /** The run columns of metrics.csv. */
    public static final List<String> COLUMNS_CSV = List.of("activation", "width", "weight_variance",
            "bias_variance");

    /** Runs the experiment and writes its metrics ({@link TrajectoryPictureReport}: picture and summary). */
    public Result run(RunContext context, TrajectoryPictureSettings settings, Endpoints endpoints) {
        Result r = compute(context.seed(), settings, endpoints);
        try (MetricsCsv metrics = context.run().metrics(COLUMNS_CSV)) {
            List<String> run = settings.config().columns();
            for (Pane p : r.panes()) {
                String layer = Integer.toString(p.layer());
                metrics.append(run, 0, layer, "length", p.length());
                metrics.append(run, 0, layer, "converged", p.converged() ? 1 : 0);
                metrics.append(run, 0, layer, "principal_plane_variance_fraction", p.varianceFraction());
                for (int i = 0; i < p.coordinates().length; i++) {
                    metrics.append(run, i, layer, "pc1", p.coordinates()[i][0]);
                    metrics.append(run, i, layer, "pc2", p.coordinates()[i][1]);
                }
            }
        }
        return r;
    }

    /** The panes and lengths (no files). */
    public Result compute(long seed, TrajectoryPictureSettings s, Endpoints endpoints) {
        NetConfig c = s.config();
        Network net = c.network(endpoints.dimension(), s.depth(),
                SeededGaussians.derive(seed, SeedStreams.NETWORK, 0)).create();
        Curve circle = endpoints.greatCircle(SeededGaussians.derive(seed, SeedStreams.ENDPOINT,
                0));
        TrajectoryMeasures m = TrajectoryMeasures.measure(net, Endpoints.polygon(circle, s.activation(),
                s.polygonVertices()), MeasureOptions.defaults());
        INDArray points = circle.sample(Trajectory.uniform(s.points()), DataType.DOUBLE);
        Forward f = net.forward(points);
        List<Pane> panes = new ArrayList<>();
        for (int d = 0; d <= s.depth(); d++) {
            INDArray z = f.output(d);
            Projections.Projection p = Projections.principalPlane(z);
            double total = z.var(false, 0).sumNumber().doubleValue();
            double shown = p.variance()[0] + p.variance()[1];
            panes.add(new Pane(d, p.coordinates().toDoubleMatrix(), total > 0 ? Math.min(1.0, shown / total) : 1.0,
                    m.layer(d).length(), m.layer(d).converged()));
        }
        return new Result(s, endpoints.describe(), panes, m.samples());
    }
}
