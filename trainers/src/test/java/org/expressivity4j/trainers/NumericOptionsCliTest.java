package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every numeric option of every command, found in the command line's picocli model (so an option added later is
 * covered too), given zero, -1, NaN, the infinities and a huge value: each value its range refuses, and each huge
 * value of an option whose range leaves the largest values to a later check (memory, the dataset's size, another
 * option), is a usage error: exit code 2, one error line naming the option, the usage, no stack trace, and no run
 * folder.
 */
@ExtendWith(IsolatedData.class)
class NumericOptionsCliTest {

    /** The values tried on every numeric option. */
    private static final List<String> VALUES = List.of("0", "-1", "NaN", "Infinity", "-Infinity", "HUGE");

    @TempDir
    Path tmp;

    /** One numeric option of one command. */
    record NumericOption(List<String> command, OptionSpec option) {

        String name() {
            return option.longestName();
        }

        /** Its range, or null if it has none. */
        Ranges.Range<?> range() {
            CommandLine.ITypeConverter<?>[] converters = option.converters();
            return converters.length == 1 && converters[0] instanceof Ranges.Range<?> r ? r : null;
        }

        /** The largest value of its type. */
        String huge() {
            Class<?> type = elementType(option);
            return type == Long.class || type == long.class ? Long.toString(Long.MAX_VALUE)
                    : type == Integer.class || type == int.class ? Integer.toString(Integer.MAX_VALUE) : "1e300";
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " " + name();
        }
    }

    /** Every numeric option of every command that runs an experiment or benchmark. */
    static List<NumericOption> numericOptions() {
        List<NumericOption> found = new ArrayList<>();
        collect(new CommandLine(new Expressivity4j()), List.of(), found);
        return found;
    }

    private static void collect(CommandLine cli, List<String> path, List<NumericOption> found) {
        if (cli.getCommandSpec().userObject() instanceof ExperimentCommand) {
            for (OptionSpec option : cli.getCommandSpec().options()) {
                if (numeric(elementType(option))) {
                    found.add(new NumericOption(path, option));
                }
            }
        }
        for (var sub : cli.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().name().equals(sub.getKey())) {
                continue; // an alias
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            collect(sub.getValue(), next, found);
        }
    }

    private static Class<?> elementType(OptionSpec option) {
        return option.isMultiValue() ? option.auxiliaryTypes()[0] : option.type();
    }

    private static boolean numeric(Class<?> type) {
        return Number.class.isAssignableFrom(type) || type == int.class || type == long.class
                || type == double.class || type == float.class || type == short.class || type == byte.class;
    }

    @Test
    void theWalkFindsEveryCommandAndItsOptions() {
        List<NumericOption> all = numericOptions();
        // 18 commands that run (reproduce, data-info, bn-init-counterexample, ..., the six benchmarks), each with
        // --seed and --threads at least.
        assertEquals(18, all.stream().map(NumericOption::command).distinct().count(), all.toString());
        assertTrue(all.stream().anyMatch(o -> o.toString().equals("bench trajreg-step --width-multiplier")), "" + all);
        assertTrue(all.stream().anyMatch(o -> o.toString().equals("train-one-layer --test-examples")), "" + all);
        assertTrue(all.stream().anyMatch(o -> o.toString().equals("transitions --plot-depths")), "" + all);
    }

    @Test
    void everyNumericOptionHasARange() {
        for (NumericOption o : numericOptions()) {
            assertTrue(o.range() != null, o + " has no range: give it a converter from Ranges");
        }
    }

    @Test
    void noRangeAllowsNaNOrAnInfinityAndOnlySeedsAreNegative() {
        for (NumericOption o : numericOptions()) {
            Ranges.Range<?> range = o.range();
            for (String v : List.of("NaN", "Infinity", "-Infinity", "1e400")) {
                assertThrows(CommandLine.TypeConversionException.class, () -> range.convert(v), o + " " + v);
            }
            if (!o.name().equals("--seed")) {
                assertThrows(CommandLine.TypeConversionException.class, () -> range.convert("-1"), o + " -1");
            }
        }
    }

    /** (option, value) pairs that must be refused. */
    static Stream<Arguments> refusedValues() {
        List<Arguments> cases = new ArrayList<>();
        for (NumericOption o : numericOptions()) {
            Ranges.Range<?> range = o.range();
            if (range == null) {
                continue; // everyNumericOptionHasARange fails
            }
            for (String v : VALUES) {
                String value = v.equals("HUGE") ? o.huge() : v;
                boolean allowed = allows(range, value);
                boolean later = v.equals("HUGE") && range.limit() != Ranges.Limit.NONE && !o.option().hidden();
                if (!allowed || later) {
                    cases.add(Arguments.of(o, value));
                }
            }
        }
        return cases.stream();
    }

    private static boolean allows(Ranges.Range<?> range, String value) {
        try {
            range.convert(value);
            return true;
        } catch (CommandLine.TypeConversionException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedValues")
    void aBadValueIsAOneLineUsageErrorNamingTheOption(NumericOption o, String value) throws Exception {
        Path out = tmp.resolve("run");
        List<String> args = new ArrayList<>(o.command());
        args.addAll(List.of(o.option().names()[0], value, "--out", out.toString(), "--offline"));
        args.addAll(requiredArguments(o));
        CliTest.Outcome r = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), args + ": " + r.err());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith("expressivity4j " + String.join(" ", o.command()) + ": "), r.err());
        assertTrue(Arrays.stream(o.option().names()).anyMatch(lines[0]::contains),
                "the error names " + o.name() + ": " + lines[0]);
        assertTrue(lines.length > 1 && lines[1].startsWith("Usage: expressivity4j"), "one error line: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "no run folder for a refused value");
    }

    /** Values for the options a command requires (other than the one tested). */
    private List<String> requiredArguments(NumericOption o) throws Exception {
        List<String> args = new ArrayList<>();
        CommandLine cli = new CommandLine(new Expressivity4j());
        for (String name : o.command()) {
            cli = cli.getSubcommands().get(name);
        }
        for (OptionSpec required : cli.getCommandSpec().requiredArgs().stream()
                .filter(a -> a instanceof OptionSpec).map(a -> (OptionSpec) a).toList()) {
            if (Set.of("--csv").contains(required.longestName())) {
                Path csv = tmp.resolve("trajectory.csv");
                Files.writeString(csv, "iteration,epoch,layer,name,type,metric,value\n0,0,0,in,input,length,1.5\n");
                args.addAll(List.of("--csv", csv.toString()));
            } else {
                throw new AssertionError("no value known for the required option " + required.longestName());
            }
        }
        return args;
    }
}
