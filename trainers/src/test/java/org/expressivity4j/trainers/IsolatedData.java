package org.expressivity4j.trainers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.expressivity4j.datasets.DataLocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the machine's dataset cache and {@code $EXPRESSIVITY4J_DATA} out of a command-line test: each test gets an
 * empty cache folder of its own and no data folder ({@code @ExtendWith(IsolatedData.class)}).
 */
public final class IsolatedData implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(IsolatedData.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path cache = Files.createTempDirectory("expressivity4j-test-cache");
        context.getStore(NAMESPACE).put("cache", cache);
        System.setProperty(DataLocator.CACHE_PROPERTY, cache.toString());
        System.setProperty(DataLocator.DATA_PROPERTY, "");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.clearProperty(DataLocator.CACHE_PROPERTY);
        System.clearProperty(DataLocator.DATA_PROPERTY);
        Path cache = context.getStore(NAMESPACE).remove("cache", Path.class);
        if (cache != null) {
            try (var paths = Files.walk(cache)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
