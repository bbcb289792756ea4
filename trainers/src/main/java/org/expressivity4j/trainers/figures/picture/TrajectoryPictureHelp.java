package org.expressivity4j.trainers.figures.picture;

import org.expressivity4j.trainers.options.ProfileHelp;

/** The defaults {@code trajectory-picture --help} shows: {@link TrajectoryPictureSettings#full()} and {@code quick()}. */
public final class TrajectoryPictureHelp extends ProfileHelp {

    public TrajectoryPictureHelp() {
        super(TrajectoryPictureSettings.full(), TrajectoryPictureSettings.quick());
    }
}
