package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.expressivity4j.trainers.figures.dichotomies.DichotomiesSettings;
import org.expressivity4j.trainers.figures.growth.TrajectoryGrowthSettings;
import org.expressivity4j.trainers.figures.picture.TrajectoryPictureSettings;
import org.expressivity4j.trainers.figures.transitions.TransitionsSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The random-network figures' help shows the defaults their settings hold: the full profile's value, and the quick
 * one's in parentheses where it differs.
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
                        pf.activation().id()));
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
