package org.expressivity4j.trainers.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/** Versions of the program, its libraries and the machine, and the git commit it was built from (when known). */
public final class VersionInfo implements CommandLine.IVersionProvider {

    private static final Properties BUILD = load("/expressivity4j-version.properties");
    private static final Properties GIT = load("/expressivity4j-git.properties");

    /** This program's version. */
    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    /** The git commit the jar was built from, with "-dirty" if the tree had changes; "unknown" outside a checkout. */
    public static String commit() {
        String id = GIT.getProperty("git.commit.id.full");
        if (id == null || id.isBlank()) {
            return "unknown";
        }
        return id + ("true".equals(GIT.getProperty("git.dirty")) ? "-dirty" : "");
    }

    /** Versions for a run's manifest. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("expressivity4j", version());
        v.put("dl4j", BUILD.getProperty("dl4j.version", "unknown"));
        v.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        v.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        v.put("jvmArgs", String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return v;
    }

    /** Git facts for a run's manifest. */
    public static Map<String, String> git() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("commit", GIT.getProperty("git.commit.id.full", "unknown"));
        g.put("dirty", GIT.getProperty("git.dirty", "unknown"));
        return g;
    }

    @Override
    public String[] getVersion() {
        String commit = commit();
        return new String[] {
            "expressivity4j " + version() + (commit.equals("unknown") ? "" : " (commit " + commit + ")"),
            "DL4J/ND4J " + BUILD.getProperty("dl4j.version", "unknown") + ", Java "
                    + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch")
        };
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions are informative; a missing resource leaves them "unknown"
        }
        return p;
    }
}
