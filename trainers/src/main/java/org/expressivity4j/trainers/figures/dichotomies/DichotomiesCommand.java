package org.expressivity4j.trainers.figures.dichotomies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.core.network.Activation;
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
            "Defaults (the paper's): hard tanh, s = 15, sigma_b = 0; widths 2,8,32,128,512 at sigma_w^2 = 8 "
                + "(Fig. 14) and 16 (Fig. 16); width 128 with layers 1,4,8,12 swept (Fig. 15); remaining depths "
                + "1,3,...,17; 2 networks per point; a series stops deepening after 5e4 flips. The full profile takes "
                + "hours on 2 cores (deep sweeps of width 512 dominate).",
            "--quick: widths 2,8,32, remaining depths 1,3,...,9, layers 1,3,5 swept at width 32, cap 5000 flips "
                + "(about a minute); values in parentheses below are the --quick profile's.", ""},
        mixinStandardHelpOptions = true)
public final class DichotomiesCommand extends ExperimentCommand {

    @Option(names = "--activation", paramLabel = "NAME",
            description = "relu, hard-tanh, tanh, sigmoid, selu or linear. Default: hard-tanh.")
    String activation;

    @Option(names = "--widths", paramLabel = "K", split = ",", converter = Ranges.Size.class,
            description = "Widths of Figs. 14 and 16. Default: 2,8,32,128,512 (2,8,32).")
    List<Integer> widths;

    @Option(names = "--remaining-depths", paramLabel = "D", split = ",", converter = Ranges.Size.class,
            description = "Remaining depths (hidden layers at and above the swept weights). "
                    + "Default: 1,3,...,17 (1,3,...,9).")
    List<Integer> remainingDepths;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2 of Figs. 14 and 15. Default: 8.")
    Double weightVariance;

    @Option(names = "--transitions-weight-variance", paramLabel = "S2", converter = Ranges.Positive.class,
            description = "sigma_w^2 of Fig. 16. Default: 16.")
    Double transitionsWeightVariance;

    @Option(names = "--base-width", paramLabel = "K", converter = Ranges.Size.class,
            description = "Width of Fig. 15 (where the swept layer varies). Default: 128 (32).")
    Integer layerWidth;

    /** The old spelling of --base-width, kept for existing scripts. */
    @Option(names = "--layer-width", paramLabel = "K", hidden = true, converter = Ranges.Size.class)
    void layerWidth(Integer k) {
        layerWidth = k;
    }

    @Option(names = "--swept-layers", paramLabel = "L", split = ",", converter = Ranges.Size.class,
            description = "Layers swept in Fig. 15 (1 = the first layer's weights). Default: 1,4,8,12 (1,3,5).")
    List<Integer> sweptLayers;

    @Option(names = "--inputs", paramLabel = "S", converter = Ranges.DichotomyInputs.class,
            description = "Labelled inputs s, 1 to 63. Default: 15.")
    Integer inputs;

    @Option(names = "--input-dim", paramLabel = "M", converter = Ranges.Size.class,
            description = "Input dimension. Default: 100.")
    Integer inputDimension;

    @Option(names = "--networks", paramLabel = "N", converter = Ranges.Count.class,
            description = "Networks (sweeps) per point. Default: 2.")
    Integer networks;

    @Option(names = "--max-flips", paramLabel = "N", converter = Ranges.LongCount.class,
            description = "A series stops deepening after a point with this many label flips. "
                    + "Default: 50000 (5000).")
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
        if (activation != null) {
            parsed = OptionChecks.activation(activation, "--activation", this::usage);
        }
        DichotomiesSettings p = common.quick() ? DichotomiesSettings.quick() : DichotomiesSettings.full();
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
        DichotomiesSettings settings = new DichotomiesSettings(parsed != null ? parsed : p.activation(),
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
