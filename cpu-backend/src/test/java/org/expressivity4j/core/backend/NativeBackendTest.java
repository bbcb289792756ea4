package org.expressivity4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBackendTest {

    @AfterEach
    void restoreDefaults() {
        NativeBackend.configureDefaults();
    }

    @Test
    void defaultsSwitchOneDnnHelpersOn() {
        NativeBackend.State state = NativeBackend.configureDefaults();
        assertTrue(state.oneDnn(), "the oneDNN native build is not loaded (or the Nd4jCpu shim does not see it): "
                + state.nativeBuild());
        assertTrue(state.helpersAllowed(), "DL4J helpers are not allowed: " + state.describe());
        assertTrue(state.helpersActive());
        assertEquals("false", System.getProperty(NativeBackend.DL4J_HELPERS_DISABLE));
    }

    @Test
    void shimAnswersDl4jsReflectiveLookup() throws Exception {
        NativeBackend.configureDefaults();
        // The exact lookup DL4J's BaseMKLDNNHelper.mklDnnEnabled() performs.
        Class<?> c = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment");
        Object env = c.getMethod("getInstance").invoke(null);
        Object enabled = c.getMethod("isUseMKLDNN").invoke(env);
        assertEquals(Boolean.TRUE, enabled);
    }

    @Test
    void threadCountReachesNd4j() {
        NativeBackend.State state = NativeBackend.configure(new NativeBackend.Settings(1, true));
        assertEquals(1, state.threads());
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void helpersCanBeSwitchedOff() {
        NativeBackend.State state = NativeBackend.configure(new NativeBackend.Settings(2, false));
        assertFalse(state.helpersAllowed());
        assertFalse(state.helpersActive());
        assertEquals("true", System.getProperty(NativeBackend.DL4J_HELPERS_DISABLE));
    }

    @Test
    void rejectsNonPositiveThreads() {
        assertThrows(IllegalArgumentException.class, () -> new NativeBackend.Settings(0, true));
    }
}
