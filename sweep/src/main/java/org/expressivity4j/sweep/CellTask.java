package org.expressivity4j.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.expressivity4j.trainers.Expressivity4j;
import org.expressivity4j.trainers.run.AtomicFiles;

/**
 * Runs one cell on an executor: the swept command, in this JVM, into a temporary folder, with as many native threads
 * as the task has cores ({@code spark.task.cpus}); returns the folder's files, so that executors need no filesystem
 * shared with the driver. A non-zero exit code throws {@link CellFailure}, which Spark retries.
 */
public final class CellTask implements Function<Cell, CellResult> {

    private static final long serialVersionUID = 1L;
    /** Folders of a run that are not brought back: trained models and training checkpoints. */
    static final Set<String> LEFT_FOLDERS = Set.of("models", "checkpoints");
    /** Files larger than this are not brought back (model files and such; a run's reports are far smaller). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final String command;
    private final List<String> fixed;
    private final Set<String> flags;
    private final int threadsOutsideSpark;

    /**
     * @param command             the swept command, e.g. {@code trajectory-growth}
     * @param fixed               its arguments shared by every cell
     * @param flags               the axes that are flags of the command
     * @param threadsOutsideSpark native threads when run outside a Spark task (in a task: its cores)
     */
    public CellTask(String command, List<String> fixed, Set<String> flags, int threadsOutsideSpark) {
        this.command = command;
        this.fixed = List.copyOf(fixed);
        this.flags = Set.copyOf(flags);
        this.threadsOutsideSpark = threadsOutsideSpark;
    }

    /** The cell's command line, given its run folder and native thread count. */
    List<String> arguments(Cell cell, Path out, int threads) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(fixed);
        args.addAll(cell.arguments(flags));
        args.addAll(List.of("--out", out.toString(), "--threads", Integer.toString(threads)));
        return args;
    }

    @Override
    public CellResult call(Cell cell) throws IOException {
        TaskContext task = TaskContext.get();
        int threads = task == null ? threadsOutsideSpark : Math.max(1, task.cpus());
        int attempt = task == null ? 0 : task.attemptNumber();
        Path temp = Files.createTempDirectory("expressivity4j-cell-");
        try {
            Path out = temp.resolve("run");
            List<String> args = arguments(cell, out, threads);
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            long start = System.nanoTime();
            int code = Expressivity4j.execute(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                    args.toArray(String[]::new));
            long wall = (System.nanoTime() - start) / 1_000_000;
            if (code != 0) {
                throw new CellFailure(cell.id(), code, firstLines(stderr.toString()));
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            List<String> leftOut = new ArrayList<>();
            collect(out, files, leftOut);
            return new CellResult(cell, args, files, leftOut, wall, host(), threads, attempt);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** The error's lines before the usage text, at most 2,000 characters. */
    static String firstLines(String stderr) {
        String text = stderr.strip();
        int usage = text.indexOf("\nUsage:");
        if (usage > 0) {
            text = text.substring(0, usage);
        }
        if (text.isEmpty()) {
            return "(nothing on standard error)";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + " ...";
    }

    static void collect(Path folder, Map<String, byte[]> files, List<String> leftOut) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = folder.relativize(p).toString().replace('\\', '/');
                String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "";
                long size = Files.size(p);
                if (LEFT_FOLDERS.contains(top)) {
                    leftOut.add(rel + " (" + top + " stay on the executor)");
                } else if (rel.equals(".lock")) {
                    continue;
                } else if (size > MAX_FILE_BYTES) {
                    leftOut.add(rel + " (" + size + " bytes, above " + MAX_FILE_BYTES + ")");
                } else {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
