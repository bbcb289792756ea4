package org.expressivity4j.core.backend;

import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast configuration of ND4J's native CPU backend and DL4J's oneDNN layer helpers, applied once per JVM
 * before a network is built.
 *
 * <p>Stock DL4J 1.0.0-M2.1 leaves its oneDNN helpers (convolution, pooling, batch normalization) off twice over:
 * the system property {@value #DL4J_HELPERS_DISABLE} defaults to {@code true}, and the runtime check behind it
 * looks for a class that nd4j-native no longer has (the shim {@code org.nd4j.nativeblas.Nd4jCpu} in this module
 * answers it). {@link #configure(Settings)} switches the helpers on and sets the number of native threads
 * (OpenMP and BLAS). Together with the oneDNN/AVX2 native build that the project's POM selects, a CIFAR-10 conv net
 * training step is several times faster; see the README for the measured figures.
 *
 * <p>Overrides, strongest first: the arguments given to {@link #configure(Settings)}; the system properties
 * {@value #THREADS_PROPERTY} and {@value #HELPERS_PROPERTY}; the environment variable {@value #THREADS_ENV}. If the
 * user set DL4J's own property {@value #DL4J_HELPERS_DISABLE} explicitly, it is left as it is.
 *
 * <p>Thread counts matter: small dense networks (the MNIST MLPs) run fastest on one native thread (on two cores a
 * training step of the paper's MLP took about 12 ms with one thread and 35 ms with two, mostly because OpenBLAS
 * splits its small matrix products), conv nets on all cores. Setting {@code OMP_NUM_THREADS=1} alone does not reach
 * OpenBLAS's thread count; this class sets OpenMP's, OpenBLAS's and ND4J's own. Callers that know their workload
 * pass the count; {@link Settings#defaults()} uses all cores.
 */
public final class NativeBackend {

    /** System property: number of native threads (a positive integer). */
    public static final String THREADS_PROPERTY = "expressivity4j.threads";
    /** Environment variable: number of native threads, used when the system property is absent. */
    public static final String THREADS_ENV = "EXPRESSIVITY4J_THREADS";
    /** System property: {@code false} keeps DL4J's oneDNN layer helpers off. */
    public static final String HELPERS_PROPERTY = "expressivity4j.helpers";
    /** DL4J's own switch for its platform helpers (M2.1 default: {@code true}, i.e. helpers disabled). */
    public static final String DL4J_HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger log = LoggerFactory.getLogger(NativeBackend.class);
    private static State current;

    private NativeBackend() {
    }

    /**
     * What to configure.
     *
     * @param threads native threads for OpenMP and BLAS, at least 1
     * @param helpers whether DL4J's oneDNN layer helpers should be on
     */
    public record Settings(int threads, boolean helpers) {

        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        /** All cores (or the configured override) and helpers on (unless switched off by property). */
        public static Settings defaults() {
            return withThreads(0);
        }

        /**
         * The configured overrides, else the given thread count.
         *
         * @param preferredThreads the caller's choice for its workload; 0 means all cores
         */
        public static Settings withThreads(int preferredThreads) {
            int threads = configuredThreads().orElse(
                    preferredThreads > 0 ? preferredThreads : Runtime.getRuntime().availableProcessors());
            boolean helpers = !"false".equalsIgnoreCase(System.getProperty(HELPERS_PROPERTY, "true").trim());
            return new Settings(threads, helpers);
        }

        private static java.util.OptionalInt configuredThreads() {
            String value = System.getProperty(THREADS_PROPERTY);
            String source = THREADS_PROPERTY;
            if (value == null || value.isBlank()) {
                value = System.getenv(THREADS_ENV);
                source = THREADS_ENV;
            }
            if (value == null || value.isBlank()) {
                return java.util.OptionalInt.empty();
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return java.util.OptionalInt.of(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " must be a positive integer, got '" + value + "'");
            }
        }
    }

    /**
     * The backend as configured.
     *
     * @param threads         native threads set for OpenMP and BLAS
     * @param helpersAllowed  whether DL4J will create its oneDNN layer helpers (property and ND4J's switch)
     * @param oneDnn          whether the loaded native build uses oneDNN (DL4J's helper check now sees this)
     * @param nativeBuild     ND4J's description of the loaded native build
     */
    public record State(int threads, boolean helpersAllowed, boolean oneDnn, String nativeBuild) {

        /** Whether DL4J will actually run its conv / pooling / batch-norm layers on oneDNN. */
        public boolean helpersActive() {
            return helpersAllowed && oneDnn;
        }

        /** One line for logs and manifests. */
        public String describe() {
            return String.format(Locale.ROOT, "threads=%d, oneDNN helpers %s (native build: %s)", threads,
                    helpersActive() ? "on" : helpersAllowed ? "allowed but oneDNN absent" : "off", nativeBuild);
        }
    }

    /** {@link #configure(Settings)} with {@link Settings#defaults()}. */
    public static State configureDefaults() {
        return configure(Settings.defaults());
    }

    /**
     * Applies the settings to this JVM's ND4J backend; call before building networks (helpers are chosen when a
     * layer is created). Calling it again changes the thread count and the helper switch for layers created
     * afterwards.
     */
    public static synchronized State configure(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        String userChoice = System.getProperty(DL4J_HELPERS_DISABLE);
        if (userChoice != null && current == null) {
            log.info("{}={} was set explicitly; leaving it", DL4J_HELPERS_DISABLE, userChoice);
        } else {
            System.setProperty(DL4J_HELPERS_DISABLE, Boolean.toString(!settings.helpers()));
        }
        Nd4j.getEnvironment().allowHelpers(settings.helpers());
        // Environment.setMaxThreads is ignored by the M2.1 native build; these three are honoured.
        Nd4j.getEnvironment().setMaxMasterThreads(settings.threads());
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(settings.threads());
        Nd4j.factory().blas().setMaxThreads(settings.threads());
        current = readState(settings.threads());
        log.debug("native backend: {}", current.describe());
        return current;
    }

    /** The state after the last {@link #configure(Settings)}, or the backend's untouched state. */
    public static synchronized State state() {
        return current != null ? current : readState(Nd4j.getEnvironment().maxMasterThreads());
    }

    private static State readState(int threads) {
        boolean allowed = !Boolean.parseBoolean(System.getProperty(DL4J_HELPERS_DISABLE, "true"))
                && Nd4j.getEnvironment().helpersAllowed();
        boolean oneDnn = org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        return new State(threads, allowed, oneDnn, summarizeBuild(build));
    }

    private static String summarizeBuild(String buildInfo) {
        if (buildInfo == null || buildInfo.isBlank()) {
            return "unknown";
        }
        String flat = buildInfo.replaceAll("\\s+", " ").trim();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
