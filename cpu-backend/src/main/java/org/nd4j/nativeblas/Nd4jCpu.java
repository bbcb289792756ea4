package org.nd4j.nativeblas;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 see its oneDNN layer helpers as available.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up, by reflection, the class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} and calls its static {@code getInstance()} and then
 * {@code isUseMKLDNN()}. In nd4j-native 1.0.0-M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} and the method was renamed
 * {@code isUseONEDNN()}; the lookup fails, the failure is swallowed, and every oneDNN helper (convolution,
 * pooling, batch normalization, LRN) silently stays off, which makes convolution nets about 8x slower on CPU.
 * This class restores the old name and signature and forwards to the new ones. It has no effect on DL4J versions
 * whose lookup succeeds without it, and it is inert unless the helpers are also allowed
 * (see {@link org.expressivity4j.core.backend.NativeBackend}).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The subset of the old native environment that DL4J's helper check calls. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** The single instance, as the old binding returned. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded native build uses oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
