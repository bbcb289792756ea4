package org.expressivity4j.trainers.figures.linearity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code linearity}: for which activations a deep random network is near-linear on inputs {@code N(0, sigma^2 I)},
 * {@code sigma << 1} (papers/002), and how batch norm without gamma and beta keeps a sigmoid near-linear
 * (papers/000).
 */
@Command(name = "linearity",
        description = {"Near-linearity of deep random networks for small inputs N(0, sigma^2 I), sigma from 1 to "
                + "1e-3: the relative residual of the best affine fit per activation (sigmoid, tanh, relu, selu, "
                + "linear), trajectory growth per layer against the linearization at 0, and a sigmoid unit with and "
                + "without batch norm's gamma and beta.",
            "Values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.linearity.LinearityHelp",
        mixinStandardHelpOptions = true)
public final class LinearityCommand extends ExperimentCommand {

    @Option(names = "--activations", paramLabel = "NAME", split = ",",
            defaultValue = "sigmoid,tanh,relu,selu,linear",
            description = "Activations of the main comparison (relu, hard-tanh, tanh, sigmoid, selu, linear). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> activations;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10", converter = Ranges.Size.class,
            description = "Hidden layers. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--width", paramLabel = "K", defaultValue = "100", converter = Ranges.Size.class,
            description = "Units per hidden layer. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--input-dim", paramLabel = "M", defaultValue = "10", converter = Ranges.Size.class,
            description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int inputDimension;

    @Option(names = "--weight-variance", paramLabel = "S2", defaultValue = "1", converter = Ranges.Positive.class,
            description = "sigma_w^2 of the main comparison (weights N(0, sigma_w^2 / fan_in)). "
                    + "Default: ${DEFAULT-VALUE}.")
    double weightVariance;

    @Option(names = "--bias-variance", paramLabel = "S2", defaultValue = "0", converter = Ranges.NonNegative.class,
            description = "sigma_b^2 of the main comparison. Default: ${DEFAULT-VALUE} (the exercise's setting).")
    double biasVariance;

    @Option(names = "--samples", paramLabel = "N", converter = Ranges.Size.class,
            description = "Inputs per sigma for the affine fit. Default: ${bundle:default.samples}.")
    Integer samples;

    @Option(names = "--sigmas", paramLabel = "S", split = ",", converter = Ranges.Positive.class,
            description = "Input standard deviations. Default: ${bundle:default.sigmas}.")
    List<Double> sigmas;

    @Option(names = "--variants", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run relu and selu at sigma_w^2 = 2 and the nonlinear activations with biases "
                    + "sigma_b^2 = 0.1 (--no-variants to skip). Default: ${DEFAULT-VALUE}.")
    boolean variants;

    private List<Activation> parsed;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        try {
            parsed = activations.stream().map(Activation::parse).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        LinearitySettings profile = common.quick() ? LinearitySettings.quick() : LinearitySettings.full();
        int n = samples != null ? samples : profile.samples();
        if (n <= inputDimension + 1L) {
            throw usage("--samples must exceed --input-dim + 1 = " + (inputDimension + 1L) + " (an affine fit's "
                    + "unknowns), got " + n + (samples == null ? " (the profile's)" : ""));
        }
        // The samples (or the trajectory's points) at a layer and the next, and the affine fit's inputs.
        requireMemory(MemoryEstimate.randomNetwork("a network's outputs", MemoryEstimate.FLOAT64, inputDimension,
                width, depth, Math.max(n, profile.trajectoryPoints()), 2), "--depth " + depth + ", --width " + width
                + ", --input-dim " + inputDimension + ", --samples " + n);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        LinearitySettings profile = context.quick() ? LinearitySettings.quick()
                : LinearitySettings.full();
        double[] grid = sigmas != null ? sigmas.stream().mapToDouble(Double::doubleValue).distinct().toArray()
                : profile.sigmas();
        LinearitySettings settings = new LinearitySettings(parsed, inputDimension, width, depth,
                weightVariance, biasVariance, samples != null ? samples : profile.samples(),
                profile.trajectoryPoints(), grid, variants, profile.bnSamples());
        LinearityExperiment.Result r = new LinearityExperiment().run(context, settings);
        LinearityReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        Map<String, Object> residuals = new LinkedHashMap<>();
        for (LinearityExperiment.ConfigResult c : r.configs()) {
            residuals.put(c.config().label(), java.util.Arrays.stream(c.lastResiduals()).boxed().toList());
        }
        headline.put("sigmas", java.util.Arrays.stream(grid).boxed().toList());
        headline.put("last_layer_residuals", residuals);
        Map<String, Object> bn = new LinkedHashMap<>();
        for (LinearityExperiment.SigmoidRow row : r.sigmoid()) {
            bn.put(row.name(), row.relativeResidual());
        }
        headline.put("sigmoid_batch_norm_residuals", bn);
        return headline;
    }
}
