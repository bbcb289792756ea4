package org.expressivity4j.trainers.figures.bninit;

import org.expressivity4j.trainers.options.ProfileHelp;

/**
 * The defaults {@code bn-init-counterexample --help} shows: {@link BnInitCounterexampleSettings#full()} and
 * {@code quick()}.
 */
public final class BnInitCounterexampleHelp extends ProfileHelp {

    public BnInitCounterexampleHelp() {
        super(BnInitCounterexampleSettings.full(), BnInitCounterexampleSettings.quick());
    }
}
