package org.expressivity4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The options a sweep varies: ordered axes, each an option name of the swept command (without its dashes) and the
 * values it takes. The cells are every combination, the first axis varying slowest.
 *
 * @param axes option name to its values, in the order given
 */
public record Grid(Map<String, List<String>> axes) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Grid {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("the grid has no axis: give --grid NAME=V1,V2,... or --grid-file");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            String name = axis.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("grid axis '" + name + "' is not an option name (lower case, "
                        + "digits and dashes, without the leading --)");
            }
            if (axis.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid axis '" + name + "' has no values");
            }
            if (axis.getValue().stream().distinct().count() != axis.getValue().size()) {
                throw new IllegalArgumentException("grid axis '" + name + "' repeats a value: " + axis.getValue());
            }
            copy.put(name, List.copyOf(axis.getValue()));
        }
        axes = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Axes from {@code --grid NAME=V1,V2,...} arguments, in order. A value holding a comma needs a grid file.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static Grid parse(List<String> specs) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--grid '" + spec + "': expected NAME=V1,V2,... (e.g. seed=1,2,3)");
            }
            String name = stripDashes(spec.substring(0, eq).trim());
            if (axes.containsKey(name)) {
                throw new IllegalArgumentException("--grid names '" + name + "' twice");
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) {
                    throw new IllegalArgumentException("--grid '" + spec + "' has an empty value");
                }
                values.add(v.trim());
            }
            axes.put(name, values);
        }
        return new Grid(axes);
    }

    /**
     * Axes from a JSON file: an object whose keys are option names and whose values are arrays of values (strings,
     * numbers or booleans), e.g. {@code {"seed": [1, 2], "variants": ["none,batchnorm", "trajreg"]}}.
     */
    public static Grid read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the grid file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the grid file " + file + " must hold a JSON object of option name to "
                    + "an array of values");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray()) {
                throw new IllegalArgumentException("the grid file " + file + ": '" + field.getKey()
                        + "' must be an array of values");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode v : field.getValue()) {
                if (!v.isValueNode() || v.isNull()) {
                    throw new IllegalArgumentException("the grid file " + file + ": '" + field.getKey()
                            + "' holds " + v + "; values are strings, numbers or booleans");
                }
                values.add(v.asText());
            }
            axes.put(stripDashes(field.getKey()), values);
        }
        return new Grid(axes);
    }

    /** The grid with these axes added after its own (a name may appear once). */
    public Grid and(Grid other) {
        Map<String, List<String>> all = new LinkedHashMap<>(axes);
        for (Map.Entry<String, List<String>> axis : other.axes.entrySet()) {
            if (all.put(axis.getKey(), axis.getValue()) != null) {
                throw new IllegalArgumentException("the grid names '" + axis.getKey() + "' twice");
            }
        }
        return new Grid(all);
    }

    /** The number of cells: the product of the axes' sizes. */
    public int size() {
        long n = 1;
        for (List<String> values : axes.values()) {
            n *= values.size();
            if (n > 100_000) {
                throw new IllegalArgumentException("the grid has more than 100,000 cells");
            }
        }
        return (int) n;
    }

    /** Every cell, the first axis varying slowest; indices from 1. */
    public List<Cell> cells() {
        List<String> names = new ArrayList<>(axes.keySet());
        int total = size();
        List<Cell> cells = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            int rest = i;
            int[] index = new int[names.size()];
            for (int a = names.size() - 1; a >= 0; a--) {
                List<String> axis = axes.get(names.get(a));
                index[a] = rest % axis.size();
                rest /= axis.size();
            }
            for (int a = 0; a < names.size(); a++) {
                values.put(names.get(a), axes.get(names.get(a)).get(index[a]));
            }
            cells.add(new Cell(i + 1, total, values));
        }
        return cells;
    }

    private static String stripDashes(String name) {
        return name.startsWith("--") ? name.substring(2) : name;
    }
}
