package org.expressivity4j.trainers.options;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ListResourceBundle;
import org.expressivity4j.core.network.Activation;

/**
 * The defaults a figure command's help shows, read from its settings' {@code full()} and {@code quick()} records:
 * for every component {@code x} of the record, the key {@code default.x} holds the full profile's value and, where
 * it differs, the quick one's in parentheses ({@code 14 (8)}). A command names its subclass in
 * {@code @Command(resourceBundle = ...)} and its descriptions say {@code ${bundle:default.x}}; so the help cannot
 * drift from the values the command runs with.
 */
public abstract class ProfileHelp extends ListResourceBundle {

    private final Record full;
    private final Record quick;

    /** The two profiles, instances of the same record class. */
    protected ProfileHelp(Record full, Record quick) {
        if (full.getClass() != quick.getClass()) {
            throw new IllegalArgumentException("profiles of different settings: " + full.getClass() + ", "
                    + quick.getClass());
        }
        this.full = full;
        this.quick = quick;
    }

    @Override
    protected Object[][] getContents() {
        List<Object[]> contents = new ArrayList<>();
        for (RecordComponent c : full.getClass().getRecordComponents()) {
            contents.add(new Object[] {"default." + c.getName(),
                HelpValues.fullAndQuick(show(c.getName(), value(c, full)), show(c.getName(), value(c, quick)))});
        }
        return contents.toArray(Object[][]::new);
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    /**
     * How the help shows the value of the settings' {@code component}: by default as the options take it
     * ({@link #show(Object)}).
     */
    protected String show(String component, Object value) {
        return show(value);
    }

    /** A value as the options take it: {@code hard-tanh}, {@code 0.5}, {@code 1,4,16}, {@code hard-tanh,relu}. */
    static String show(Object value) {
        if (value instanceof Activation a) {
            return a.id();
        }
        if (value instanceof Double || value instanceof Float) {
            return HelpValues.number(((Number) value).doubleValue());
        }
        if (value instanceof double[] array) {
            return show(Arrays.stream(array).boxed().toList());
        }
        if (value instanceof List<?> list) {
            List<String> shown = new ArrayList<>();
            for (Object o : list) {
                shown.add(show(o));
            }
            return String.join(",", shown);
        }
        return String.valueOf(value);
    }
}
