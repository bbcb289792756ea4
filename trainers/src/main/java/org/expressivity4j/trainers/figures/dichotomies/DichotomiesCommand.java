package org.expressivity4j.trainers.figures.dichotomies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.options.ActivationOption;
import org.expressivity4j.trainers.options.OptionChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.options.RandomNetworkOptions;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dichotomies}: distinct labellings under a weight sweep, Figs. 14-16 of Raghu et al. (ICML 2017). */
@Command(name = "dichotomies",
        description = {"Dichotomies under a weight sweep (Raghu et al. 2017, App. B.3, Figs. 14-16): the weights of "
                + "one layer move along a great circle while s random inputs are labelled by the sign of a linear "
                + "readout; distinct labellings vs remaining depth and width (Fig. 14), vs remaining depth for "
                + "different swept layers (Fig. 15), and vs the number of label flips beside a random-walk "
                + "baseline (Fig. 16).",
            "Defaults (the paper's): the values below. The full profile takes hours on 2 cores (deep sweeps of "
                + "the widest networks dominate).",
            "--quick: about a minute; values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.dichotomies.DichotomiesHelp",
        mixinStandardHelpOptions = true)
public final class DichotomiesCommand extends ExperimentCommand {

    @Mixin
    ActivationOption activation;

    @Option(names = "--widths", paramLabel = "K", split = ",", converter = Ranges.Size.class,
            description = "Widths of Figs. 14 and 16. Default: ${bundle:default.widths}.")
    List<Integer> widths;

    @Option(names = "--remaining-depths", paramLabel = "D", split = ",", converter = Ranges.Size.class,
            description = "Remaining depths (hidden layers at and above the swept weights). "
                    + "Default: ${bundle:default.remainingDepths}.")
    List<Integer> remainingDepths;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2 of Figs. 14 and 15. Default: ${bundle:default.weightVariance}.")
    Double weightVariance;

    @Option(names = "--transitions-weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2 of Fig. 16. Default: ${bundle:default.transitionsWeightVariance}.")
    Double transitionsWeightVariance;

    @Option(names = "--base-width", paramLabel = "K", converter = Ranges.Size.class,
            description = "Width of Fig. 15 (where the swept layer varies). Default: "
                    + "${bundle:default.layerWidth}.")
    Integer layerWidth;

    /** The old spelling of --base-width, kept for existing scripts. */
    @Option(names = "--layer-width", paramLabel = "K", hidden = true, converter = Ranges.Size.class)
    void layerWidth(Integer k) {
        layerWidth = k;
    }

    @Option(names = "--swept-layers", paramLabel = "L", split = ",", converter = Ranges.Size.class,
            description = "Layers swept in Fig. 15 (1 = the first layer's weights). Default: "
                    + "${bundle:default.sweptLayers}.")
    List<Integer> sweptLayers;

    @Option(names = "--inputs", paramLabel = "S", converter = Ranges.DichotomyInputs.class,
            description = "Labelled inputs s, 1 to 63. Default: ${bundle:default.inputs}.")
    Integer inputs;

    @Option(names = "--input-dim", paramLabel = "M", converter = Ranges.Size.class,
            description = "Input dimension. Default: ${bundle:default.inputDimension}.")
    Integer inputDimension;

    @Option(names = "--networks", paramLabel = "N", converter = Ranges.Count.class,
            description = "Networks (sweeps) per point. Default: ${bundle:default.networks}.")
    Integer networks;

    @Option(names = "--max-flips", paramLabel = "N", converter = Ranges.LongCount.class,
            description = "A series stops deepening after a point with this many label flips. "
                    + "Default: ${bundle:default.maxFlips}.")
    Long maxFlips;

    @Mixin
    RandomNetworkOptions randomNetwork;

    private Activation parsed;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        DichotomiesSettings p = common.quick() ? DichotomiesSettings.quick() : DichotomiesSettings.full();
        parsed = activation.activation(p.activation(), this::usage);
        int m = OptionChecks.or(inputDimension, p.inputDimension());
        int s = OptionChecks.or(inputs, p.inputs());
        int k = java.util.Collections.max(OptionChecks.or(widths, p.widths()));
        int remaining = java.util.Collections.max(OptionChecks.or(remainingDepths, p.remainingDepths()));
        int base = OptionChecks.or(layerWidth, p.layerWidth());
        int swept = java.util.Collections.max(OptionChecks.or(sweptLayers, p.sweptLayers()));
        // Figs. 14 and 16 sweep the first layer of networks as deep as the remaining depth; Fig. 15 a higher layer.
        MemoryEstimate byWidth = MemoryEstimate.randomNetwork("sweeping a network", MemoryEstimate.FLOAT64, m, k,
                remaining, s, 2);
        MemoryEstimate byLayer = MemoryEstimate.randomNetwork("sweeping a network", MemoryEstimate.FLOAT64, m, base,
                (double) swept + remaining - 1, s, 2);
        boolean widest = byWidth.bytes() >= byLayer.bytes();
        requireMemory(widest ? byWidth : byLayer, (widest ? "--widths " + k + ", --remaining-depths " + remaining
                : "--base-width " + base + ", --swept-layers " + swept + ", --remaining-depths " + remaining)
                + ", --input-dim " + m);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        DichotomiesSettings p = context.quick() ? DichotomiesSettings.quick() : DichotomiesSettings.full();
        DichotomiesSettings settings = new DichotomiesSettings(parsed,
                OptionChecks.or(widths, p.widths()),
                OptionChecks.or(remainingDepths, p.remainingDepths()),
                OptionChecks.or(weightVariance, p.weightVariance()),
                OptionChecks.or(transitionsWeightVariance, p.transitionsWeightVariance()),
                OptionChecks.or(layerWidth, p.layerWidth()),
                OptionChecks.or(sweptLayers, p.sweptLayers()),
                OptionChecks.or(randomNetwork.biasVariance(), p.biasVariance()),
                OptionChecks.or(inputs, p.inputs()),
                OptionChecks.or(inputDimension, p.inputDimension()),
                OptionChecks.or(networks, p.networks()),
                OptionChecks.or(maxFlips, p.maxFlips()), p.initialSamples(), p.maxSamples());
        DichotomiesExperiment.Result r = new DichotomiesExperiment().run(context, settings);
        DichotomiesReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        for (DichotomiesExperiment.Point pt : r.points()) {
            headline.computeIfAbsent(pt.part(), x -> new LinkedHashMap<String, Object>());
            @SuppressWarnings("unchecked")
            Map<String, Object> part = (Map<String, Object>) headline.get(pt.part());
            part.put(pt.config().label() + " layer " + pt.sweptLayer() + " remaining depth " + pt.remainingDepth(),
                    pt.dichotomies());
        }
        headline.put("all_resolved", r.allResolved());
        return headline;
    }
}
