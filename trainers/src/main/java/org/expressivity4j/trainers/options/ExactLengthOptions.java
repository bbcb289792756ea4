package org.expressivity4j.trainers.options;

import picocli.CommandLine.Option;

/**
 * How the lengths of piecewise-linear networks' trajectories are measured (a picocli mixin): exactly along the
 * circle's inscribed polygon, or by adaptive sampling.
 */
public final class ExactLengthOptions {

    @Option(names = "--polygon-vertices", paramLabel = "N", converter = Ranges.PolygonVertices.class,
            description = "Vertices of the circle's inscribed polygon along which piecewise-linear networks (relu, "
                    + "hard tanh) are measured exactly; 0 samples the circle adaptively instead. Default: 100.")
    Integer polygonVertices;

    /** --polygon-vertices, or null when not given. */
    public Integer polygonVertices() {
        return polygonVertices;
    }
}
