package org.expressivity4j.trainers.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figure runs of {@code reproduce}, in the order they run, and the options each profile gives them. Each stage
 * is one ordinary run of a figure command in its own sub-folder; the command keeps its own options and defaults,
 * and a profile only chooses the budget.
 */
final class Stages {

    static final String BN_INIT = "bn-init-counterexample";
    static final String LINEARITY = "linearity";
    static final String PICTURE = "trajectory-picture";
    static final String TRANSITIONS = "transitions";
    static final String GROWTH = "trajectory-growth";
    static final String DICHOTOMIES = "dichotomies";
    static final String BN_VS_TRAJREG = "bn-vs-trajreg";
    static final String NOISE = "noise-robustness";
    static final String ONE_LAYER_MNIST = "train-one-layer-mnist";
    static final String ONE_LAYER_CIFAR = "train-one-layer-cifar10";

    /** The budgets of {@code reproduce}. */
    enum Profile {
        /** Every figure at a small budget: at most 15 minutes on 2 cores. */
        QUICK,
        /** The random-network figures at the paper's budgets; the trained ones at what fits 2 cores in hours. */
        STANDARD,
        /** The paper's budgets everywhere. */
        FULL;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Profile parse(String id) {
            for (Profile p : values()) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown profile '" + id + "': choose quick, standard or full");
        }
    }

    /**
     * One figure run.
     *
     * @param id        the sub-folder's name and the id {@code --only} accepts
     * @param title     what it shows
     * @param command   the figure command it runs
     * @param arguments the command's options for this profile (without --out, --seed and the shared options)
     * @param minutes   the expected wall time on 2 cores, for the progress view (measured where stated)
     * @param resumable whether the command continues from checkpoints with --resume (otherwise a half-finished run
     *                  starts again)
     */
    record Stage(String id, String title, String command, List<String> arguments, double minutes,
                 boolean resumable) {
    }

    private Stages() {
    }

    /**
     * The stages of a profile. {@code folder} is the reproduce run's folder: the noise stage perturbs the network
     * the bn-vs-trajreg stage trained without normalization when that network exists.
     */
    static List<Stage> of(Profile profile, Path folder) {
        boolean quick = profile == Profile.QUICK;
        List<String> randomNets = quick ? List.of("--quick") : List.of();
        List<Stage> s = new ArrayList<>();
        s.add(new Stage(BN_INIT, "Batch norm does not improve initialization (Dannemann & Junike)",
                "bn-init-counterexample", List.of(), 0.1, false));
        s.add(new Stage(LINEARITY, "Near-linearity for small inputs (side result)", "linearity", randomNets,
                quick ? 0.3 : 1, false));
        s.add(new Stage(PICTURE, "Fig. 3: a circle through a random network", "trajectory-picture", randomNets,
                quick ? 0.5 : 2, false));
        s.add(new Stage(TRANSITIONS, "Figs. 2, 5, Theorems 1, 4: transitions", "transitions", randomNets,
                quick ? 0.7 : 15, false));
        s.add(new Stage(GROWTH, "Figs. 12, 13, Theorem 3: trajectory length growth", "trajectory-growth", randomNets,
                quick ? 1.1 : 20, false));
        s.add(new Stage(DICHOTOMIES, "Figs. 14-16: dichotomies", "dichotomies", randomNets, quick ? 0.8 : 15,
                false));
        s.add(new Stage(BN_VS_TRAJREG, "Figs. 8-11: batch norm vs trajectory regularization (CIFAR-10)",
                "bn-vs-trajreg", quick ? List.of("--profile", "quick", "--epochs", "2")
                : List.of("--profile", profile.id()), switch (profile) {
                    case QUICK -> 3;
                    case STANDARD -> 150;
                    case FULL -> 1600;
                }, true));
        List<String> noise = new ArrayList<>(List.of("--dataset", "cifar10"));
        Path trained = folder.resolve(BN_VS_TRAJREG).resolve("models").resolve("none.zip");
        if (Files.exists(trained)) {
            noise.addAll(List.of("--model", trained.toString()));
        }
        if (quick) {
            noise.add("--quick");
        }
        s.add(new Stage(NOISE, "Fig. 6: noise on one layer's weights (CIFAR-10)", "noise-robustness",
                List.copyOf(noise), quick ? 1.5 : 30, true));
        s.add(new Stage(ONE_LAYER_MNIST, "Fig. 7: train one layer (MNIST)", "train-one-layer", quick
                ? List.of("--dataset", "mnist", "--quick", "--train-examples", "4000", "--test-examples", "2000",
                "--epochs", "4")
                : List.of("--dataset", "mnist"), quick ? 2 : 50, true));
        s.add(new Stage(ONE_LAYER_CIFAR, "Fig. 17: train one layer (CIFAR-10)", "train-one-layer", switch (profile) {
            case QUICK -> List.of("--dataset", "cifar10", "--quick", "--train-examples", "2000", "--test-examples",
                    "1000", "--epochs", "2");
            case STANDARD -> List.of("--dataset", "cifar10", "--quick");
            case FULL -> List.of("--dataset", "cifar10");
        }, switch (profile) {
            case QUICK -> 1.5;
            case STANDARD -> 12;
            case FULL -> 600;
        }, true));
        return List.copyOf(s);
    }
}
