package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's and subcommand's {@code --help} renders cleanly: picocli prints a warning to standard error (and
 * shows the raw text) when a description holds a format error such as a lone percent sign; and every variable
 * ({@code ${bundle:key}}) resolves.
 */
class HelpTextsTest {

    @Test
    void everyHelpTextFormats() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Expressivity4j()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 15, "commands found: " + paths.size());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
                assertEquals(0, o.code(), path + ": " + o.err());
                assertFalse(o.out().contains("%n") || o.out().contains("%%"), path + " shows raw format text");
                assertFalse(o.out().contains("${") || o.out().contains("null"), path + " shows an unresolved "
                        + "variable: " + o.out());
            }
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("Could not format"), warnings);
    }

    private static void collect(CommandLine cli, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().name().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            if (!e.getValue().getCommandSpec().aliases().equals(new String[0])
                    && !e.getKey().equals(e.getValue().getCommandSpec().name())) {
                continue;
            }
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }
}
