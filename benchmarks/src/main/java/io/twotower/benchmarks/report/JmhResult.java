package io.twotower.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a JMH result file: a benchmark method at one combination of {@code @Param} values.
 *
 * @param benchmarkClass the class's simple name, e.g. "MatmulBenchmark"
 * @param method         the benchmark method, e.g. "oursOneThread"
 * @param mode           JMH's mode: "avgt", "thrpt", "sample" or "ss"
 * @param params         the {@code @Param} values, in the file's order (empty when the class has none)
 * @param score          the primary metric
 * @param error          its 99.9% confidence half-width, NaN when JMH could not compute one (one iteration)
 * @param unit           the score's unit, e.g. "us/op" or "ops/s"
 */
public record JmhResult(String benchmarkClass, String method, String mode, Map<String, String> params,
                        double score, double error, String unit) {

    /** The rows of a JMH JSON file ({@code -rf json}): a top-level array of one object per run. */
    public static List<JmhResult> parseAll(String json) {
        if (!(Json.parse(json) instanceof List<?> runs)) {
            throw new IllegalArgumentException("JMH JSON: the top level must be an array of benchmark runs");
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) results.add(fromRun(runs.get(i), i));
        return results;
    }

    private static JmhResult fromRun(Object run, int index) {
        Map<?, ?> fields = asMap(run, "run " + index);
        String benchmark = (String) require(fields, "benchmark", index);
        int lastDot = benchmark.lastIndexOf('.');
        int classDot = benchmark.lastIndexOf('.', lastDot - 1);
        if (lastDot < 0) throw new IllegalArgumentException("JMH JSON run " + index + ": benchmark '" + benchmark + "' has no class");
        Map<String, String> params = new LinkedHashMap<>();
        if (fields.get("params") != null) {
            for (Map.Entry<?, ?> p : asMap(fields.get("params"), "run " + index + " params").entrySet()) {
                params.put((String) p.getKey(), String.valueOf(p.getValue()));
            }
        }
        Map<?, ?> metric = asMap(require(fields, "primaryMetric", index), "run " + index + " primaryMetric");
        return new JmhResult(benchmark.substring(classDot + 1, lastDot), benchmark.substring(lastDot + 1),
                (String) require(fields, "mode", index), params,
                number(require(metric, "score", index)), number(metric.get("scoreError")),
                (String) require(metric, "scoreUnit", index));
    }

    private static Object require(Map<?, ?> fields, String key, int index) {
        Object value = fields.get(key);
        if (value == null) throw new IllegalArgumentException("JMH JSON run " + index + ": missing \"" + key + "\"");
        return value;
    }

    private static Map<?, ?> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) return map;
        throw new IllegalArgumentException("JMH JSON " + where + ": expected an object, got " + value);
    }

    /** JMH writes numbers, but "NaN" (a string) for an error it could not compute. */
    private static double number(Object value) {
        if (value instanceof Double d) return d;
        if (value instanceof String s) return Double.parseDouble(s);
        return Double.NaN;
    }

    /**
     * The time of one operation in seconds, from the score and its unit: "ns/op", "us/op", "ms/op", "s/op"
     * (time per operation) or "ops/ns" ... "ops/s" (throughput, inverted). NaN for any other unit.
     */
    public double secondsPerOp() {
        String[] parts = unit.split("/");
        if (parts.length != 2) return Double.NaN;
        if (parts[1].equals("op")) return score * secondsIn(parts[0]);
        if (parts[0].equals("ops")) return secondsIn(parts[1]) / score;
        return Double.NaN;
    }

    private static double secondsIn(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1.0;
            case "min" -> 60.0;
            default -> Double.NaN;
        };
    }
}
