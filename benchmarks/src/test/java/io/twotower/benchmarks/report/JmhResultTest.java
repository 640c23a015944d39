package io.twotower.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading JMH's JSON result files: the fields a report needs, units turned into seconds, and clear errors. */
class JmhResultTest {

    private static final String ONE_RUN = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.twotower.benchmarks.MatmulBenchmark.oursOneThread",
                    "mode" : "avgt",
                    "params" : {
                        "form" : "ABt",
                        "shape" : "512x512x512"
                    },
                    "primaryMetric" : {
                        "score" : 1234.5,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [ "NaN", "NaN" ],
                        "scoreUnit" : "us/op",
                        "rawData" : [ [ 1234.0, 1235.0 ] ]
                    },
                    "secondaryMetrics" : {
                    }
                }
            ]
            """;

    @Test
    void readsClassMethodParamsScoreErrorAndUnit() {
        List<JmhResult> results = JmhResult.parseAll(ONE_RUN);
        assertEquals(List.of(new JmhResult("MatmulBenchmark", "oursOneThread", "avgt",
                Map.of("form", "ABt", "shape", "512x512x512"), 1234.5, Double.NaN, "us/op")), results);
        assertEquals(List.of("form", "shape"), List.copyOf(results.get(0).params().keySet()), "params keep the file's order");
    }

    @Test
    void convertsEveryTimeUnitToSecondsPerOperation() {
        assertEquals(2.5e-9, secondsPerOp(2.5, "ns/op"), 1e-21);
        assertEquals(2.5e-6, secondsPerOp(2.5, "us/op"), 1e-18);
        assertEquals(2.5e-3, secondsPerOp(2.5, "ms/op"), 1e-15);
        assertEquals(2.5, secondsPerOp(2.5, "s/op"), 1e-12);
        // throughput: 4 ops per microsecond is a quarter of a microsecond each
        assertEquals(0.25e-6, secondsPerOp(4, "ops/us"), 1e-18);
        assertEquals(0.5, secondsPerOp(2, "ops/s"), 1e-12);
        assertTrue(Double.isNaN(secondsPerOp(1, "B/op")), "an unknown unit gives no time");
    }

    private static double secondsPerOp(double score, String unit) {
        return new JmhResult("X", "m", "avgt", Map.of(), score, 0, unit).secondsPerOp();
    }

    @Test
    void aRunWithoutItsScoreIsRejectedByIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parseAll(
                "[{\"benchmark\" : \"p.C.m\", \"mode\" : \"avgt\", \"primaryMetric\" : {\"scoreUnit\" : \"us/op\"}}]"));
        assertEquals("JMH JSON run 0: missing \"score\"", e.getMessage());
    }
}
