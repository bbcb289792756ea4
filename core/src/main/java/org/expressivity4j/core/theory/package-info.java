/**
 * The bounds of Raghu et al. (ICML 2017) as documented functions: Theorem 3 and Appendix B on trajectory growth
 * ({@link org.expressivity4j.core.theory.TrajectoryGrowthBounds}), Theorem 4 on transitions
 * ({@link org.expressivity4j.core.theory.TransitionBound}), Theorems 1 and 5 on regions
 * ({@link org.expressivity4j.core.theory.RegionBounds}).
 */
package org.expressivity4j.core.theory;
