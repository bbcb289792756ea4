package org.expressivity4j.cli;

import java.io.PrintWriter;
import org.expressivity4j.sweep.SweepCommand;
import org.expressivity4j.trainers.Expressivity4j;

/**
 * The {@code expressivity4j} command line: every command of {@link Expressivity4j}, and {@code sweep}, which runs a
 * grid of one of them on Apache Spark. Exit codes: 0 success, 1 a run failed, 2 bad arguments.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with these streams and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Expressivity4j.commandLine(out, err, SweepCommand.commandLine()).execute(args);
    }
}
