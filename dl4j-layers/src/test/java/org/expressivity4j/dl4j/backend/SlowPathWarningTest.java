package org.expressivity4j.dl4j.backend;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowPathWarningTest {

    @AfterEach
    void restore() {
        NativeBackend.configureDefaults();
        SlowPathWarning.reset();
    }

    @Test
    void silentWithTheHelpersOnAndNamesTheFixWithThemOff() {
        NativeBackend.configureDefaults();
        assertNull(SlowPathWarning.problem(), "NativeBackend's defaults switch the helpers on");
        String previous = System.getProperty(SlowPathWarning.DL4J_HELPERS_DISABLE);
        try {
            System.setProperty(SlowPathWarning.DL4J_HELPERS_DISABLE, "true");
            String problem = SlowPathWarning.problem();
            assertNotNull(problem);
            assertTrue(problem.contains("NativeBackend.configureDefaults()")
                    && problem.contains("expressivity4j-cpu-backend"), problem);
        } finally {
            if (previous == null) {
                System.clearProperty(SlowPathWarning.DL4J_HELPERS_DISABLE);
            } else {
                System.setProperty(SlowPathWarning.DL4J_HELPERS_DISABLE, previous);
            }
        }
    }
}
