package org.expressivity4j.trainers.figures.dichotomies;

import org.expressivity4j.trainers.options.ProfileHelp;

/** The defaults {@code dichotomies --help} shows: {@link DichotomiesSettings#full()} and {@code quick()}. */
public final class DichotomiesHelp extends ProfileHelp {

    public DichotomiesHelp() {
        super(DichotomiesSettings.full(), DichotomiesSettings.quick());
    }
}
