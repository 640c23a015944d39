package io.twotower.recsys.app;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Settings for short training runs on the built-in synthetic dataset, for tests. */
public final class SmallRuns {
    private SmallRuns() {}

    /** Default flags of `train --data synthetic`, with the given epochs and output folder. */
    public static TrainJob.Settings synthetic(Path dir, int epochs) {
        return new TrainJob.Settings(DataSource.SYNTHETIC, null, null, null, "random", 0.2, 0.1, 0, epochs, 256, 0.001f,
                "constant", "adam", 0f, "mse", 4.0f, 4, new int[] {64, 32, 16}, new int[] {64, 32, 16}, true, 42L,
                10, 4.0f, dir.resolve("m.model"), dir.resolve("metrics.json"), dir.resolve("history.csv"), 0,
                0, null, null, false, null);
    }

    public static TrainJob.Settings withEpochs(TrainJob.Settings s, int epochs, Path model) {
        return new TrainJob.Settings(s.data(), s.format(), s.schema(), s.ratingRange(), s.split(), s.testFraction(), s.validationFraction(),
                s.patience(), epochs, s.batchSize(), s.learningRate(), s.schedule(), s.optimizer(), s.weightDecay(),
                s.loss(), s.positiveThreshold(), s.negatives(), s.userLayers(), s.itemLayers(), s.interactionStats(),
                s.seed(), s.k(), s.relevantThreshold(), model, s.metricsJson(), s.history(), s.samples(),
                s.checkpointEvery(), s.checkpoint(), s.resume(), s.diagnostics(), s.plots());
    }

    public static TrainJob.Settings withCheckpoints(TrainJob.Settings s, int every, Path checkpoint, Path resume) {
        return new TrainJob.Settings(s.data(), s.format(), s.schema(), s.ratingRange(), s.split(), s.testFraction(), s.validationFraction(),
                s.patience(), s.epochs(), s.batchSize(), s.learningRate(), s.schedule(), s.optimizer(), s.weightDecay(),
                s.loss(), s.positiveThreshold(), s.negatives(), s.userLayers(), s.itemLayers(), s.interactionStats(),
                s.seed(), s.k(), s.relevantThreshold(), s.model(), s.metricsJson(), s.history(), s.samples(),
                every, checkpoint, resume, s.diagnostics(), s.plots());
    }

    public static TrainJob.Settings withLoss(TrainJob.Settings s, String loss) {
        return new TrainJob.Settings(s.data(), s.format(), s.schema(), s.ratingRange(), s.split(), s.testFraction(), s.validationFraction(),
                s.patience(), s.epochs(), s.batchSize(), s.learningRate(), s.schedule(), s.optimizer(), s.weightDecay(),
                loss, s.positiveThreshold(), s.negatives(), s.userLayers(), s.itemLayers(), s.interactionStats(),
                s.seed(), s.k(), s.relevantThreshold(), s.model(), s.metricsJson(), s.history(), s.samples(),
                s.checkpointEvery(), s.checkpoint(), s.resume(), s.diagnostics(), s.plots());
    }

    public static TrainJob.Settings withData(TrainJob.Settings s, String data) {
        return new TrainJob.Settings(data, s.format(), s.schema(), s.ratingRange(), s.split(), s.testFraction(), s.validationFraction(),
                s.patience(), s.epochs(), s.batchSize(), s.learningRate(), s.schedule(), s.optimizer(), s.weightDecay(),
                s.loss(), s.positiveThreshold(), s.negatives(), s.userLayers(), s.itemLayers(), s.interactionStats(),
                s.seed(), s.k(), s.relevantThreshold(), s.model(), s.metricsJson(), s.history(), s.samples(),
                s.checkpointEvery(), s.checkpoint(), s.resume(), s.diagnostics(), s.plots());
    }

    public static TrainJob.Settings withLearningRate(TrainJob.Settings s, float lr) {
        return new TrainJob.Settings(s.data(), s.format(), s.schema(), s.ratingRange(), s.split(), s.testFraction(), s.validationFraction(),
                s.patience(), s.epochs(), s.batchSize(), lr, s.schedule(), s.optimizer(), s.weightDecay(),
                s.loss(), s.positiveThreshold(), s.negatives(), s.userLayers(), s.itemLayers(), s.interactionStats(),
                s.seed(), s.k(), s.relevantThreshold(), s.model(), s.metricsJson(), s.history(), s.samples(),
                s.checkpointEvery(), s.checkpoint(), s.resume(), s.diagnostics(), s.plots());
    }

    /** Runs the job, capturing what it prints. */
    public static TrainJob.Outcome run(TrainJob.Settings settings, StringWriter printed) throws Exception {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        return new TrainJob(settings, new PrintWriter(printed, true), quiet).run();
    }
}
