package io.twotower.benchmarks;

import io.twotower.recsys.app.TrainJob;
import io.twotower.recsys.train.EpochStats;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end training speed: the real training job (default towers 256-128-32, Adam, lr 1e-3, MSE)
 * on a dataset's training part, at several batch sizes. For each batch size it reports the median
 * seconds per epoch over epochs 2..N (epoch 1 includes JIT warm-up), examples per second, and the
 * test RMSE reached. Epoch time counts the training steps only (no loading, no validation).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *        io.twotower.benchmarks.EpochTimes [DATA_DIR] [EPOCHS] [BATCHES] [OUT.md]
 * </pre>
 * defaults: data/ml-latest-small, 10 epochs, batches 32,256,1024, benchmarks/results/epochs.md.
 * Early stopping is off (patience 0) so every batch size runs the same number of epochs.
 */
public final class EpochTimes {
    private EpochTimes() {}

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "data/ml-latest-small";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int[] batches = Arrays.stream((args.length > 2 ? args[2] : "32,256,1024").split(",")).mapToInt(Integer::parseInt).toArray();
        Path out = Path.of(args.length > 3 ? args[3] : "benchmarks/results/epochs.md");
        Path scratch = Files.createTempDirectory("epoch-times");

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "End-to-end training on `%s`, %d epochs per batch size, %d threads, JDK %s, %s.%n%n",
                data, epochs, Runtime.getRuntime().availableProcessors(), Runtime.version(), java.time.LocalDate.now()));
        table.append("| batch | median s/epoch (epochs 2..N) | examples/s | all epochs (s) | test RMSE | epochs |\n");
        table.append("|---:|---:|---:|---|---:|---:|\n");
        for (int batch : batches) {
            TrainJob.Settings settings = new TrainJob.Settings(data, null, null, null, "random", 0.2, 0.0, 0, epochs, batch,
                    0.001f, "constant", "adam", 0f, "mse", 4.0f, 4, new int[] {256, 128, 32}, new int[] {256, 128, 32},
                    true, 42L, 10, 4.0f, scratch.resolve("m-" + batch + ".model"), null, null, 0, 0, null, null, false, null);
            PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
            TrainJob.Outcome outcome = new TrainJob(settings, new PrintWriter(new StringWriter()), silent).run();
            List<EpochStats> history = outcome.history();
            double[] later = history.stream().skip(1).mapToDouble(EpochStats::stepSeconds).sorted().toArray();
            double median = later.length == 0 ? history.get(0).stepSeconds()
                    : later.length % 2 == 1 ? later[later.length / 2] : (later[later.length / 2 - 1] + later[later.length / 2]) / 2;
            double examplesPerSecond = history.get(history.size() - 1).examplesPerSecond() * history.get(history.size() - 1).stepSeconds() / median;
            String all = String.join(" ", history.stream().map(s -> String.format(Locale.ROOT, "%.2f", s.stepSeconds())).toList());
            String row = String.format(Locale.ROOT, "| %d | %.3f | %,.0f | %s | %.4f | %d |%n", batch, median, examplesPerSecond,
                    all, outcome.modelMetrics().rmse(), history.size());
            System.out.print(row);
            table.append(row);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table.toString(), StandardCharsets.UTF_8);
        System.out.println("written to " + out);
        deleteQuietly(scratch);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
