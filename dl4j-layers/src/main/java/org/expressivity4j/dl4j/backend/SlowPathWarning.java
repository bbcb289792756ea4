package org.expressivity4j.dl4j.backend;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WARN line, once per JVM, when DL4J runs on ND4J's CPU backend with its oneDNN layer helpers off.
 *
 * <p>DL4J 1.0.0-M2.1 turns its oneDNN helpers (convolution, pooling, batch normalization) off twice over: the system
 * property {@value #DL4J_HELPERS_DISABLE} defaults to {@code true}, and the runtime check behind it
 * ({@link BaseMKLDNNHelper#mklDnnEnabled()}) looks up a class that nd4j-native M2.1 no longer has. Conv nets then
 * train several times slower and nothing says so. The listener and the trajectory-regularization layer call
 * {@link #checkOnce()} when they first run; the fix is one call of {@code NativeBackend.configureDefaults()} from
 * the artifact {@code org.expressivity4j:expressivity4j-cpu-backend}, before building networks.
 */
public final class SlowPathWarning {

    /** DL4J's switch for its platform helpers. */
    public static final String DL4J_HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger log = LoggerFactory.getLogger(SlowPathWarning.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private SlowPathWarning() {
    }

    /** Checks once per JVM; later calls do nothing. */
    public static void checkOnce() {
        if (CHECKED.compareAndSet(false, true)) {
            String problem = problem();
            if (problem != null) {
                log.warn(problem);
            }
        }
    }

    /**
     * What is wrong, or null when DL4J's oneDNN helpers are on or the backend is not ND4J's CPU backend (on CUDA
     * the cuDNN helpers apply instead).
     */
    public static String problem() {
        String backend;
        try {
            backend = Nd4j.getBackend().getClass().getName();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        if (!backend.toLowerCase(Locale.ROOT).contains("cpu")) {
            return null;
        }
        boolean disabled = !"false".equalsIgnoreCase(System.getProperty(DL4J_HELPERS_DISABLE, "true").trim());
        boolean available;
        try {
            available = BaseMKLDNNHelper.mklDnnEnabled();
        } catch (RuntimeException | LinkageError e) {
            available = false;
        }
        if (!disabled && available) {
            return null;
        }
        String why = disabled ? DL4J_HELPERS_DISABLE + " is not false"
                : "DL4J's oneDNN runtime check fails on nd4j-native M2.1";
        return "DL4J's oneDNN helpers are off (" + why + "): convolution, pooling and batch norm run on the slow "
                + "path, several times slower on CPU. Call NativeBackend.configureDefaults() (artifact "
                + "org.expressivity4j:expressivity4j-cpu-backend) once before building networks.";
    }

    /** Forgets that the check ran (tests). */
    static void reset() {
        CHECKED.set(false);
    }
}
