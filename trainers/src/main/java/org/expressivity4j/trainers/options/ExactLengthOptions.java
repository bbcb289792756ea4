package org.expressivity4j.trainers.options;

import java.util.List;
import java.util.function.Function;
import org.expressivity4j.core.network.Activation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the lengths of piecewise-linear networks' trajectories are measured (a picocli mixin): exactly along the
 * circle's inscribed polygon, or by adaptive sampling.
 */
public final class ExactLengthOptions {

    @Option(names = "--polygon-vertices", paramLabel = "N", converter = Ranges.PolygonVertices.class,
            description = "Vertices of the circle's inscribed polygon along which piecewise-linear networks (relu, "
                    + "hard tanh) are measured exactly; 0 samples the circle adaptively instead. Default: "
                    + "${bundle:default.polygonVertices}.")
    Integer polygonVertices;

    /**
     * Throws {@code usage}'s error if {@code --polygon-vertices} was given although none of the activations is
     * piecewise linear (the polygon is not used then).
     */
    public void validate(List<Activation> activations, Function<String, CommandLine.ParameterException> usage) {
        if (polygonVertices != null && activations.stream().noneMatch(Activation::isPiecewiseLinear)) {
            throw usage.apply("--polygon-vertices applies to piecewise-linear activations (relu, hard-tanh); "
                    + activations.stream().map(Activation::id).toList() + " are measured by adaptive sampling");
        }
    }

    /** --polygon-vertices, or null when not given. */
    public Integer polygonVertices() {
        return polygonVertices;
    }
}
