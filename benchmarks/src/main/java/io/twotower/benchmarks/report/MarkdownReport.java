package io.twotower.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns JMH results into Markdown: one table per benchmark class, one row per method and parameter set.
 *
 * <p>Each row shows JMH's score, error and unit, then, where the class has them, ratios against its
 * baselines measured in the same run with the same parameters, found by method name: {@code scalar*}
 * (the plain loop), {@code ejml*} (EJML) and {@code stream*} (the memory bandwidth reference). A ratio is
 * a speedup, the baseline's time per operation over this row's: 4.00× means four times faster, 0.50×
 * half as fast. Rates follow from {@link Work}: GFLOP/s for matrix products and dense layers, GB/s for
 * top-k scans.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    private static final String[][] BASELINES = {{"scalar", "vs scalar"}, {"ejml", "vs EJML"}, {"stream", "vs stream"}};

    /** The whole report; {@code note} (may be empty) is printed under the title, e.g. the machine and mode. */
    public static String render(List<JmhResult> results, String note) {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        if (!note.isBlank()) md.append(note.strip()).append("\n\n");
        md.append("Score, error (99.9% confidence half-width) and unit as JMH reports them. Ratios are speedups: the "
                + "baseline's time per operation divided by this row's, same run, same parameters (4.00× = four times "
                + "faster, 0.50× = half as fast). GFLOP/s counts 2·M·N·K per matrix product and 6·B·in·out per dense "
                + "layer forward + backward; GB/s counts the item vectors read per top-k scan.\n");
        Map<String, List<JmhResult>> byClass = new LinkedHashMap<>();
        for (JmhResult r : results) byClass.computeIfAbsent(r.benchmarkClass(), c -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<JmhResult>> entry : byClass.entrySet()) {
            md.append("\n## ").append(entry.getKey()).append("\n\n");
            table(entry.getValue(), md);
        }
        return md.toString();
    }

    private static void table(List<JmhResult> rows, StringBuilder md) {
        Set<String> paramNames = new LinkedHashSet<>();
        Set<Map<String, String>> paramSets = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        // Baselines first (scalar, EJML, stream), then the other methods in file order.
        for (String[] baseline : BASELINES) {
            for (JmhResult r : rows) if (r.method().startsWith(baseline[0])) methods.add(r.method());
        }
        for (JmhResult r : rows) {
            paramNames.addAll(r.params().keySet());
            paramSets.add(r.params());
            methods.add(r.method());
        }
        List<String[]> baselines = new ArrayList<>();
        for (String[] baseline : BASELINES) {
            if (methods.stream().anyMatch(m -> m.startsWith(baseline[0]))) baselines.add(baseline);
        }
        boolean hasFlops = rows.stream().anyMatch(r -> !Double.isNaN(Work.flops(r)));
        boolean hasBytes = rows.stream().anyMatch(r -> !Double.isNaN(Work.bytes(r)));

        List<String> header = new ArrayList<>(List.of("Benchmark"));
        header.addAll(paramNames);
        header.addAll(List.of("Score", "Error", "Unit"));
        for (String[] baseline : baselines) header.add(baseline[1]);
        if (hasFlops) header.add("GFLOP/s");
        if (hasBytes) header.add("GB/s");
        md.append(line(header));
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) rule.add(i == 0 || header.get(i).equals("Unit") ? "---" : "---:");
        md.append(line(rule));

        // Rows grouped by parameter set, so that the variants of one size sit together.
        for (Map<String, String> params : paramSets) {
            for (String method : methods) {
                JmhResult r = find(rows, method, params);
                if (r == null) continue;
                List<String> cells = new ArrayList<>(List.of(method));
                for (String name : paramNames) cells.add(params.getOrDefault(name, ""));
                cells.add(format("%.3f", r.score()));
                cells.add(Double.isNaN(r.error()) ? "—" : "± " + format("%.3f", r.error()));
                cells.add(r.unit());
                for (String[] baseline : baselines) {
                    JmhResult base = findByPrefix(rows, baseline[0], params);
                    double speedup = base == null ? Double.NaN : base.secondsPerOp() / r.secondsPerOp();
                    cells.add(Double.isNaN(speedup) ? "—" : format("%.2f", speedup) + "×");
                }
                if (hasFlops) cells.add(rate(Work.flops(r), r));
                if (hasBytes) cells.add(rate(Work.bytes(r), r));
                md.append(line(cells));
            }
        }
    }

    /** amount / time in units of 10⁹ per second ("—" when either is unknown). */
    private static String rate(double amount, JmhResult r) {
        double perSecond = amount / r.secondsPerOp();
        return Double.isNaN(perSecond) ? "—" : format("%.1f", perSecond / 1e9);
    }

    private static JmhResult find(List<JmhResult> rows, String method, Map<String, String> params) {
        for (JmhResult r : rows) if (r.method().equals(method) && r.params().equals(params)) return r;
        return null;
    }

    private static JmhResult findByPrefix(List<JmhResult> rows, String prefix, Map<String, String> params) {
        for (JmhResult r : rows) if (r.method().startsWith(prefix) && r.params().equals(params)) return r;
        return null;
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
