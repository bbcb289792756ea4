package org.expressivity4j.trainers.figures.linearity;

import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.Config;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.ConfigResult;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.FLOOR;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.Result;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.SIGMOID_INPUT_MEAN;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.SIGMOID_INPUT_STD;
import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.SigmoidRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.core.linearity.NearLinearity;
import org.expressivity4j.core.linearity.SmallInputLimits;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;

/**
 * The report of {@link LinearityExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class LinearityReport {

    private LinearityReport() {
    }

    /** Writes the plots and summary.md of a run that {@link LinearityExperiment} computed. */
    public static void write(RunContext context, LinearityExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        LinearitySettings s = r.settings();
        double[] sigmas = s.sigmas();
        Plots.LinePlot main = Plots.line("Residual of the best affine fit, last layer (depth " + s.depth()
                        + ", width " + s.width() + ", sigma_b^2 = " + MarkdownTable.format(s.biasVariance()) + ")",
                "sigma (inputs N(0, sigma^2 I))", "|Y - affine fit| / |Y - mean Y|").logX().logY();
        for (ConfigResult c : r.configs()) {
            if (c.config().main()) {
                main.series(c.config().activation().id(), sigmas, floor(c.lastResiduals()));
            }
        }
        double smallest = s.smallestSigma();
        double[] grid = {smallest, s.largestSigma()};
        for (ConfigResult c : r.configs()) {
            if (!c.config().main()) {
                continue;
            }
            Activation a = c.config().activation();
            double atSmallest = c.profiles().get(indexOf(sigmas, smallest)).last().relativeResidual();
            if (a == Activation.TANH || a == Activation.SIGMOID) {
                // tanh without biases is odd: ~ sigma^2; with biases, and the sigmoid (offsets 1/2), ~ sigma.
                int power = a == Activation.TANH && c.config().biasVariance() == 0 ? 2 : 1;
                main.theory(a.id() + (power == 2 ? ": c sigma^2" : ": c sigma"), grid,
                        new double[] {atSmallest, atSmallest * Math.pow(grid[1] / grid[0], power)});
            } else if (!c.profiles().isEmpty() && c.kinks() > 0) {
                double limit = c.limitResiduals()[s.depth() - 1];
                main.theory(a.id() + ": limit sigma -> 0 (" + MarkdownTable.format(limit) + ")", grid,
                        new double[] {limit, limit});
            }
        }
        main.save(context.run().plot("residual-vs-sigma"));

        if (r.configs().stream().anyMatch(c -> !c.config().main())) {
            Plots.LinePlot variants = Plots.line("Variants: sigma_w^2 = 2, and biases sigma_b^2 = 0.1",
                    "sigma (inputs N(0, sigma^2 I))", "relative residual, last layer").logX().logY();
            for (ConfigResult c : r.configs()) {
                if (!c.config().main() || c.config().activation() == Activation.RELU
                        || c.config().activation() == Activation.SELU) {
                    variants.series(c.config().label(), sigmas, floor(c.lastResiduals()));
                }
            }
            variants.save(context.run().plot("residual-vs-sigma-variants"));
        }

        Plots.LinePlot ratio = Plots.line("Segment length through the network / its linearization at 0, last layer",
                "sigma", "length / linearized length").logX();
        for (ConfigResult c : r.configs()) {
            if (c.config().main()) {
                ratio.series(c.config().activation().id(), sigmas,
                        c.profiles().stream().mapToDouble(p -> p.last().lengthRatio()).toArray());
            }
        }
        ratio.theory("1 (linear prediction exact)", new double[] {smallest, s.largestSigma()}, new double[] {1, 1});
        ratio.save(context.run().plot("length-ratio-vs-sigma"));

        for (double sigma : new double[] {s.largestSigma(), smallest}) {
            int k = indexOf(sigmas, sigma);
            Plots.LinePlot growth = Plots.line(String.format(Locale.ROOT, "Trajectory growth per layer at sigma = %s: "
                            + "measured (solid) vs linearization at 0 (dashed)", MarkdownTable.format(sigma)),
                    "layer", "length(layer) / length(input)").logY();
            double[] layers = new double[s.depth() + 1];
            for (int d = 0; d <= s.depth(); d++) {
                layers[d] = d;
            }
            for (ConfigResult c : r.configs()) {
                if (!c.config().main()) {
                    continue;
                }
                NearLinearity.Profile p = c.profiles().get(k);
                double[] measured = new double[s.depth() + 1];
                double[] predicted = new double[s.depth() + 1];
                measured[0] = 1;
                predicted[0] = 1;
                for (int d = 1; d <= s.depth(); d++) {
                    measured[d] = p.layer(d).length() / p.inputLength();
                    predicted[d] = p.layer(d).linearizedLength() / p.inputLength();
                }
                growth.series(c.config().activation().id(), layers, measured);
                growth.theory(c.config().activation().id() + " linearized", layers, predicted);
            }
            growth.save(context.run().plot("trajectory-growth-sigma-" + MarkdownTable.format(sigma)));
        }

        List<String> cases = List.of("no BN", "BN", "BN, g=4 b=2", "BN = identity");
        Plots.save(Plots.bars("A sigmoid unit on inputs N(4, 9): how far from affine", "pre-activation h",
                "value", cases, List.of("relative residual of the affine fit", "fraction of h in [-2, 2]"),
                List.of(r.sigmoid().stream().mapToDouble(SigmoidRow::relativeResidual).toArray(),
                        r.sigmoid().stream().mapToDouble(SigmoidRow::nearLinearFraction).toArray())),
                context.run().plot("sigmoid-batchnorm"));
    }
    static double[] floor(double[] v) {
        return Arrays.stream(v).map(x -> Math.max(x, FLOOR)).toArray();
    }
    static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException(v + " not among " + Arrays.toString(values));
    }
    static String summary(Result r) {
        LinearitySettings s = r.settings();
        StringBuilder sb = new StringBuilder("# Near-linearity of deep networks for small inputs\n\n");
        sb.append(String.format(Locale.ROOT, "Random networks (Raghu et al. 2017, Sec. 2.2): input dimension %d, "
                        + "%d hidden layers of width %d, weights N(0, sigma_w^2 / fan_in), biases N(0, sigma_b^2); "
                        + "the same weights (one seed) for every activation. Inputs x = sigma u with the same %d "
                        + "directions u ~ N(0, I) at every sigma. Main comparison: sigma_w^2 = %s, sigma_b^2 = %s "
                        + "(zero biases: then the random networks are exactly the exercise's setting, every layer's "
                        + "pre-activations are N(0, ~sigma^2)-small for tanh, and relu nets are positively "
                        + "homogeneous).%n%n", s.inputDimension(), s.depth(), s.width(), s.samples(),
                MarkdownTable.format(s.weightVariance()), MarkdownTable.format(s.biasVariance())));
        sb.append("Residual = |Y - affine fit(X)|_F / |Y - mean Y|_F of the last hidden layer (0: exactly affine; "
                + "its square is 1 - R^2). \"limit\" is the residual of the network's first-order expansion at 0 "
                + "(one-sided slopes at kinks): the value as sigma -> 0.\n\n");
        List<String> headers = new ArrayList<>(List.of("activation", "sigma_w^2", "sigma_b^2"));
        for (double sigma : s.sigmas()) {
            headers.add("sigma = " + MarkdownTable.format(sigma));
        }
        headers.add("limit");
        headers.add("expected as sigma -> 0");
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        for (ConfigResult c : r.configs()) {
            List<Object> row = new ArrayList<>(List.of(c.config().activation().id(),
                    MarkdownTable.format(c.config().weightVariance()), MarkdownTable.format(c.config().biasVariance())));
            for (double v : c.lastResiduals()) {
                row.add(String.format(Locale.ROOT, "%.3e", v));
            }
            row.add(String.format(Locale.ROOT, "%.3e", c.limitResiduals()[s.depth() - 1]));
            row.add(expectation(c.config()));
            table.row(row.toArray());
        }
        sb.append(table.render()).append('\n');
        sb.append(slopes(r)).append('\n');

        sb.append("## Trajectory growth against the linear prediction\n\nThe segment sigma ((1 - t) u0 + t u1), "
                + "sampled at ").append(s.trajectoryPoints()).append(" points; length = chord sum through each layer; "
                + "linearized = the same points through the first-order expansion at 0 (for tanh, sigmoid and "
                + "linear the Jacobian product W_1 D_1 ... W_d D_d, a straight segment of length "
                + "sigma |(u1 - u0) J|). Ratio length / linearized, and straightness length / chord (1: the image "
                + "is a straight segment), last layer:\n\n");
        List<String> gh = new ArrayList<>(List.of("activation", "sigma_w^2", "sigma_b^2"));
        for (double sigma : s.sigmas()) {
            gh.add("sigma = " + MarkdownTable.format(sigma));
        }
        MarkdownTable growth = new MarkdownTable(gh.toArray(String[]::new));
        for (ConfigResult c : r.configs()) {
            if (!c.config().main()) {
                continue;
            }
            List<Object> row = new ArrayList<>(List.of(c.config().activation().id(),
                    MarkdownTable.format(c.config().weightVariance()), MarkdownTable.format(c.config().biasVariance())));
            for (NearLinearity.Profile p : c.profiles()) {
                row.add(String.format(Locale.ROOT, "%.4f / %.4f", p.last().lengthRatio(), p.last().straightness()));
            }
            growth.row(row.toArray());
        }
        sb.append(growth.render()).append('\n');
        sb.append("Relu and selu without biases have every unit on its kink at input 0, so their first-order "
                + "expansion is itself piecewise linear (for relu it is the network itself: ratio exactly 1 and a "
                + "bent image, straightness > 1, at every sigma). For the smooth activations the image straightens "
                + "and its length approaches the Jacobian prediction as sigma -> 0.\n\n");

        sb.append("## The exercise's selu constants\n\nWe use the standard selu (Klambauer et al. 2017, as ND4J): "
                + "lambda = 1.0507009873554805, alpha = 1.6732632423543772, selu(x) = lambda x for x > 0 and "
                + "lambda alpha (e^x - 1) otherwise; slopes at 0: lambda = 1.0507 (right) and lambda alpha = "
                + "1.7581 (left). The exercise (papers/002, eq. 4) writes selu(x) = alpha (exp(x) - 1) for x <= 0, "
                + "without lambda, so its alpha is the product lambda alpha: 1.0507 x 1.6733 = 1.75814 with the "
                + "constants rounded to 4 decimals (1.75810 with full precision). Its worked answer then writes "
                + "lambda alpha (e^x - 1) again, which with alpha = 1.75814 would count lambda twice (left slope "
                + "1.847); the conclusion (piecewise linear with different slopes left and right of 0) holds "
                + "either way, and the measured limit residual depends only on the ratio of the slopes, "
                + "alpha = 1.6733.\n\n");
        sb.append("One unit, for reference (exact expansions, `SmallInputLimits`): tanh residual (sqrt 6 / 3) "
                + "sigma^2, sigmoid (sqrt 6 / 12) sigma^2, relu ").append(String.format(Locale.ROOT, "%.4f",
                SmallInputLimits.kinkResidual(0, 1))).append(", selu ").append(String.format(Locale.ROOT, "%.4f",
                SmallInputLimits.unitResidual(Activation.SELU, 0.001))).append(" (relu's at every sigma, selu's as "
                + "sigma -> 0). A zero-bias relu network is positively homogeneous in its weights too, so sigma_w^2 "
                + "only rescales it: its residual is the same at sigma_w^2 = 1 and 2; selu's limit network (slopes "
                + "lambda and lambda alpha) likewise, so both sigma_w^2 share the limit, reached more slowly at "
                + "sigma_w^2 = 2 where the deeper layers' pre-activations are larger.\n\n");

        sb.append("## Batch norm keeps a sigmoid near-linear; gamma and beta let it out\n\n");
        sb.append(String.format(Locale.ROOT, "The Q&A (papers/000, quoting Ioffe & Szegedy): \"normalizing the inputs "
                        + "of a sigmoid would constrain them to the linear regime\"; gamma and beta restore the "
                        + "representation power, and gamma = sqrt(Var x), beta = E x recover the original "
                        + "activations. One sigmoid unit, %d inputs z ~ N(%s, %s^2), pre-activation h as below "
                        + "(batch norm with population variance, no epsilon); residual of the best affine fit of "
                        + "sigmoid(h) on z:%n%n", r.sigmoid().isEmpty() ? 0 : s.bnSamples(),
                MarkdownTable.format(SIGMOID_INPUT_MEAN), MarkdownTable.format(SIGMOID_INPUT_STD)));
        MarkdownTable bn = new MarkdownTable("pre-activation h", "mean h", "std h", "h in [-2, 2]", "abs(h) > 4",
                "residual", "R^2 (variance explained)", "max abs(h - z)");
        for (SigmoidRow row : r.sigmoid()) {
            bn.row(row.name(), String.format(Locale.ROOT, "%.3f", row.preActivationMean()),
                    String.format(Locale.ROOT, "%.3f", row.preActivationStd()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * row.nearLinearFraction()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * row.saturatedFraction()),
                    String.format(Locale.ROOT, "%.4f", row.relativeResidual()),
                    String.format(Locale.ROOT, "%.4f", row.explainedVariance()),
                    String.format(Locale.ROOT, "%.1e", row.identityError()));
        }
        sb.append(bn.render()).append('\n');
        sb.append("[-2, 2] is the linear piece of the hard sigmoid clip(1/2 + h/4, 0, 1), the sigmoid's "
                + "piecewise-linear surrogate (slope above 0.105 there); beyond abs(h) = 4 the slope is below 7% of its "
                + "peak 1/4.\n\n");
        sb.append("Plots: plots/residual-vs-sigma.png, plots/residual-vs-sigma-variants.png, "
                + "plots/length-ratio-vs-sigma.png, plots/trajectory-growth-sigma-*.png, plots/sigmoid-batchnorm.png.\n");
        return sb.toString();
    }
    static String expectation(Config c) {
        boolean zeroBias = c.biasVariance() == 0;
        return switch (c.activation()) {
            case TANH -> zeroBias ? "linear; residual ~ sigma^2 (odd network)" : "affine; residual ~ sigma";
            case SIGMOID -> "affine; residual ~ sigma (1/2 offsets shift deeper layers off 0)";
            case RELU -> zeroBias ? "not affine; residual independent of sigma (homogeneous)"
                    : "affine once no unit crosses its kink (slowly)";
            case SELU -> zeroBias ? "piecewise linear, slopes lambda / lambda alpha; residual -> limit like sigma"
                    : "affine once no unit crosses its kink (slowly)";
            case LINEAR -> "exactly linear (rounding)";
            case HARD_TANH -> "linear while inside [-1, 1]";
        };
    }
    static String slopes(Result r) {
        LinearitySettings s = r.settings();
        double[] sigmas = s.sigmas();
        int small = indexOf(sigmas, s.smallestSigma());
        int next = -1;
        for (int i = 0; i < sigmas.length; i++) {
            if (sigmas[i] > sigmas[small] && (next < 0 || sigmas[i] < sigmas[next])) {
                next = i;
            }
        }
        if (next < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Log-log slope of the residual between "
                + "sigma = %s and %s: ", MarkdownTable.format(sigmas[next]), MarkdownTable.format(sigmas[small])));
        List<String> parts = new ArrayList<>();
        for (ConfigResult c : r.configs()) {
            if (c.config().main() && c.config().activation() != Activation.LINEAR) {
                double a = c.profiles().get(next).last().relativeResidual();
                double b = c.profiles().get(small).last().relativeResidual();
                parts.add(String.format(Locale.ROOT, "%s %.3f", c.config().activation().id(),
                        Math.log(a / b) / Math.log(sigmas[next] / sigmas[small])));
            }
        }
        return sb.append(String.join(", ", parts)).append(" (tanh 2, sigmoid 1, relu 0; selu -> 0).\n").toString();
    }
}
