package org.expressivity4j.trainers.figures.growth;

import org.expressivity4j.trainers.options.ProfileHelp;

/** The defaults {@code trajectory-growth --help} shows: {@link TrajectoryGrowthSettings#full()} and {@code quick()}. */
public final class TrajectoryGrowthHelp extends ProfileHelp {

    public TrajectoryGrowthHelp() {
        super(TrajectoryGrowthSettings.full(), TrajectoryGrowthSettings.quick());
    }
}
