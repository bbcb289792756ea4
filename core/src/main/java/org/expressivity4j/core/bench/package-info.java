/**
 * Throughput measurements kept in the repository ({@link org.expressivity4j.core.bench.PropagationBenchmark}); they
 * return result records and print nothing.
 */
package org.expressivity4j.core.bench;
