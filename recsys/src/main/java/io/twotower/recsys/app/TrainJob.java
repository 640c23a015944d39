package io.twotower.recsys.app;

import io.twotower.engine.Rng;
import io.twotower.engine.loss.BinaryCrossEntropyWithLogits;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.optim.Adam;
import io.twotower.engine.optim.AdamW;
import io.twotower.engine.optim.LearningRateSchedule;
import io.twotower.engine.optim.Optimizer;
import io.twotower.engine.optim.Sgd;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import io.twotower.recsys.eval.EvalOptions;
import io.twotower.recsys.eval.MetricSet;
import io.twotower.recsys.eval.MetricsJson;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import io.twotower.recsys.inspect.Plots;
import io.twotower.recsys.inspect.TrainingDiagnostics;
import io.twotower.recsys.train.Checkpoint;
import io.twotower.recsys.train.EpochStats;
import io.twotower.recsys.train.HistoryCsv;
import io.twotower.recsys.train.ProgressBar;
import io.twotower.recsys.train.Trainer;
import io.twotower.recsys.train.TrainingExamples;
import io.twotower.recsys.train.TrainingOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job: load, split, fit features on the training part only, train the two towers, evaluate
 * them and three baselines on the same held-out part, print the table and sample recommendations,
 * save the model.
 */
public final class TrainJob {

    /** Everything the train command decides; see {@code bin/recsys train --help} for each. */
    public record Settings(String data, String format, Path schema, String split, double testFraction,
                           double validationFraction, int patience, int epochs, int batchSize, float learningRate,
                           String schedule, String optimizer, float weightDecay, String loss,
                           float positiveThreshold, int negatives, int[] userLayers, int[] itemLayers,
                           boolean interactionStats, long seed, int k, float relevantThreshold, Path model,
                           Path metricsJson, Path history, int samples, int checkpointEvery, Path checkpoint,
                           Path resume, boolean diagnostics, Path plots) {

        /** Range checks with messages that name the flag. */
        public void validate() {
            check(testFraction > 0 && testFraction < 1, "--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
            check(validationFraction >= 0 && validationFraction < 1, "--validation-fraction must be in [0, 1), got " + validationFraction);
            check(epochs >= 1 && epochs <= 100_000, "--epochs must be between 1 and 100000, got " + epochs);
            check(batchSize >= 1 && batchSize <= 1 << 20, "--batch must be between 1 and 1048576, got " + batchSize);
            check(Float.isFinite(learningRate) && learningRate > 0 && learningRate <= 10, "--lr must be in (0, 10], got " + learningRate);
            check(patience >= 0, "--patience must be >= 0, got " + patience);
            check(negatives >= 1 && negatives <= 100, "--negatives must be between 1 and 100, got " + negatives);
            check(k >= 1 && k <= 10_000, "--k must be between 1 and 10000, got " + k);
            check(samples >= 0, "--samples must be >= 0, got " + samples);
            check(checkpointEvery >= 0, "--checkpoint-every must be >= 0, got " + checkpointEvery);
            check(weightDecay >= 0 && Float.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
            check(List.of("random", "temporal").contains(split), "--split must be random or temporal, got '" + split + "'");
            check(List.of("mse", "bce").contains(loss), "--loss must be mse or bce, got '" + loss + "'");
            check(List.of("adam", "adamw", "sgd").contains(optimizer), "--optimizer must be adam, adamw or sgd, got '" + optimizer + "'");
            check(List.of("constant", "step", "cosine").contains(schedule), "--lr-schedule must be constant, step or cosine, got '" + schedule + "'");
            check(format == null || List.of("movielens", "table").contains(format), "--format must be movielens or table, got '" + format + "'");
        }

        private static void check(boolean ok, String message) {
            if (!ok) throw new UsageException(message);
        }

        /** Where checkpoints go: --checkpoint, else the model path with ".ckpt" appended. */
        public Path checkpointPath() {
            return checkpoint != null ? checkpoint : model.resolveSibling(model.getFileName() + ".ckpt");
        }

        /**
         * The settings a resumed run must share with the run that wrote the checkpoint: everything that
         * changes which examples are seen in which order, or how the weights move. (--epochs may grow.)
         */
        public String fingerprint() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("data", data);
            f.put("format", String.valueOf(format));
            f.put("split", split);
            f.put("test-fraction", Double.toString(testFraction));
            f.put("validation-fraction", Double.toString(validationFraction));
            f.put("seed", Long.toString(seed));
            f.put("batch", Integer.toString(batchSize));
            f.put("lr", Float.toString(learningRate));
            f.put("lr-schedule", schedule);
            f.put("optimizer", optimizer);
            f.put("weight-decay", Float.toString(weightDecay));
            f.put("loss", loss);
            f.put("positive-threshold", Float.toString(positiveThreshold));
            f.put("negatives", Integer.toString(negatives));
            f.put("user-layers", join(userLayers));
            f.put("item-layers", join(itemLayers));
            f.put("interaction-stats", Boolean.toString(interactionStats));
            f.put("patience", Integer.toString(patience));
            if (schedule.equals("cosine")) f.put("epochs", Integer.toString(epochs)); // the cosine's length
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : f.entrySet()) sb.append(sb.isEmpty() ? "" : ";").append(e.getKey()).append('=').append(e.getValue());
            return sb.toString();
        }

        /** The settings that differ between two fingerprints, as "lr=0.001, now lr=0.01; ...". */
        static String differences(String before, String now) {
            Map<String, String> a = parse(before), b = parse(now);
            List<String> diffs = new java.util.ArrayList<>();
            java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                if (!java.util.Objects.equals(a.get(key), b.get(key))) {
                    diffs.add("--" + key + " " + a.getOrDefault(key, "(unset)") + ", now " + b.getOrDefault(key, "(unset)"));
                }
            }
            return String.join("; ", diffs);
        }

        private static Map<String, String> parse(String fingerprint) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String part : fingerprint.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) m.put(part.substring(0, eq), part.substring(eq + 1));
            }
            return m;
        }

        private static String join(int[] sizes) {
            return String.join(",", java.util.Arrays.stream(sizes).mapToObj(Integer::toString).toList());
        }

        public ModelConfig.Objective objective() {
            return loss.equals("bce") ? ModelConfig.Objective.IMPLICIT : ModelConfig.Objective.RATING;
        }
    }

    private final Settings settings;
    private final PrintWriter out;
    private final PrintStream progress;

    public TrainJob(Settings settings, PrintWriter out, PrintStream progress) {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /** What a run produced, for callers (tests, the benchmark main). */
    public record Outcome(TwoTowerModel model, MetricSet modelMetrics, Map<String, MetricSet> baselines,
                          List<EpochStats> history, double trainSeconds) {}

    public Outcome run() throws IOException {
        long t0 = System.nanoTime();
        Dataset dataset = DataSource.load(settings.data(), settings.format(), settings.schema(), settings.seed());
        out.printf(Locale.ROOT, "Loaded %s: %,d interactions, %,d users, %,d items (%.2fs)%n", dataset.name(),
                dataset.size(), dataset.numUsers(), dataset.numItems(), (System.nanoTime() - t0) / 1e9);

        // Test part held out per user; a validation part carved from the rest for early stopping.
        Split split = Evaluation.split(dataset, settings.split(), settings.testFraction(), settings.seed());
        Split fitAndValidation = settings.validationFraction() > 0
                ? Splits.validationFrom(split, settings.validationFraction(), settings.seed() + 1)
                : null;
        int[] fitRows = fitAndValidation == null ? split.train() : fitAndValidation.train();
        int[] validationRows = fitAndValidation == null ? null : fitAndValidation.test();
        out.printf(Locale.ROOT, "Split (%s): %,d train (%,d fit + %,d validation), %,d test%n",
                dataset.hasPredefinedSplit() ? "predefined" : settings.split(), split.train().length, fitRows.length,
                validationRows == null ? 0 : validationRows.length, split.test().length);

        // Every feature statistic comes from the rows the model is fitted on: never from test rows.
        FeaturePipeline features = FeaturePipeline.fit(dataset, fitRows,
                FeatureOptions.defaults().withInteractionStats(settings.interactionStats()));
        out.printf(Locale.ROOT, "Features: %d per user, %d per item%n", features.userDim(), features.itemDim());

        Catalog catalog = DataSource.catalog(dataset, split.train());
        ModelConfig config = new ModelConfig(settings.userLayers(), settings.itemLayers(), settings.objective(),
                ModelConfig.DEFAULT_LOGIT_SCALE);
        Rng rng = new Rng(settings.seed());
        TwoTowerModel model = TwoTowerModel.initialise(config, features, catalog, rng);
        out.printf(Locale.ROOT, "Model: %s; %,d parameters%n", config, parameterCount(model));
        model.info().put("dataset", dataset.name());
        model.info().put("data", settings.data());
        model.info().put("split", dataset.hasPredefinedSplit() ? "predefined" : settings.split());
        model.info().put("test_fraction", Double.toString(settings.testFraction()));
        model.info().put("seed", Long.toString(settings.seed()));

        ExampleBuilder examples = new ExampleBuilder(dataset, features, config.objective(),
                settings.positiveThreshold(), settings.negatives(), catalog);
        TrainingExamples validation = validationRows == null ? null : examples.fixed(validationRows, rng.nextLong());
        Loss loss = settings.objective() == ModelConfig.Objective.IMPLICIT
                ? new BinaryCrossEntropyWithLogits() : new MeanSquaredError();
        int stepsPerEpoch = (examples.examplesPerEpoch(fitRows) + settings.batchSize() - 1) / settings.batchSize();
        Optimizer optimizer = optimizer(model, schedule(stepsPerEpoch));
        Trainer trainer = new Trainer(model, loss, optimizer,
                new TrainingOptions(settings.epochs(), settings.batchSize(), settings.seed(), settings.patience()));
        out.printf(Locale.ROOT, "Training: %s, %s, lr %s (%s), batch %d, up to %d epochs%n", loss.name(),
                settings.optimizer(), settings.learningRate(), settings.schedule(), settings.batchSize(), settings.epochs());
        out.flush();

        trainer.checkpointing(settings.checkpointPath(), settings.checkpointEvery(), settings.fingerprint());
        Checkpoint resume = settings.resume() == null ? null : readResume(settings.resume());
        if (resume != null) {
            out.printf("Resuming from %s after epoch %d%n", settings.resume(), resume.epoch());
            out.flush();
        }
        TrainingDiagnostics diagnostics = settings.diagnostics() ? TrainingDiagnostics.create(model,
                validation != null ? validation : examples.forEpoch(fitRows, 1)) : null;

        // Ctrl-C: write the state at the end of the last finished epoch, so that --resume continues from it.
        Thread saveOnInterrupt = new Thread(() -> saveOnInterrupt(trainer), "checkpoint-on-interrupt");
        Runtime.getRuntime().addShutdownHook(saveOnInterrupt);
        long trainStart = System.nanoTime();
        Trainer.Result result;
        try {
            result = trainer.train(epoch -> examples.forEpoch(fitRows, epoch), validation, rng,
                    Trainer.Listener.all(ProgressBar.on(progress, settings.epochs()), diagnostics), resume);
        } finally {
            removeHook(saveOnInterrupt);
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        if (result.stoppedEarly() || result.bestEpoch() != result.history().size()) {
            out.printf("Early stopping: best validation loss at epoch %d of %d, weights restored%n",
                    result.bestEpoch(), result.history().size());
        }
        if (diagnostics != null) {
            Path csv = settings.model().resolveSibling("diagnostics.csv");
            diagnostics.writeCsv(csv);
            out.print(diagnostics.summary());
            out.println("Diagnostics written to " + csv);
        }
        if (settings.history() != null) HistoryCsv.write(settings.history(), result.history());

        // Evaluate the model and the baselines on the same split.
        EvalOptions evalOptions = EvalOptions.defaults().withK(settings.k()).withRelevanceThreshold(settings.relevantThreshold());
        Recommender recommender = new Recommender(model);
        Evaluation.Report report = Evaluation.run(model, recommender, dataset, split, evalOptions);
        MetricSet modelMetrics = report.model();
        Map<String, MetricSet> baselines = report.baselines();
        out.println();
        out.print(report.table());

        double[] epochSeconds = result.history().stream().mapToDouble(EpochStats::stepSeconds).toArray();
        if (settings.metricsJson() != null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("best_epoch", result.bestEpoch());
            extra.put("dataset", dataset.name());
            extra.put("seed", settings.seed());
            MetricsJson.write(settings.metricsJson(), modelMetrics, baselines, trainSeconds,
                    result.history().size(), epochSeconds, extra);
            out.println("Metrics written to " + settings.metricsJson());
        }

        model.save(settings.model());
        out.println("Model saved to " + settings.model());
        if (settings.plots() != null) {
            for (Path png : Plots.writeAll(settings.plots(), model, recommender, result.history(), dataset, split.test())) {
                out.println("Plot written to " + png);
            }
        }
        printSamples(recommender, catalog);
        out.flush();
        return new Outcome(model, modelMetrics, baselines, result.history(), trainSeconds);
    }

    private Checkpoint readResume(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new UsageException("--resume " + path + " is a folder; expected a checkpoint file (*.ckpt)");
        if (!Files.exists(path)) throw new UsageException("--resume " + path + ": no such file");
        Checkpoint c = Checkpoint.read(path);
        if (!c.fingerprint().equals(settings.fingerprint())) {
            throw new UsageException("--resume " + path + " was written with other settings: "
                    + Settings.differences(c.fingerprint(), settings.fingerprint())
                    + "; resume with the same flags (only --epochs may change)");
        }
        return c;
    }

    private void saveOnInterrupt(Trainer trainer) {
        Checkpoint latest = trainer.latestCheckpoint();
        if (latest == null) {
            progress.println("\nInterrupted before the first epoch ended: nothing to save.");
            return;
        }
        try {
            latest.write(settings.checkpointPath());
            progress.printf("%nInterrupted: checkpoint of epoch %d saved to %s; continue with the same flags and --resume %s%n",
                    latest.epoch(), settings.checkpointPath(), settings.checkpointPath());
        } catch (IOException e) {
            progress.println("\nInterrupted, and the checkpoint could not be written: " + e.getMessage());
        }
        progress.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (Ctrl-C): the hook is running or has run.
        }
    }

    private void printSamples(Recommender recommender, Catalog catalog) {
        int shown = Math.min(settings.samples(), catalog.numUsers());
        for (int s = 0; s < shown; s++) {
            int user = (int) ((long) s * catalog.numUsers() / Math.max(1, shown));
            out.printf("%nTop 5 for user %s (rated %d items in training):%n", catalog.userId(user), catalog.seenCount(user));
            for (Recommender.Scored r : recommender.forUser(user, 5)) {
                out.printf(Locale.ROOT, "  %.3f  %s%n", recommender.predict(user, r.index()), r.label());
            }
        }
    }

    private LearningRateSchedule schedule(int stepsPerEpoch) {
        float lr = settings.learningRate();
        return switch (settings.schedule()) {
            case "step" -> LearningRateSchedule.step(lr, 3L * stepsPerEpoch, 0.5f);
            case "cosine" -> LearningRateSchedule.cosine(lr, (long) settings.epochs() * stepsPerEpoch, lr * 0.01f);
            default -> LearningRateSchedule.constant(lr);
        };
    }

    private Optimizer optimizer(TwoTowerModel model, LearningRateSchedule schedule) {
        return switch (settings.optimizer()) {
            case "adamw" -> new AdamW(model.parameters(), schedule, settings.weightDecay());
            case "sgd" -> new Sgd(model.parameters(), schedule, 0.9f);
            default -> new Adam(model.parameters(), schedule);
        };
    }

    static long parameterCount(TwoTowerModel model) {
        long n = 0;
        for (var p : model.parameters()) n += p.size();
        return n;
    }
}
