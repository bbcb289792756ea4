/**
 * Fully connected networks on ND4J arrays, points as rows: the random networks of Raghu et al. (ICML 2017),
 * Section 2.2 ({@link org.expressivity4j.core.network.RandomNetwork}), seeded reproducibly, and their batched
 * forward pass ({@link org.expressivity4j.core.network.Network}).
 */
package org.expressivity4j.core.network;
