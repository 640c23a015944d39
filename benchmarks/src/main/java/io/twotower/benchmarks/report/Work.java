package io.twotower.benchmarks.report;

import java.util.Map;

/**
 * How much work one call of a benchmark does, from its {@code @Param} values, so that the report can
 * turn times into rates. Knows the benchmarks of this module by their class names; NaN for any other.
 */
final class Work {
    private Work() {}

    /**
     * Floating-point operations per call: a matrix product (M x K)·(K x N) is 2·M·N·K (one multiply and
     * one add per term), shape "MxKxN"; a dense layer forward and backward is three such products,
     * 6·B·in·out, batch B and layer "inxout"; the FMA peak sweep is a fixed 2^17 lane-steps of 12 chains
     * (2 flops each) per core, on one core or on two.
     */
    static double flops(JmhResult r) {
        Map<String, String> p = r.params();
        return switch (r.benchmarkClass()) {
            case "MatmulBenchmark" -> {
                long[] mkn = dims(p.get("shape"), 3);
                yield mkn == null ? Double.NaN : 2.0 * mkn[0] * mkn[1] * mkn[2];
            }
            case "DenseLayerBenchmark" -> {
                long[] inOut = dims(p.get("layer"), 2);
                yield inOut == null || p.get("batch") == null ? Double.NaN
                        : 6.0 * Long.parseLong(p.get("batch")) * inOut[0] * inOut[1];
            }
            case "PeakFmaBenchmark" -> switch (r.method()) {
                case "oneCore" -> PEAK_SWEEP_FLOPS;
                case "allCores" -> 2.0 * PEAK_SWEEP_FLOPS;
                default -> Double.NaN;
            };
            default -> Double.NaN;
        };
    }

    /** Flops of one PeakFmaBenchmark sweep (its FLOPS_PER_CALL): 12 chains x 2 flops x 2^17 lane-steps. */
    static final double PEAK_SWEEP_FLOPS = 12.0 * 2 * (1 << 17);

    /** Bytes of item vectors read per call: a top-k scan reads numItems x dim floats of 4 bytes. */
    static double bytes(JmhResult r) {
        Map<String, String> p = r.params();
        if (!r.benchmarkClass().equals("TopKBenchmark") || p.get("numItems") == null || p.get("dim") == null) {
            return Double.NaN;
        }
        return 4.0 * Long.parseLong(p.get("numItems")) * Long.parseLong(p.get("dim"));
    }

    /** "256x21x256" -> {256, 21, 256}; null when absent or not {@code count} numbers. */
    private static long[] dims(String text, int count) {
        if (text == null) return null;
        String[] parts = text.split("x");
        if (parts.length != count) return null;
        long[] values = new long[count];
        for (int i = 0; i < count; i++) values[i] = Long.parseLong(parts[i].trim());
        return values;
    }
}
