package org.expressivity4j.trainers.figures.growth;

import static org.expressivity4j.trainers.options.OptionChecks.or;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.core.network.Activation;
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

/**
 * {@code trajectory-growth}: trajectory length vs depth and per-layer growth against Theorem 3's explicit bounds,
 * Figs. 12 and 13 of Raghu et al. (ICML 2017).
 */
@Command(name = "trajectory-growth",
        description = {"Trajectory length growth in random networks (Raghu et al. 2017, Figs. 12 and 13): the length "
                + "of a quarter circle's image after each layer vs depth, for several sigma_w^2 at a base width "
                + "(Fig. 13a) and several widths at a base sigma_w^2 (Fig. 13b) - with relu, Fig. 12 - and the "
                + "per-layer growth of a small perturbation vs width and sigma_w^2 (Fig. 13c, d), all beside the "
                + "explicit bounds of Theorem 3 (Appendix B).",
            "Relu and hard tanh are measured exactly along the circle's inscribed polygon; smooth activations by "
                + "adaptive sampling with a convergence check.",
            "Defaults (the paper's): the values below; random endpoints in R^100.",
            "--quick: under a minute; values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.growth.TrajectoryGrowthHelp",
        mixinStandardHelpOptions = true)
public final class TrajectoryGrowthCommand extends ExperimentCommand {

    @Option(names = "--activations", paramLabel = "NAME", split = ",",
            description = "Activations, each running every panel (relu, hard-tanh, tanh, sigmoid, selu, linear). "
                    + "Default: ${bundle:default.activations}.")
    List<String> activations;

    @Option(names = "--depth", paramLabel = "N", converter = Ranges.SizeAtLeastTwo.class,
            description = "Hidden layers of the length panels. Default: ${bundle:default.depth}.")
    Integer depth;

    @Option(names = "--base-width", paramLabel = "K", converter = Ranges.Size.class,
            description = "Width of panel a. Default: ${bundle:default.baseWidth}.")
    Integer baseWidth;

    @Option(names = "--weight-variances", paramLabel = "S2", split = ",", converter = Ranges.Positive.class,
            description = "sigma_w^2 values of panel a. Default: ${bundle:default.weightVariances}.")
    List<Double> weightVariances;

    @Option(names = "--base-weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2 of panel b. Default: ${bundle:default.baseWeightVariance}.")
    Double baseWeightVariance;

    @Option(names = "--widths", paramLabel = "K", split = ",", converter = Ranges.Size.class,
            description = "Widths of panel b. Default: ${bundle:default.widths}.")
    List<Integer> widths;

    @Option(names = "--networks", paramLabel = "N", converter = Ranges.CountAtLeastTwo.class,
            description = "Independent networks (and endpoint pairs) per configuration. Default: "
                    + "${bundle:default.networks}.")
    Integer networks;

    @Option(names = "--ratio-widths", paramLabel = "K", split = ",", converter = Ranges.Size.class,
            description = "Widths of the perturbation grid (Fig. 13c, d). Default: "
                    + "${bundle:default.ratioWidths}.")
    List<Integer> ratioWidths;

    @Option(names = "--ratio-weight-variances", paramLabel = "S2", split = ",", converter = Ranges.Positive.class,
            description = "sigma_w^2 of the perturbation grid. Default: ${bundle:default.ratioWeightVariances}.")
    List<Double> ratioWeightVariances;

    @Option(names = "--ratio-depth", paramLabel = "N", converter = Ranges.SizeAtLeastTwo.class,
            description = "Hidden layers of the perturbation networks. Default: ${bundle:default.ratioDepth}.")
    Integer ratioDepth;

    @Option(names = "--probes", paramLabel = "N", converter = Ranges.Count.class,
            description = "Perturbation probes per network. Default: ${bundle:default.probes}.")
    Integer probes;

    @Mixin
    RandomNetworkOptions randomNetwork;

    @Mixin
    ExactLengthOptions exact;

    @Mixin
    EndpointOptions endpoints;

    private List<Activation> parsed;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        if (activations != null) {
            parsed = OptionChecks.activations(activations, "--activations", this::usage);
        }
        endpoints.validate(false, this::usage);
        TrajectoryGrowthSettings p = common.quick() ? TrajectoryGrowthSettings.quick()
                : TrajectoryGrowthSettings.full();
        exact.validate(parsed != null ? parsed : p.activations(), this::usage);
        int d = or(depth, p.depth());
        int ratio = or(ratioDepth, p.ratioDepth());
        int m = endpoints.dimension(false, 100);
        int n = or(exact.polygonVertices(), p.polygonVertices());
        String rest = endpoints.sizing(false, 100) + ", --polygon-vertices " + n;
        int a = or(baseWidth, p.baseWidth());
        int b = java.util.Collections.max(or(widths, p.widths()));
        int c = java.util.Collections.max(or(ratioWidths, p.ratioWidths()));
        MemoryEstimate panelA = MemoryEstimate.measuring("measuring a network", m, a, d, n);
        MemoryEstimate panelB = MemoryEstimate.measuring("measuring a network", m, b, d, n);
        MemoryEstimate panelC = MemoryEstimate.measuring("measuring a network", m, c, ratio, n);
        MemoryEstimate largest = MemoryEstimate.max(panelA, MemoryEstimate.max(panelB, panelC));
        requireMemory(largest, (largest == panelA ? "--depth " + d + ", --base-width " + a
                : largest == panelB ? "--depth " + d + ", --widths " + b : "--ratio-depth " + ratio
                + ", --ratio-widths " + c) + rest);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        TrajectoryGrowthSettings p = context.quick() ? TrajectoryGrowthSettings.quick()
                : TrajectoryGrowthSettings.full();
        TrajectoryGrowthSettings settings = new TrajectoryGrowthSettings(parsed != null ? parsed : p.activations(),
                or(depth, p.depth()),
                or(baseWidth, p.baseWidth()), or(weightVariances, p.weightVariances()),
                or(baseWeightVariance, p.baseWeightVariance()), or(widths, p.widths()),
                or(randomNetwork.biasVariance(), p.biasVariance()), or(networks, p.networks()),
                or(ratioWidths, p.ratioWidths()),
                or(ratioWeightVariances, p.ratioWeightVariances()), or(ratioDepth, p.ratioDepth()),
                or(probes, p.probes()), or(exact.polygonVertices(), p.polygonVertices()));
        Endpoints ends = endpoints.resolve(context, false, 100);
        TrajectoryGrowthExperiment.Result r = new TrajectoryGrowthExperiment().run(context, settings, ends);
        TrajectoryGrowthReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        Map<String, Object> growth = new LinkedHashMap<>();
        for (TrajectoryGrowthExperiment.LengthSeries s : r.lengths()) {
            growth.put(s.config().label(), s.growth());
        }
        headline.put("growth_per_layer", growth);
        Map<String, Object> perturbation = new LinkedHashMap<>();
        for (TrajectoryGrowthExperiment.PerturbationPoint q : r.perturbations()) {
            perturbation.put(q.config().label(), q.growth());
        }
        headline.put("perturbation_growth_per_layer", perturbation);
        headline.put("all_converged", r.allConverged());
        return headline;
    }
}
