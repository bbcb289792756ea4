package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Function;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegSettings.Profile;
import org.expressivity4j.trainers.training.TrainingRecipe;
import org.junit.jupiter.api.Test;

/** {@code bn-vs-trajreg --help} shows the defaults {@link BnVsTrajRegSettings}'s profiles hold. */
class BnVsTrajRegHelpTest {

    /** The help text with its line wrapping undone (one space wherever picocli broke a line). */
    static String help() {
        CliTest.Outcome o = CliTest.run("bn-vs-trajreg", "--help");
        assertEquals(0, o.code(), o.err());
        return o.out().replaceAll("\\s*\\n\\s*", " ");
    }

    @Test
    void theProfilesDescribedAreTheSettingsProfiles() {
        String help = help();
        for (Profile p : BnVsTrajRegSettings.profiles()) {
            String images = (p.trainExamples() == 0 ? "all" : String.format(Locale.ROOT, "%,d", p.trainExamples()))
                    + " training images, " + (p.testExamples() == 0 ? "all"
                    : String.format(Locale.ROOT, "%,d", p.testExamples())) + " test images";
            String phrase = ": width " + plain(p.width()) + ", " + images + ", batch " + p.batch() + ", "
                    + p.epochs() + " epochs, ";
            assertTrue(help.contains(p.id() + phrase) || help.contains(p.id() + " (= --quick)" + phrase),
                    p.id() + phrase + " in " + help);
            assertTrue(help.contains(plain(p.recipe().learningRate())), "learning rate of " + p.id());
        }
        assertTrue(help.contains("Default: " + BnVsTrajRegSettings.full().id() + "."), help);
    }

    @Test
    void eachOptionsDefaultPerProfileIsTheProfiles() {
        String help = help();
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> plain(p.width())) + ")"), help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> "" + p.evalEvery()) + ")"), help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> "" + p.probeEvery()) + ")"), help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> plain(p.recipe().weightDecay())) + ")"),
                help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> p.recipe().optimizer()
                == TrainingRecipe.Optimizer.ADAM ? "adam" : "sgd-nesterov") + ")"), help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> p.recipe().augmentation().isActive()
                ? "crop-flip" : "none") + ")"), help);
        assertTrue(help.contains("Default: the profile's (" + byProfile(p -> p.recipe().schedule()
                == TrainingRecipe.Schedule.ONE_CYCLE ? "one-cycle" : "constant") + ")"), help);
        BnVsTrajRegSettings full = BnVsTrajRegSettings.full().settings(1);
        assertTrue(help.contains("N(0, sigma_w^2 / fan_in). Default: " + plain(full.sigmaW2()) + " "), help);
        assertTrue(help.contains("Default: the listener's, " + full.probePoints() + "."), help);
        assertTrue(help.contains("or " + plain(BnVsTrajRegSettings.MOMENTUM) + " where the profile's optimizer is "
                + "Adam"), help);
    }

    private static String byProfile(Function<Profile, String> value) {
        Profile q = BnVsTrajRegSettings.quick();
        Profile s = BnVsTrajRegSettings.standard();
        Profile f = BnVsTrajRegSettings.full();
        return "quick " + value.apply(q) + ", standard " + value.apply(s) + ", full " + value.apply(f);
    }

    /** 0.25, 1, 0.0005: a double without trailing zeros. */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
