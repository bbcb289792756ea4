package org.expressivity4j.trainers.figures.transitions;

import org.expressivity4j.trainers.options.ProfileHelp;

/** The defaults {@code transitions --help} shows: {@link TransitionsSettings#full()} and {@code quick()}. */
public final class TransitionsHelp extends ProfileHelp {

    public TransitionsHelp() {
        super(TransitionsSettings.full(), TransitionsSettings.quick());
    }
}
