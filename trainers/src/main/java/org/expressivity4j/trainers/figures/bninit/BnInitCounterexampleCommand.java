package org.expressivity4j.trainers.figures.bninit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bn-init-counterexample}: Dannemann and Junike's counterexample to Santurkar et al.'s Lemma 4.5 ("batch
 * normalization does not improve initialization"), in closed form and through DL4J's BatchNormalization.
 */
@Command(name = "bn-init-counterexample",
        description = {"Dannemann & Junike's counterexample (batch norm does not improve initialization): the "
                + "batch-normalized cost of one linear neuron on x = (1,1), (1,2), (2,3), y = 2, 5, 13, its gradient "
                + "at the least-squares optimum W* = (1, 3) (paper: (-0.34, 0.11)), its minima on the ray "
                + "3 w1 = 5 w2 from random starts, Santurkar et al.'s Lemma 4.5 evaluated, and the gradient through "
                + "DL4J's BatchNormalization.",
            "Values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleHelp",
        mixinStandardHelpOptions = true)
public final class BnInitCounterexampleCommand extends ExperimentCommand {

    @Option(names = "--starts", paramLabel = "N", converter = Ranges.Count.class,
            description = "Random starts of the gradient descent. Default: ${bundle:default.starts}.")
    Integer starts;

    @Option(names = "--epsilon", paramLabel = "E", defaultValue = "1e-5", converter = Ranges.NonNegative.class,
            description = "Epsilon of DL4J's BatchNormalization for the comparison (DL4J's default: 1e-5; the "
                    + "comparison without epsilon is always run too). Default: ${DEFAULT-VALUE}.")
    double epsilon;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        BnInitCounterexampleSettings settings = context.quick()
                ? BnInitCounterexampleSettings.quick() : BnInitCounterexampleSettings.full();
        if (starts != null) {
            settings = settings.withStarts(starts);
        }
        settings = settings.withEpsilon(epsilon);
        BnInitCounterexampleExperiment.Result r = new BnInitCounterexampleExperiment().run(context, settings);
        BnInitCounterexampleReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("gradient_at_w_star", toList(r.closedForm().gradientAtWStar()));
        headline.put("paper_gradient", List.of(-0.34, 0.11));
        headline.put("ray_direction", toList(r.closedForm().rayDirection()));
        headline.put("minimal_cost", r.closedForm().minimalCost());
        headline.put("descent_ratios_w2_over_w1", r.descents().stream()
                .map(BnInitCounterexampleExperiment.Descent::ratio).toList());
        headline.put("lemma_4_5_at_w_star", Map.of("lhs", r.lemma().get(0).evaluation().lhs(),
                "rhs", r.lemma().get(0).evaluation().rhs(), "holds", r.lemma().get(0).evaluation().holds()));
        headline.put("dl4j_gradient", toList(r.dl4jWithEpsilon().dl4j().gradient()));
        headline.put("dl4j_max_difference_same_epsilon", r.dl4jWithEpsilon().maxGradientDifference());
        return headline;
    }

    private static List<Double> toList(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
