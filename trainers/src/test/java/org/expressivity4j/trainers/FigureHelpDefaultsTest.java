package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleSettings;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegSettings;
import org.expressivity4j.trainers.figures.dichotomies.DichotomiesSettings;
import org.expressivity4j.trainers.figures.growth.TrajectoryGrowthSettings;
import org.expressivity4j.trainers.figures.linearity.LinearitySettings;
import org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment;
import org.expressivity4j.trainers.figures.noise.NoiseRobustnessSettings;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.figures.picture.TrajectoryPictureSettings;
import org.expressivity4j.trainers.figures.transitions.TransitionsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures' help shows the defaults their settings hold: the full profile's value, and the quick one's in
 * parentheses where it differs; per dataset where a training command's datasets differ; per profile for
 * bn-vs-trajreg. The training options shared by several commands say each command's own values.
 */
class FigureHelpDefaultsTest {

    static Stream<Arguments> defaults() {
        TrajectoryGrowthSettings gf = TrajectoryGrowthSettings.full();
        TrajectoryGrowthSettings gq = TrajectoryGrowthSettings.quick();
        TransitionsSettings tf = TransitionsSettings.full();
        TransitionsSettings tq = TransitionsSettings.quick();
        DichotomiesSettings df = DichotomiesSettings.full();
        DichotomiesSettings dq = DichotomiesSettings.quick();
        TrajectoryPictureSettings pf = TrajectoryPictureSettings.full();
        TrajectoryPictureSettings pq = TrajectoryPictureSettings.quick();
        return Stream.of(
                Arguments.of("trajectory-growth", "Hidden layers of the length panels.", both(gf.depth(), gq.depth())),
                Arguments.of("trajectory-growth", "Width of panel a.", both(gf.baseWidth(), gq.baseWidth())),
                Arguments.of("trajectory-growth", "sigma_w^2 values of panel a.",
                        both(list(gf.weightVariances()), list(gq.weightVariances()))),
                Arguments.of("trajectory-growth", "Perturbation probes per network.", both(gf.probes(), gq.probes())),
                Arguments.of("trajectory-growth", "selu, linear).", gf.activations().get(0).id() + ","
                        + gf.activations().get(1).id()),
                Arguments.of("trajectory-growth", "0 samples the circle adaptively instead.",
                        both(gf.polygonVertices(), gq.polygonVertices())),
                Arguments.of("transitions", "Deepest network.", both(tf.depth(), tq.depth())),
                Arguments.of("transitions", "Widths.", both(list(tf.widths()), list(tq.widths()))),
                Arguments.of("transitions", "sigma_w^2 values.",
                        both(list(tf.weightVariances()), list(tq.weightVariances()))),
                Arguments.of("transitions", "relu, hard-tanh, tanh, sigmoid, selu or linear.", tf.activation().id()),
                Arguments.of("transitions", "sigma_b^2.", both(plain(tf.biasVariance()), plain(tq.biasVariance()))),
                Arguments.of("dichotomies", "Widths of Figs. 14 and 16.", both(list(df.widths()), list(dq.widths()))),
                Arguments.of("dichotomies", "(hidden layers at and above the swept weights).",
                        both(list(df.remainingDepths()), list(dq.remainingDepths()))),
                Arguments.of("dichotomies", "sigma_w^2 of Figs. 14 and 15.",
                        both(plain(df.weightVariance()), plain(dq.weightVariance()))),
                Arguments.of("dichotomies", "relu, hard-tanh, tanh, sigmoid, selu or linear.", df.activation().id()),
                Arguments.of("dichotomies", "label flips.", both(df.maxFlips(), dq.maxFlips())),
                Arguments.of("trajectory-picture", "Points of the circle drawn per pane.", both(pf.points(),
                        pq.points())),
                Arguments.of("trajectory-picture", "sigma_w^2.", both(plain(pf.weightVariance()),
                        plain(pq.weightVariance()))),
                Arguments.of("trajectory-picture", "relu, hard-tanh, tanh, sigmoid, selu or linear.",
                        pf.activation().id()),
                Arguments.of("linearity", "Inputs per sigma for the affine fit.",
                        both(LinearitySettings.full().samples(), LinearitySettings.quick().samples())),
                Arguments.of("bn-init-counterexample", "Random starts of the gradient descent.",
                        both(BnInitCounterexampleSettings.full().starts(), BnInitCounterexampleSettings.quick()
                                .starts())));
    }

    static final String EPOCHS = "Training epochs (per trained layer for train-one-layer).";
    static final String BATCH = "Training minibatch size.";
    static final String RATE = "Learning rate (the optimizer's; with a one-cycle schedule, its peak).";
    static final String TRAIN = "Train on a class-balanced subset of N training examples (0: all).";
    static final String TEST = "Measure test accuracy on a class-balanced subset of N test examples (0: all).";
    static final String LIMIT = "At most N training batches per epoch (0: no limit), for smoke runs.";
    static final String TRAIN_EVAL = "Measure train accuracy on a fixed random subset of N of the training examples "
            + "used (0: all of them).";

    /** The training commands: the shared training options and each command's own, per dataset and profile. */
    static Stream<Arguments> trainingDefaults() {
        List<Arguments> rows = new ArrayList<>();
        List<Dataset> mnistFirst = List.of(Dataset.MNIST, Dataset.CIFAR10);
        BiFunction<Dataset, Boolean, TrainOneLayerSettings> one = TrainOneLayerSettings::defaults;
        rows.add(Arguments.of("train-one-layer", EPOCHS, perDataset(mnistFirst, one, s -> "" + s.epochs())));
        rows.add(Arguments.of("train-one-layer", BATCH, perDataset(mnistFirst, one, s -> "" + s.batchSize())));
        rows.add(Arguments.of("train-one-layer", RATE, perDataset(mnistFirst, one, s -> plain(s.learningRate()))));
        rows.add(Arguments.of("train-one-layer", TRAIN, perDataset(mnistFirst, one,
                s -> examples(s.trainExamples()))));
        rows.add(Arguments.of("train-one-layer", TEST, perDataset(mnistFirst, one, s -> examples(s.testExamples()))));
        rows.add(Arguments.of("train-one-layer", LIMIT, perDataset(mnistFirst, one, s -> "" + s.batchLimit())));
        rows.add(Arguments.of("train-one-layer", TRAIN_EVAL, perDataset(mnistFirst, one,
                s -> examples(s.trainEvalExamples()))));
        rows.add(Arguments.of("train-one-layer", "Hidden layers.", perDataset(mnistFirst, one,
                s -> "" + s.hiddenLayers()) + " (the paper's)"));
        rows.add(Arguments.of("train-one-layer", "Units per hidden layer.", perDataset(mnistFirst, one,
                s -> "" + s.width()) + " (the paper's)"));
        rows.add(Arguments.of("train-one-layer", "sigma_w^2: weights start N(0, sigma_w^2 / fan_in).",
                perDataset(mnistFirst, one, s -> plain(s.sigmaW2())) + " (the paper's)"));

        List<Dataset> cifarFirst = List.of(Dataset.CIFAR10, Dataset.MNIST);
        BiFunction<Dataset, Boolean, NoiseRobustnessSettings> noise = NoiseRobustnessSettings::defaults;
        rows.add(Arguments.of("noise-robustness", EPOCHS, perDataset(cifarFirst, noise, s -> "" + s.epochs())));
        rows.add(Arguments.of("noise-robustness", BATCH, perDataset(cifarFirst, noise, s -> "" + s.batchSize())));
        rows.add(Arguments.of("noise-robustness", RATE, perDataset(cifarFirst, noise,
                s -> plain(s.learningRate()))));
        rows.add(Arguments.of("noise-robustness", TRAIN, perDataset(cifarFirst, noise,
                s -> examples(s.trainExamples()))));
        rows.add(Arguments.of("noise-robustness", TEST, perDataset(cifarFirst, noise,
                s -> examples(s.testExamples()))));
        rows.add(Arguments.of("noise-robustness", LIMIT, perDataset(cifarFirst, noise, s -> "" + s.batchLimit())));
        rows.add(Arguments.of("noise-robustness", TRAIN_EVAL, perDataset(cifarFirst, noise,
                s -> examples(s.trainEvalExamples()))));
        rows.add(Arguments.of("noise-robustness", "Noise magnitudes.", perDataset(cifarFirst, noise,
                s -> list(s.magnitudes()))));
        rows.add(Arguments.of("noise-robustness", "Noise draws per layer and magnitude.", perDataset(cifarFirst,
                noise, s -> "" + s.noiseSeeds())));
        rows.add(Arguments.of("noise-robustness", "sigma_w^2 the network is initialized with.",
                perDataset(cifarFirst, noise, s -> plain(s.network() instanceof NoiseRobustnessExperiment.ConvNet c
                        ? c.sigmaW2() : ((NoiseRobustnessExperiment.Mlp) s.network()).sigmaW2()))));
        rows.add(Arguments.of("noise-robustness", "cifar10: channel and unit counts of the conv net relative to the "
                + "full one.", perDataset(List.of(Dataset.CIFAR10), noise,
                s -> plain(((NoiseRobustnessExperiment.ConvNet) s.network()).widthMultiplier()))));
        rows.add(Arguments.of("noise-robustness", "mnist: hidden layers of the fully connected net.",
                perDataset(List.of(Dataset.MNIST), noise,
                        s -> "" + ((NoiseRobustnessExperiment.Mlp) s.network()).hiddenLayers())));
        rows.add(Arguments.of("noise-robustness", "mnist: units per hidden layer.", perDataset(List.of(Dataset.MNIST),
                noise, s -> "" + ((NoiseRobustnessExperiment.Mlp) s.network()).width())));

        rows.add(Arguments.of("bn-vs-trajreg", EPOCHS, perProfile(p -> "" + p.epochs())));
        rows.add(Arguments.of("bn-vs-trajreg", BATCH, perProfile(p -> "" + p.batch())));
        rows.add(Arguments.of("bn-vs-trajreg", RATE, perProfile(p -> plain(p.recipe().learningRate()))));
        rows.add(Arguments.of("bn-vs-trajreg", TRAIN, perProfile(p -> examples(p.trainExamples()))));
        rows.add(Arguments.of("bn-vs-trajreg", TEST, perProfile(p -> examples(p.testExamples()))));
        rows.add(Arguments.of("bn-vs-trajreg", LIMIT, perProfile(p -> "" + p.settings(1).batchLimit())));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("trainingDefaults")
    void theTrainingHelpShowsEachCommandsDefault(String command, String description, String expected) {
        theHelpShowsTheSettingsDefault(command, description, expected);
    }

    @Test
    void theTrainingCommandsDescribeTheirSettingsNetworks() {
        TrainOneLayerSettings om = TrainOneLayerSettings.defaults(Dataset.MNIST, false);
        TrainOneLayerSettings oc = TrainOneLayerSettings.defaults(Dataset.CIFAR10, false);
        String one = help("train-one-layer");
        String phrase = "(mnist: " + om.hiddenLayers() + " x " + om.width() + ", cifar10: " + oc.hiddenLayers()
                + " x " + oc.width() + ", hard tanh, sigma_w^2 = " + plain(om.sigmaW2()) + ")";
        assertTrue(one.contains(phrase), phrase + " in " + one);
        NoiseRobustnessExperiment.ConvNet conv = (NoiseRobustnessExperiment.ConvNet) NoiseRobustnessSettings
                .defaults(Dataset.CIFAR10, false).network();
        NoiseRobustnessExperiment.Mlp mlp = (NoiseRobustnessExperiment.Mlp) NoiseRobustnessSettings
                .defaults(Dataset.MNIST, false).network();
        String noise = help("noise-robustness");
        phrase = "(cifar10: the conv net from sigma_w^2 = " + plain(conv.sigmaW2()) + "; mnist: the paper's "
                + mlp.hiddenLayers() + " x " + mlp.width() + " hard-tanh net)";
        assertTrue(noise.contains(phrase), phrase + " in " + noise);
    }

    /** linearity's sigma grids, read back from the help (10^x written as such), are the settings'. */
    @Test
    void linearityShowsTheSettingsSigmaGrids() {
        String help = help("linearity");
        Matcher m = Pattern.compile("Input standard deviations\\. Default: ([^(]+) \\(([^)]+)\\)\\.")
                .matcher(help);
        assertTrue(m.find(), help);
        assertArrayEquals(LinearitySettings.full().sigmas(), parseSigmas(m.group(1)), m.group(1));
        assertArrayEquals(LinearitySettings.quick().sigmas(), parseSigmas(m.group(2)), m.group(2));
    }

    private static double[] parseSigmas(String text) {
        return Arrays.stream(text.split(", ")).mapToDouble(t -> t.startsWith("10^")
                ? Math.pow(10, Double.parseDouble(t.substring(3))) : Double.parseDouble(t)).toArray();
    }

    private static String help(String command) {
        CliTest.Outcome o = CliTest.run(command, "--help");
        assertEquals(0, o.code(), o.err());
        return o.out().replaceAll("\\s*\\n\\s*", " ");
    }

    /** "20 (10) for mnist, 15 (5) for cifar10", or the one text where every dataset has the same. */
    private static <S> String perDataset(List<Dataset> datasets, BiFunction<Dataset, Boolean, S> defaults,
                                         Function<S, String> value) {
        List<String> texts = new ArrayList<>();
        for (Dataset d : datasets) {
            texts.add(both(value.apply(defaults.apply(d, false)), value.apply(defaults.apply(d, true))));
        }
        Set<String> distinct = new LinkedHashSet<>(texts);
        if (distinct.size() == 1) {
            return texts.get(0);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            parts.add(texts.get(i) + " for " + datasets.get(i).id());
        }
        return String.join(", ", parts);
    }

    /** "the profile's (quick 4, standard 12, full 30)", or the one value every profile has. */
    private static String perProfile(Function<BnVsTrajRegSettings.Profile, String> value) {
        String q = value.apply(BnVsTrajRegSettings.quick());
        String s = value.apply(BnVsTrajRegSettings.standard());
        String f = value.apply(BnVsTrajRegSettings.full());
        return q.equals(s) && s.equals(f) ? f : "the profile's (quick " + q + ", standard " + s + ", full " + f + ")";
    }

    private static String examples(int subset) {
        return subset == 0 ? "all" : String.valueOf(subset);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("defaults")
    void theHelpShowsTheSettingsDefault(String command, String description, String expected) {
        CliTest.Outcome o = CliTest.run(command, "--help");
        assertEquals(0, o.code(), o.err());
        String help = o.out().replaceAll("\\s*\\n\\s*", " ");
        assertTrue(help.contains(description + " Default: " + expected + "."), description + " Default: "
                + expected + ". in " + help);
    }

    private static String both(Object full, Object quick) {
        return full.equals(quick) ? String.valueOf(full) : full + " (" + quick + ")";
    }

    private static String list(List<? extends Number> values) {
        return values.stream().map(v -> v instanceof Double d ? plain(d) : String.valueOf(v))
                .collect(Collectors.joining(","));
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
