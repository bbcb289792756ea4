/**
 * Trajectories {@code x(t)}, {@code t} in {@code [0, 1]}, through input space (Raghu et al., ICML 2017, Section 2):
 * {@link org.expressivity4j.core.trajectory.Curve} and its factories in
 * {@link org.expressivity4j.core.trajectory.Trajectories}, sampled {@link org.expressivity4j.core.trajectory.Trajectory}
 * matrices, their length as a chord sum ({@link org.expressivity4j.core.trajectory.ArcLength}), and 2-D pictures
 * ({@link org.expressivity4j.core.trajectory.Projections}, Fig. 3).
 */
package org.expressivity4j.core.trajectory;
