package org.expressivity4j.trainers.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table for summaries and the console: headers, rows of cells, numbers formatted to 4 significant digits. */
public final class MarkdownTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; numbers are formatted with {@link #format(double)}. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(c instanceof Double || c instanceof Float ? format(((Number) c).doubleValue())
                    : String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    /** Number of rows added. */
    public int size() {
        return rows.size();
    }

    /** The table, columns padded to line up. */
    public String render() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, headers.get(c).length());
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        StringBuilder rule = new StringBuilder("|");
        for (int w : width) {
            rule.append(' ').append("-".repeat(w)).append(" |");
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            sb.append(' ').append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length())).append(" |");
        }
        sb.append('\n');
    }

    /** 4 significant digits, plain notation for ordinary magnitudes. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e7)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
