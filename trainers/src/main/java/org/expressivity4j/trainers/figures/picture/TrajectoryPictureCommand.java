package org.expressivity4j.trainers.figures.picture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.options.ActivationOption;
import org.expressivity4j.trainers.options.EndpointOptions;
import org.expressivity4j.trainers.options.ExactLengthOptions;
import org.expressivity4j.trainers.options.OptionChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.options.RandomNetworkOptions;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trajectory-picture}: a circle's image after each layer of a random tanh network, Fig. 3 of Raghu et al. */
@Command(name = "trajectory-picture",
        description = {"A picture of a trajectory growing with depth (Raghu et al. 2017, Fig. 3): a circle fed "
                + "through a random tanh network of width 100, its image after each hidden layer projected onto "
                + "that layer's principal plane (the share of variance shown is printed on each pane), with the "
                + "circle's length per layer.",
            "Defaults: the values below (in parentheses: the --quick profile's, where it differs), a circle of "
                + "radius sqrt 2 in the plane (random endpoints, --input-dim 2).", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.picture.TrajectoryPictureHelp",
        mixinStandardHelpOptions = true)
public final class TrajectoryPictureCommand extends ExperimentCommand {

    @Mixin
    ActivationOption activation;

    @Option(names = "--width", paramLabel = "K", converter = Ranges.SizeAtLeastTwo.class,
            description = "Width, at least 2 (a pane is the layer's principal plane). Default: "
                    + "${bundle:default.width}.")
    Integer width;

    @Option(names = "--depth", paramLabel = "N", converter = Ranges.Size.class,
            description = "Hidden layers (panes 0 .. N). Default: ${bundle:default.depth}.")
    Integer depth;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2. Default: ${bundle:default.weightVariance}.")
    Double weightVariance;

    @Option(names = "--points", paramLabel = "N", converter = Ranges.SizeAtLeastThree.class,
            description = "Points of the circle drawn per pane. Default: ${bundle:default.points}.")
    Integer points;

    @Mixin
    RandomNetworkOptions randomNetwork;

    @Mixin
    ExactLengthOptions exact;

    @Mixin
    EndpointOptions endpoints;

    private Activation parsed;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        TrajectoryPictureSettings p = common.quick() ? TrajectoryPictureSettings.quick()
                : TrajectoryPictureSettings.full();
        parsed = activation.activation(p.activation(), this::usage);
        endpoints.validate(false, this::usage);
        if (!endpoints.images(false) && endpoints.inputDimension() != null && endpoints.inputDimension() < 2) {
            throw usage("--input-dim must be at least 2 for a circle, got " + endpoints.inputDimension());
        }
        exact.validate(List.of(parsed), this::usage);
        int k = OptionChecks.or(width, p.width());
        int d = OptionChecks.or(depth, p.depth());
        int n = OptionChecks.or(points, p.points());
        int vertices = OptionChecks.or(exact.polygonVertices(), p.polygonVertices());
        // The drawn points and the polygon's vertices at every layer.
        requireMemory(MemoryEstimate.measuring("measuring a network", endpoints.dimension(false, 2), k, d,
                (double) n + vertices), "--width " + k + ", --depth " + d + ", --points " + n
                + endpoints.sizing(false, 2) + ", --polygon-vertices " + vertices);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        TrajectoryPictureSettings p = context.quick() ? TrajectoryPictureSettings.quick()
                : TrajectoryPictureSettings.full();
        TrajectoryPictureSettings settings = new TrajectoryPictureSettings(parsed,
                OptionChecks.or(width, p.width()), OptionChecks.or(depth, p.depth()),
                OptionChecks.or(weightVariance, p.weightVariance()),
                OptionChecks.or(randomNetwork.biasVariance(), p.biasVariance()),
                OptionChecks.or(points, p.points()),
                OptionChecks.or(exact.polygonVertices(), p.polygonVertices()));
        Endpoints ends = endpoints.resolve(context, false, 2);
        TrajectoryPictureExperiment.Result r = new TrajectoryPictureExperiment().run(context, settings, ends);
        TrajectoryPictureReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        Map<String, Object> lengths = new LinkedHashMap<>();
        Map<String, Object> shown = new LinkedHashMap<>();
        for (TrajectoryPictureExperiment.Pane pane : r.panes()) {
            lengths.put(Integer.toString(pane.layer()), pane.length());
            shown.put(Integer.toString(pane.layer()), pane.varianceFraction());
        }
        headline.put("length_per_layer", lengths);
        headline.put("principal_plane_variance_fraction", shown);
        headline.put("all_converged", r.allConverged());
        return headline;
    }
}
