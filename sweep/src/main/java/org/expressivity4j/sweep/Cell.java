package org.expressivity4j.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One grid point of a sweep: the values of every axis.
 *
 * @param index  1-based position in the grid
 * @param total  the grid's number of cells (for the folder name's padding)
 * @param values axis name to this cell's value, in the grid's order
 */
public record Cell(int index, int total, Map<String, String> values) implements Serializable {

    public Cell {
        values = new LinkedHashMap<>(values);
    }

    /**
     * The cell's folder name: its zero-padded index, then each axis and value, with characters other than letters,
     * digits, '.', '+' and '-' replaced by '_', e.g. {@code 03_seed-2_widths-8}.
     */
    public String id() {
        int digits = Integer.toString(total).length();
        StringBuilder id = new StringBuilder(String.format("%0" + digits + "d", index));
        for (Map.Entry<String, String> v : values.entrySet()) {
            id.append('_').append(v.getKey()).append('-').append(v.getValue().replaceAll("[^A-Za-z0-9.+-]", "_"));
        }
        String s = id.toString();
        return s.length() <= 120 ? s : s.substring(0, 120);
    }

    /** {@code seed=2, widths=8}: for reports. */
    public String label() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** This cell's values without one axis (the grid point its replicates share). */
    public Map<String, String> without(String axis) {
        Map<String, String> rest = new LinkedHashMap<>(values);
        rest.remove(axis);
        return rest;
    }

    /**
     * The command's arguments for this cell: each axis as {@code --name value}, a flag (an option without a value)
     * as {@code --name} when its value is true and nothing when false.
     *
     * @param flags the axes that are flags of the command
     */
    public List<String> arguments(java.util.Set<String> flags) {
        List<String> args = new java.util.ArrayList<>();
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (flags.contains(v.getKey())) {
                if (Boolean.parseBoolean(v.getValue())) {
                    args.add("--" + v.getKey());
                }
            } else {
                args.add("--" + v.getKey());
                args.add(v.getValue());
            }
        }
        return args;
    }
}
