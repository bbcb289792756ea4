/**
 * The measures of expressivity of Raghu et al. (ICML 2017), Section 2: trajectory length, neuron transitions and
 * activation patterns ({@link org.expressivity4j.core.measure.TrajectoryMeasures}, exact through
 * {@link org.expressivity4j.core.measure.ExactCrossings} or by
 * {@link org.expressivity4j.core.measure.AdaptiveSampling}), dichotomies under a weight sweep
 * ({@link org.expressivity4j.core.measure.Dichotomies}) and Monte Carlo growth ratios
 * ({@link org.expressivity4j.core.measure.GrowthRatios}).
 */
package org.expressivity4j.core.measure;
