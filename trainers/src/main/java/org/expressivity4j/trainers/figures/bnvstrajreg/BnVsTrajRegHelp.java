package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.expressivity4j.trainers.options.HelpValues.count;
import static org.expressivity4j.trainers.options.HelpValues.examples;
import static org.expressivity4j.trainers.options.HelpValues.number;

import java.util.ListResourceBundle;
import java.util.function.Function;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegSettings.Profile;
import org.expressivity4j.trainers.training.TrainingRecipe;

/**
 * The defaults {@code bn-vs-trajreg --help} shows, read from {@link BnVsTrajRegSettings}'s profiles (the command's
 * descriptions refer to them as {@code ${bundle:key}}).
 */
public final class BnVsTrajRegHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        Profile quick = BnVsTrajRegSettings.quick();
        Profile standard = BnVsTrajRegSettings.standard();
        Profile full = BnVsTrajRegSettings.full();
        return new Object[][] {
            {"profiles", describe(quick) + "; " + describe(standard) + "; " + describe(full)},
            {"default.profile", full.id()},
            {"default.optimizer", byProfile(p -> optimizer(p.recipe().optimizer()))},
            {"default.schedule", byProfile(p -> p.recipe().schedule() == TrainingRecipe.Schedule.ONE_CYCLE
                    ? "one-cycle" : "constant")},
            {"default.momentum", number(BnVsTrajRegSettings.MOMENTUM)},
            {"default.weight-decay", byProfile(p -> number(p.recipe().weightDecay()))},
            {"default.augment", byProfile(p -> p.recipe().augmentation().isActive() ? "crop-flip" : "none")},
            {"default.width-multiplier", byProfile(p -> number(p.width()))},
            {"default.eval-every", byProfile(p -> String.valueOf(p.evalEvery()))},
            {"default.probe-every", byProfile(p -> String.valueOf(p.probeEvery()))},
            {"default.weight-variance", number(full.settings(0).sigmaW2())},
            // The training options' (TrainingOptions).
            {"default.epochs", theProfiles(p -> String.valueOf(p.epochs()))},
            {"default.batch", theProfiles(p -> String.valueOf(p.batch()))},
            {"default.learning-rate", theProfiles(p -> number(p.recipe().learningRate()))},
            {"default.train-examples", theProfiles(p -> examples(p.trainExamples()))},
            {"default.test-examples", theProfiles(p -> examples(p.testExamples()))},
            {"default.batch-limit", theProfiles(p -> String.valueOf(p.settings(0).batchLimit()))},
        };
    }

    /** {@code the profile's (quick 4, standard 12, full 30)}, or the one value every profile has. */
    private static String theProfiles(Function<Profile, String> value) {
        long distinct = BnVsTrajRegSettings.profiles().stream().map(value).distinct().count();
        return distinct == 1 ? value.apply(BnVsTrajRegSettings.full()) : "the profile's (" + byProfile(value) + ")";
    }

    /** A profile's budget in one phrase, e.g. {@code quick: width 0.25, 10,000 training images, ...}. */
    static String describe(Profile p) {
        return p.id() + (p.id().equals("quick") ? " (= --quick)" : "") + ": width " + number(p.width()) + ", "
                + images(p.trainExamples(), "training") + ", " + images(p.testExamples(), "test") + ", batch "
                + p.batch() + ", " + p.epochs() + " epochs, " + recipe(p.recipe());
    }

    private static String images(int examples, String split) {
        return (examples == 0 ? "all" : count(examples)) + " " + split + " images";
    }

    private static String recipe(TrainingRecipe r) {
        String optimizer = r.optimizer() == TrainingRecipe.Optimizer.ADAM ? "Adam"
                : "SGD with Nesterov momentum " + number(r.momentum());
        String rate = r.schedule() == TrainingRecipe.Schedule.ONE_CYCLE
                ? "a one-cycle rate peaking at " + number(r.learningRate()) : "rate " + number(r.learningRate());
        return optimizer + " at " + rate + (r.weightDecay() > 0 ? ", weight decay " + number(r.weightDecay()) : "")
                + (r.augmentation().isActive() ? ", random crop and flip" : "");
    }

    private static String optimizer(TrainingRecipe.Optimizer o) {
        return o == TrainingRecipe.Optimizer.ADAM ? "adam" : "sgd-nesterov";
    }

    /** One value per profile: {@code quick 40, standard 391, full 391}. */
    private static String byProfile(Function<Profile, String> value) {
        StringBuilder text = new StringBuilder();
        for (Profile p : BnVsTrajRegSettings.profiles()) {
            text.append(text.isEmpty() ? "" : ", ").append(p.id()).append(' ').append(value.apply(p));
        }
        return text.toString();
    }
}
