package io.twotower.recsys.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders several models' metrics side by side as an aligned plain-text table: one row per model,
 * one column per metric (the keys of {@link MetricSet#asMap()}, then the number of users the ranking
 * metrics were averaged over). Numbers have 4 decimals; "-" marks a metric that does not apply.
 *
 * <pre>
 * model         rmse     mae  precision@10  recall@10  ndcg@10  hitrate@10  users
 * ------------------------------------------------------------------------------
 * bias        0.8712  0.6701        0.0123     0.0101   0.0150      0.1000    600
 * popular          -       -        0.0456     0.0400   0.0500      0.3000    600
 * </pre>
 */
public final class MetricsTable {
    private MetricsTable() {}

    /** @param rows model name to metrics, rendered in the map's iteration order */
    public static String render(Map<String, MetricSet> rows) {
        Set<String> metricNames = new LinkedHashSet<>();
        for (MetricSet metrics : rows.values()) metricNames.addAll(metrics.asMap().keySet());

        List<String> header = new ArrayList<>();
        header.add("model");
        header.addAll(metricNames);
        header.add("users");

        List<List<String>> cells = new ArrayList<>();
        for (Map.Entry<String, MetricSet> row : rows.entrySet()) {
            Map<String, Double> values = row.getValue().asMap();
            List<String> line = new ArrayList<>();
            line.add(row.getKey());
            for (String name : metricNames) line.add(format(values.get(name)));
            line.add(row.getValue().precision() == null ? "-" : Integer.toString(row.getValue().usersEvaluated()));
            cells.add(line);
        }

        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> line : cells) width[c] = Math.max(width[c], line.get(c).length());
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, width);
        int total = 0;
        for (int w : width) total += w;
        out.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
        for (List<String> line : cells) appendLine(out, line, width);
        return out.toString();
    }

    /** The model name is left-aligned, every other column right-aligned, columns two spaces apart. */
    private static void appendLine(StringBuilder out, List<String> line, int[] width) {
        for (int c = 0; c < line.size(); c++) {
            if (c > 0) out.append("  ");
            String cell = line.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            out.append(c == 0 ? cell + pad : pad + cell);
        }
        out.append('\n');
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
