package org.expressivity4j.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep.
 *
 * <ul>
 *   <li>{@code local[N]} (the default {@code local[*]}) runs the cells in this JVM. Its driver binds to 127.0.0.1
 *       and its web UI is off, so nothing listens beyond loopback. Spark does not retry tasks in local mode unless the
 *       master says {@code local[N,F]}; a sweep sets F from {@code --max-attempts}.</li>
 *   <li>{@code spark://host:port} (a standalone cluster) and any other master: {@code spark.task.maxFailures} is
 *       {@code --max-attempts}; a master on a loopback address gets a driver bound to 127.0.0.1 too. The jars this
 *       JVM runs from, except Spark's and Scala's own, go to the executors through {@code spark.jars}, so the
 *       workers need only Java 17 and Spark.</li>
 *   <li>{@code spark.task.cpus} is the cores each cell gets, and its native thread count.</li>
 * </ul>
 * Settings given with {@code --conf} win over all of these.
 */
public final class SparkSetup {

    /** The default master: every core of this machine, in this JVM. */
    public static final String DEFAULT_MASTER = "local[*]";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,(\\d+))?])?");
    /** Jars every Spark installation holds: shipping them would shadow nothing and cost transfers. */
    private static final Pattern SPARK_OWN = Pattern.compile("(spark-|scala-(library|reflect|compiler)|scala-xml"
            + "|scala-parallel-collections|scala-collection-compat).*\\.jar");

    private SparkSetup() {
    }

    /**
     * System properties Spark's launcher gives its JVMs on Java 17 (org.apache.spark.launcher.JavaModuleOptions), for
     * a driver started with plain {@code java}: set unless given, before Spark first loads Netty.
     */
    public static void prepareJvm() {
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
            System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        }
    }

    /** Whether a master URL runs the cells in this JVM. */
    public static boolean isLocal(String master) {
        return LOCAL.matcher(master).matches();
    }

    /**
     * The configuration for this master.
     *
     * @param master      a Spark master URL
     * @param taskCpus    cores (and native threads) per cell
     * @param maxAttempts attempts per cell before it counts as failed
     * @param extra       {@code --conf} settings, applied last
     * @param jars        jars to send to the executors of a non-local master
     */
    public static SparkConf conf(String master, int taskCpus, int maxAttempts, Map<String, String> extra,
                                 List<String> jars) {
        // spark.* system properties (what spark-submit passes) are read; this method's settings come after them
        SparkConf conf = new SparkConf(true)
                .setAppName("expressivity4j sweep")
                .set("spark.task.cpus", Integer.toString(taskCpus))
                .set("spark.task.maxFailures", Integer.toString(maxAttempts));
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            if (local.group(4) != null) {
                conf.setMaster(master);
            } else {
                String cores = local.group(2) == null ? "1" : local.group(2);
                conf.setMaster("local[" + cores + "," + maxAttempts + "]");
            }
            loopbackDriver(conf);
            conf.set("spark.ui.enabled", "false");
        } else {
            conf.setMaster(master);
            if (onLoopback(master)) {
                loopbackDriver(conf);
            }
            if (!jars.isEmpty()) {
                Set<String> all = new LinkedHashSet<>();
                for (String given : conf.get("spark.jars", "").split(",")) {
                    if (!given.isBlank()) {
                        all.add(given.trim());
                    }
                }
                all.addAll(jars);
                conf.set("spark.jars", String.join(",", all));
            }
        }
        extra.forEach(conf::set);
        return conf;
    }

    private static void loopbackDriver(SparkConf conf) {
        conf.set("spark.driver.host", "127.0.0.1");
        conf.set("spark.driver.bindAddress", "127.0.0.1");
    }

    /** Whether the master's host is a loopback name or address. */
    static boolean onLoopback(String master) {
        try {
            String host = new URI(master).getHost();
            if (host == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The jars the executors of a cluster need: this JVM's class path (a runnable jar's manifest Class-Path
     * included), without Spark's and Scala's own jars; class folders (as in a build's tests) are packed into jars
     * under {@code work}.
     */
    public static List<String> jarsToShip(Path work) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        Path self = codeSource();
        if (self != null) {
            entries.add(self);
        }
        // under spark-submit the application's jar is on a class loader of its own, not on java.class.path
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
             loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    try {
                        if ("file".equals(url.getProtocol())) {
                            entries.add(Path.of(url.toURI()).toAbsolutePath().normalize());
                        }
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a local file: Spark fetches it itself
                    }
                }
            }
        }
        Set<Path> all = new LinkedHashSet<>();
        for (Path entry : entries) {
            all.add(entry);
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                all.addAll(manifestClassPath(entry));
            }
        }
        Set<String> needed = experimentJars();
        List<String> jars = new ArrayList<>();
        int packed = 0;
        for (Path entry : all) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry)) {
                jars.add(pack(entry, work.resolve("classes-" + (++packed) + ".jar")).toUri().toString());
            } else if (Files.isRegularFile(entry) && name.endsWith(".jar") && !SPARK_OWN.matcher(name).matches()
                    && (needed.isEmpty() || needed.contains(name) || name.startsWith("expressivity4j"))) {
                jars.add(entry.toUri().toString());
            }
        }
        return jars;
    }

    /**
     * The file names of the jars the experiment commands need at run time, as the trainers build lists them
     * ({@code expressivity4j-classpath.txt}); empty if that list is missing (then every jar but Spark's and Scala's
     * is sent).
     */
    static Set<String> experimentJars() {
        try (var in = SparkSetup.class.getResourceAsStream("/expressivity4j-classpath.txt")) {
            if (in == null) {
                return Set.of();
            }
            Set<String> names = new LinkedHashSet<>();
            for (String entry : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim()
                    .split("[:;\\s]+")) {
                if (!entry.isBlank()) {
                    names.add(Path.of(entry).getFileName().toString());
                }
            }
            return names;
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static Path codeSource() {
        try {
            var source = SparkSetup.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (var file = new java.util.jar.JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (String item : cp.trim().split("\\s+")) {
                Path p = jar.getParent().resolve(item).normalize();
                if (Files.exists(p)) {
                    out.add(p);
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Packs a class folder into a jar. */
    static Path pack(Path folder, Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar);
                 JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> walk = Files.walk(folder)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new JarEntry(folder.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + folder + " into " + jar + ": " + e.getMessage(), e);
        }
    }

    /** A command line as recorded: the value of any {@code KEY=VALUE} whose key names a secret is replaced. */
    public static List<String> redactedArguments(List<String> arguments) {
        List<String> out = new ArrayList<>();
        for (String arg : arguments) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                String key = arg.substring(0, eq);
                String shown = redacted(Map.of(key, arg.substring(eq + 1))).get(key);
                out.add(key + "=" + shown);
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    /** Settings shown in the manifest: secrets and passwords replaced. */
    public static Map<String, String> redacted(Map<String, String> conf) {
        Map<String, String> out = new LinkedHashMap<>();
        conf.forEach((k, v) -> out.put(k, k.toLowerCase(Locale.ROOT).matches(".*(secret|password|token).*")
                && !k.toLowerCase(Locale.ROOT).endsWith(".file") ? "(redacted)" : v));
        return out;
    }
}
