package org.expressivity4j.trainers.figures.transitions;

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

/** {@code transitions}: neuron transitions vs depth, width and trajectory length, Figs. 2 and 5 of Raghu et al. */
@Command(name = "transitions",
        description = {"Neuron transitions along a trajectory in random networks (Raghu et al. 2017): transitions "
                + "vs depth and vs width (Fig. 2) and vs the trajectory's length in each layer (Fig. 5), beside "
                + "Theorem 4's per-layer factor. Every width is measured with every sigma_w^2; transitions of relu "
                + "and hard-tanh networks are counted exactly.",
            "Defaults (the paper's Fig. 2): a quarter circle between two MNIST training images and the values "
                + "below; a configuration stops deepening past --max-transitions transitions in its last layer.",
            "--quick: about a minute; values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.transitions.TransitionsHelp",
        mixinStandardHelpOptions = true)
public final class TransitionsCommand extends ExperimentCommand {

    @Mixin
    ActivationOption activation;

    @Option(names = "--widths", paramLabel = "K", split = ",", converter = Ranges.Size.class,
            description = "Widths. Default: ${bundle:default.widths}.")
    List<Integer> widths;

    @Option(names = "--weight-variances", paramLabel = "S2", split = ",", converter = Ranges.Positive.class,
            description = "sigma_w^2 values. Default: ${bundle:default.weightVariances}.")
    List<Double> weightVariances;

    @Option(names = "--depth", paramLabel = "N", converter = Ranges.Size.class,
            description = "Deepest network. Default: ${bundle:default.depth}.")
    Integer depth;

    @Option(names = "--networks", paramLabel = "N", converter = Ranges.Count.class,
            description = "Networks (and endpoint pairs) per configuration. Default: "
                    + "${bundle:default.networks}.")
    Integer networks;

    @Option(names = "--max-transitions", paramLabel = "N", converter = Ranges.LongCount.class,
            description = "A configuration stops deepening once its last layer has this many transitions "
                    + "(the exact count's time grows with it). Default: ${bundle:default.maxTransitions}.")
    Long maxTransitions;

    @Option(names = "--plot-depths", paramLabel = "D", split = ",", converter = Ranges.Depth.class,
            description = "Depths drawn in the transitions-vs-width plots. Default: "
                    + "${bundle:default.plotDepths}, at most --depth.")
    List<Integer> plotDepths;

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
        TransitionsSettings p = common.quick() ? TransitionsSettings.quick() : TransitionsSettings.full();
        parsed = activation.activation(p.activation(), this::usage);
        endpoints.validate(true, this::usage);
        exact.validate(List.of(parsed), this::usage);
        int d = OptionChecks.or(depth, p.depth());
        if (plotDepths != null && plotDepths.stream().anyMatch(v -> v > d)) {
            throw usage("--plot-depths must not exceed the depth, " + d + (depth == null ? " (the profile's; "
                    + "--depth sets it)" : "") + ", got " + plotDepths);
        }
        int k = java.util.Collections.max(OptionChecks.or(widths, p.widths()));
        int n = OptionChecks.or(exact.polygonVertices(), p.polygonVertices());
        requireMemory(MemoryEstimate.measuring("measuring a network", endpoints.dimension(true, 784), k, d, n),
                "--depth " + d + ", --widths " + k + endpoints.sizing(true, 784) + ", --polygon-vertices " + n);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        TransitionsSettings p = context.quick() ? TransitionsSettings.quick() : TransitionsSettings.full();
        int n = OptionChecks.or(depth, p.depth());
        List<Integer> drawn = plotDepths != null ? plotDepths
                : p.plotDepths().stream().filter(d -> d <= n).toList();
        TransitionsSettings settings = new TransitionsSettings(parsed,
                OptionChecks.or(widths, p.widths()),
                OptionChecks.or(weightVariances, p.weightVariances()),
                OptionChecks.or(randomNetwork.biasVariance(), p.biasVariance()), n,
                OptionChecks.or(networks, p.networks()),
                OptionChecks.or(maxTransitions, p.maxTransitions()),
                drawn.isEmpty() ? List.of(n) : drawn,
                OptionChecks.or(exact.polygonVertices(), p.polygonVertices()));
        Endpoints ends = endpoints.resolve(context, true, 784);
        TransitionsExperiment.Result r = new TransitionsExperiment().run(context, settings, ends);
        TransitionsReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        Map<String, Object> growth = new LinkedHashMap<>();
        Map<String, Object> slope = new LinkedHashMap<>();
        Map<String, Object> last = new LinkedHashMap<>();
        for (TransitionsExperiment.Series s : r.series()) {
            growth.put(s.config().label(), s.depthGrowth());
            slope.put(s.config().label(), s.lengthSlope());
            last.put(s.config().label(), Map.of("depth", s.depthReached(),
                    "transitions", s.meanTransitions()[s.depthReached()]));
        }
        headline.put("transitions_growth_per_layer", growth);
        headline.put("transitions_vs_length_loglog_slope", slope);
        headline.put("last_layer", last);
        headline.put("all_converged", r.allConverged());
        return headline;
    }
}
