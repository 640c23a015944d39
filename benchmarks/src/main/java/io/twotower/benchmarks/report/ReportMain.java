package io.twotower.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line: {@code ReportMain <jmh-result.json> <report.md> [note]} reads a JMH JSON result file
 * ({@code -rf json}) and writes the Markdown tables of {@link MarkdownReport}; the optional note (machine,
 * mode, date) goes under the title. Used by benchmarks/run.sh.
 */
public final class ReportMain {
    private ReportMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ReportMain <jmh-result.json> <report.md> [note]");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException("no JMH result file at " + input);
        List<JmhResult> results;
        try {
            results = JmhResult.parseAll(Files.readString(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
        }
        if (results.isEmpty()) throw new IllegalArgumentException(input + ": no benchmark results (did JMH run anything?)");
        Files.writeString(output, MarkdownReport.render(results, args.length == 3 ? args[2] : ""), StandardCharsets.UTF_8);
        System.out.println("wrote " + output + " (" + results.size() + " results from " + input + ")");
    }
}
