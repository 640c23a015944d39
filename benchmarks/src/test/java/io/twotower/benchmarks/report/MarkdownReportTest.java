package io.twotower.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report of a hand-made JMH result file (jmh-result.json beside this class, in JMH 1.37's layout)
 * against rows worked out by hand in the comments.
 */
class MarkdownReportTest {
    private static String report;

    @BeforeAll
    static void render() throws IOException {
        try (InputStream in = MarkdownReportTest.class.getResourceAsStream("jmh-result.json")) {
            List<JmhResult> results = JmhResult.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(9, results.size());
            report = MarkdownReport.render(results, "quick mode, test machine");
        }
    }

    private static void assertRow(String row) {
        assertTrue(report.contains(row + "\n"), () -> "missing row\n" + row + "\nin\n" + report);
    }

    @Test
    void matmulRowsHaveSpeedupsAgainstScalarAndEjmlAndGflops() {
        // AB at 256x128x32 (M x K x N) is 2 * 256 * 128 * 32 = 2,097,152 flops per call.
        assertRow("| Benchmark | form | shape | Score | Error | Unit | vs scalar | vs EJML | GFLOP/s |");
        assertRow("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
        // scalar 2000 us: 2,097,152 / 0.002 s = 1.05e9 -> 1.0 GFLOP/s; EJML is 500 us, so 500/2000 = 0.25x.
        assertRow("| scalarLoop | AB | 256x128x32 | 2000.000 | ± 20.000 | us/op | 1.00× | 0.25× | 1.0 |");
        // EJML 500 us: 2000/500 = 4x the scalar loop; 2,097,152 / 0.0005 s = 4.19e9.
        assertRow("| ejml | AB | 256x128x32 | 500.000 | ± 5.000 | us/op | 4.00× | 1.00× | 4.2 |");
        // one thread 100 us: 2000/100 = 20x, 500/100 = 5x; 2,097,152 / 0.0001 s = 20.97e9.
        assertRow("| oursOneThread | AB | 256x128x32 | 100.000 | ± 1.000 | us/op | 20.00× | 5.00× | 21.0 |");
        // all cores 62.5 us, error NaN in the file: 2000/62.5 = 32x, 500/62.5 = 8x; 2,097,152 / 62.5e-6 s = 33.55e9.
        assertRow("| oursAllCores | AB | 256x128x32 | 62.500 | — | us/op | 32.00× | 8.00× | 33.6 |");
    }

    @Test
    void baselinesComeFirstWhateverTheFileOrder() {
        // The file lists ejml, oursAllCores, oursOneThread, scalarLoop (JMH sorts by name).
        int scalar = report.indexOf("| scalarLoop | AB");
        int ejml = report.indexOf("| ejml | AB");
        int allCores = report.indexOf("| oursAllCores | AB");
        int oneThread = report.indexOf("| oursOneThread | AB");
        assertTrue(scalar < ejml && ejml < allCores && allCores < oneThread, report);
    }

    @Test
    void topKRowsHaveBandwidthAndRatioToTheStreamReference() {
        // Each call reads 1,000,000 x 32 floats of 4 bytes = 128e6 bytes; the stream sum takes 10 ms.
        assertRow("| Benchmark | numItems | dim | k | Score | Error | Unit | vs scalar | vs stream | GB/s |");
        // 50 ms: 128e6 / 0.05 s = 2.56 GB/s; stream 10/50 = 0.20x.
        assertRow("| scalarPriorityQueue | 1000000 | 32 | 100 | 50.000 | ± 1.000 | ms/op | 1.00× | 0.20× | 2.6 |");
        // 10 ms: 12.8 GB/s, 50/10 = 5x the scalar.
        assertRow("| streamSum | 1000000 | 32 | 100 | 10.000 | ± 0.250 | ms/op | 5.00× | 1.00× | 12.8 |");
        // 20 ms: 6.4 GB/s, 50/20 = 2.5x the scalar, half the stream's speed.
        assertRow("| topKAllCores | 1000000 | 32 | 100 | 20.000 | ± 0.500 | ms/op | 2.50× | 0.50× | 6.4 |");
    }

    @Test
    void throughputScoresAreInvertedBeforeTakingRatios() {
        // 200 ops/us against 50 ops/us: 5 ns against 20 ns per op, 4x faster. No EJML, stream or rate columns.
        assertRow("| Benchmark | length | Score | Error | Unit | vs scalar |");
        assertRow("| scalarLoop | 32 | 50.000 | ± 0.500 | ops/us | 1.00× |");
        assertRow("| vectorKernels | 32 | 200.000 | ± 2.000 | ops/us | 4.00× |");
    }

    @Test
    void oneSectionPerClassInFileOrderUnderTheNote() {
        assertTrue(report.startsWith("# Benchmark results\n\nquick mode, test machine\n\n"), report);
        int dot = report.indexOf("\n## DotBenchmark\n");
        int matmul = report.indexOf("\n## MatmulBenchmark\n");
        int topK = report.indexOf("\n## TopKBenchmark\n");
        assertTrue(dot > 0 && dot < matmul && matmul < topK, report);
    }

    @Test
    void peakFmaRowsGetGflopsFromTheFixedSweep() {
        // One sweep is 12 chains x 2 flops x 2^17 lane-steps = 3,145,728 flops; in 50 us that is 62.9 GFLOP/s.
        // allCores sweeps once on each of two cores: 6,291,456 flops in 55 us = 114.4 GFLOP/s.
        List<JmhResult> peak = List.of(
                new JmhResult("PeakFmaBenchmark", "oneCore", "avgt", java.util.Map.of(), 50.0, 1.0, "us/op"),
                new JmhResult("PeakFmaBenchmark", "allCores", "avgt", java.util.Map.of(), 55.0, 1.0, "us/op"));
        String md = MarkdownReport.render(peak, "");
        assertTrue(md.contains("| Benchmark | Score | Error | Unit | GFLOP/s |\n"), md);
        assertTrue(md.contains("| oneCore | 50.000 | ± 1.000 | us/op | 62.9 |\n"), md);
        assertTrue(md.contains("| allCores | 55.000 | ± 1.000 | us/op | 114.4 |\n"), md);
    }
}
