package io.twotower.recsys.app;

import io.twotower.engine.io.AtomicFiles;
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
import io.twotower.recsys.data.RatingRange;
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
import io.twotower.recsys.train.TrainingDivergedException;
import io.twotower.recsys.train.TrainingExamples;
import io.twotower.recsys.train.TrainingOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job: check the output paths, load, split, fit features on the training part only, train
 * the two towers, save the model (at once: from then on the training cannot be lost), write the loss
 * history, evaluate the model and three baselines on the same held-out part, print the table, write
 * the metrics JSON and print sample recommendations.
 *
 * <p>Every file goes through {@link OutputFiles} (checked before the work, written atomically). Ctrl-C
 * and a divergence keep the last finished epoch as a checkpoint that {@code --resume} continues.
 */
public final class TrainJob {

    /** Everything the train command decides; see {@code bin/recsys train --help} for each. */
    public record Settings(String data, String format, Path schema, RatingRange ratingRange, String split, double testFraction,
                           double validationFraction, int patience, int epochs, int batchSize, float learningRate,
                           String schedule, String optimizer, float weightDecay, String loss,
                           float positiveThreshold, int negatives, int[] userLayers, int[] itemLayers,
                           boolean interactionStats, long seed, int k, float relevantThreshold, Path model,
                           Path metricsJson, Path history, int samples, int checkpointEvery, Path checkpoint,
                           Path resume, boolean diagnostics, Path plots) {

        /**
         * Range checks with messages that name the flag, made before anything is loaded. (The thresholds
         * are checked against the data's ratings once it is loaded: {@link TrainJob#requireUsableThresholds}.)
         */
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
            check(Float.isFinite(positiveThreshold), "--positive-threshold must be a finite number, got " + positiveThreshold);
            check(Float.isFinite(relevantThreshold), "--relevant must be a finite number, got " + relevantThreshold);
            check(List.of("random", "temporal").contains(split), "--split must be random or temporal, got '" + split + "'");
            check(List.of("mse", "bce").contains(loss), "--loss must be mse or bce, got '" + loss + "'");
            check(List.of("adam", "adamw", "sgd").contains(optimizer), "--optimizer must be adam, adamw or sgd, got '" + optimizer + "'");
            check(List.of("constant", "step", "cosine").contains(schedule), "--lr-schedule must be constant, step or cosine, got '" + schedule + "'");
            check(format == null || List.of("movielens", "table").contains(format), "--format must be movielens or table, got '" + format + "'");
            int userEnd = userLayers[userLayers.length - 1], itemEnd = itemLayers[itemLayers.length - 1];
            check(userEnd == itemEnd, "--user-layers " + join(userLayers) + " and --item-layers " + join(itemLayers)
                    + " must end in the same size (the score is the dot product of the two towers' vectors), got "
                    + userEnd + " and " + itemEnd);
        }

        private static void check(boolean ok, String message) {
            if (!ok) throw new UsageException(message);
        }

        /** Where checkpoints go: --checkpoint, else the model path with ".ckpt" appended. */
        public Path checkpointPath() {
            return checkpoint != null ? checkpoint : model.resolveSibling(model.getFileName() + ".ckpt");
        }

        /**
         * What a resumed run must share with the run that wrote the checkpoint, as "key=value;...": the data
         * ({@link DataFingerprint#describe}: its content, not its path) and every setting that changes which
         * examples are seen in which order, or how the weights move. {@link ResumeCheck} compares two of these.
         */
        public String fingerprint(String data) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("data", data);
            f.put("split", split);
            f.put("test-fraction", Double.toString(testFraction));
            f.put("validation-fraction", Double.toString(validationFraction));
            f.put("seed", Long.toString(seed));
            f.put("batch", Integer.toString(batchSize));
            f.put("lr", plain(learningRate));
            f.put("lr-schedule", schedule);
            f.put("optimizer", optimizer);
            f.put("weight-decay", plain(weightDecay));
            f.put("loss", loss);
            f.put("positive-threshold", plain(positiveThreshold));
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
    /** Trains with this loss instead of the one --loss names; null normally (a seam for tests). */
    private final Loss lossOverride;
    // What the Ctrl-C hook needs to know, set as the job goes on.
    private volatile Trainer trainer;
    private volatile boolean modelSaved;

    public TrainJob(Settings settings, PrintWriter out, PrintStream progress) {
        this(settings, out, progress, null);
    }

    /** For tests: the job with a loss of their own (one that turns NaN, to see what a divergence leaves). */
    TrainJob(Settings settings, PrintWriter out, PrintStream progress, Loss lossOverride) {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
        this.lossOverride = lossOverride;
    }

    /** What a run produced, for callers (tests, the benchmark main). */
    public record Outcome(TwoTowerModel model, MetricSet modelMetrics, Map<String, MetricSet> baselines,
                          List<EpochStats> history, double trainSeconds) {}

    /**
     * Runs the whole job. Ctrl-C is safe at every moment: before the model is saved it writes the last
     * finished epoch's checkpoint (see {@link #onInterrupt}); after, the model is there and only the
     * metrics are lost, which {@code evaluate} computes again.
     */
    public Outcome run() throws IOException {
        prepareOutputs();
        Thread hook = new Thread(this::onInterrupt, "save-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return trainEvaluateAndSave();
        } finally {
            removeHook(hook);
        }
    }

    /** Every output path is checked (and its folder created) now, not after the training. */
    private void prepareOutputs() {
        OutputFiles.prepare("--model", settings.model(), "recsys.model");
        OutputFiles.prepare("--checkpoint", settings.checkpointPath(), "recsys.model.ckpt");
        if (settings.history() != null) OutputFiles.prepare("--history", settings.history(), "history.csv");
        if (settings.metricsJson() != null) OutputFiles.prepare("--metrics-json", settings.metricsJson(), "metrics.json");
        if (settings.diagnostics()) OutputFiles.prepare("--diagnostics", diagnosticsPath(), "diagnostics.csv");
        if (settings.plots() != null && Files.exists(settings.plots()) && !Files.isDirectory(settings.plots())) {
            throw new UsageException("--plots " + settings.plots() + " is a file; expected a folder for the PNGs");
        }
    }

    private Outcome trainEvaluateAndSave() throws IOException {
        long t0 = System.nanoTime();
        Dataset dataset = DataSource.load(settings.data(), settings.format(), settings.schema(), settings.ratingRange(), settings.seed());
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
        requireUsableThresholds(dataset, fitRows);

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
        Loss loss = lossOverride != null ? lossOverride
                : settings.objective() == ModelConfig.Objective.IMPLICIT ? new BinaryCrossEntropyWithLogits() : new MeanSquaredError();
        int stepsPerEpoch = (examples.examplesPerEpoch(fitRows) + settings.batchSize() - 1) / settings.batchSize();
        Optimizer optimizer = optimizer(model, schedule(stepsPerEpoch));
        Trainer trainer = new Trainer(model, loss, optimizer,
                new TrainingOptions(settings.epochs(), settings.batchSize(), settings.seed(), settings.patience()));
        out.printf(Locale.ROOT, "Training: %s, %s, lr %s (%s), batch %d, up to %d epochs%n", loss.name(),
                settings.optimizer(), plain(settings.learningRate()), settings.schedule(), settings.batchSize(), settings.epochs());

        String fingerprint = settings.fingerprint(DataFingerprint.describe(dataset));
        trainer.checkpointing(this::saveCheckpoint, settings.checkpointEvery(), fingerprint);
        Checkpoint resume = settings.resume() == null ? null : readResume(settings.resume(), fingerprint, model);
        out.flush();
        TrainingDiagnostics diagnostics = settings.diagnostics() ? TrainingDiagnostics.create(model,
                validation != null ? validation : examples.forEpoch(fitRows, 1)) : null;

        this.trainer = trainer; // from here on, Ctrl-C saves the trainer's latest checkpoint
        long trainStart = System.nanoTime();
        Trainer.Result result;
        try {
            result = trainer.train(epoch -> examples.forEpoch(fitRows, epoch), validation, rng,
                    Trainer.Listener.all(ProgressBar.on(progress, settings.epochs()), diagnostics), resume);
        } catch (TrainingDivergedException e) {
            throw keepLastGoodEpoch(e, trainer.latestCheckpoint());
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        reportHowTrainingEnded(result, resume);

        // The model first: from here on, whatever happens, the training is not lost.
        OutputFiles.write("--model", settings.model(), AtomicFiles.bytes(model.encode()));
        modelSaved = true;
        out.println("Model saved to " + settings.model());
        if (settings.history() != null) {
            OutputFiles.write("--history", settings.history(), OutputFiles.text(HistoryCsv.render(result.history())));
        }
        if (diagnostics != null) {
            OutputFiles.write("--diagnostics", diagnosticsPath(), OutputFiles.text(diagnostics.csv()));
            out.print(diagnostics.summary());
            out.println("Diagnostics written to " + diagnosticsPath());
        }
        out.flush();

        // Evaluate the model and the baselines on the same split.
        EvalOptions evalOptions = EvalOptions.defaults().withK(settings.k()).withRelevanceThreshold(settings.relevantThreshold());
        Recommender recommender = new Recommender(model);
        Evaluation.Report report = Evaluation.run(model, recommender, dataset, split, evalOptions);
        out.println();
        out.print(report.table());
        if (settings.metricsJson() != null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("best_epoch", result.bestEpoch());
            extra.put("dataset", dataset.name());
            extra.put("seed", settings.seed());
            double[] epochSeconds = result.history().stream().mapToDouble(EpochStats::stepSeconds).toArray();
            String json = MetricsJson.toJson(report.model(), report.baselines(), trainSeconds, result.history().size(),
                    epochSeconds, extra);
            OutputFiles.write("--metrics-json", settings.metricsJson(), OutputFiles.text(json));
            out.println("Metrics written to " + settings.metricsJson());
        }
        if (settings.plots() != null) {
            for (Path png : Plots.writeAll(settings.plots(), model, recommender, result.history(), dataset, split.test())) {
                out.println("Plot written to " + png);
            }
        }
        printSamples(recommender, catalog);
        out.flush();
        return new Outcome(model, report.model(), report.baselines(), result.history(), trainSeconds);
    }

    /**
     * The thresholds, against the ratings this data has: a --relevant above every rating makes every
     * ranking metric 0, and a --positive-threshold above every training rating leaves bce nothing to learn
     * from (its loss would be NaN over zero steps).
     */
    private void requireUsableThresholds(Dataset dataset, int[] fitRows) {
        Evaluation.requireReachable(settings.relevantThreshold(), dataset);
        if (settings.objective() == ModelConfig.Objective.IMPLICIT) {
            int positives = 0;
            for (int row : fitRows) if (dataset.rating(row) >= settings.positiveThreshold()) positives++;
            if (positives == 0) {
                throw new UsageException("--positive-threshold " + plain(settings.positiveThreshold())
                        + ": no training rating reaches it (" + Evaluation.ratingRange(dataset)
                        + "), so --loss bce would have no positives to learn from");
            }
        }
    }

    private Checkpoint readResume(Path path, String fingerprint, TwoTowerModel model) throws IOException {
        if (Files.isDirectory(path)) throw new UsageException("--resume " + path + " is a folder; expected a checkpoint file (*.ckpt)");
        if (!Files.exists(path)) throw new UsageException("--resume " + path + ": no such file");
        ModelFileCheck.requireReadable("--resume", path, "a checkpoint file (*.ckpt)");
        Checkpoint c = Checkpoint.read(path);
        String note = ResumeCheck.compare(path, c, fingerprint, model.parameters());
        out.printf("Resuming from %s after epoch %d%n", path, c.epoch());
        if (!note.isEmpty()) out.println(note);
        return c;
    }

    /** Says whether anything was trained, and which epoch's weights the model now holds. */
    private void reportHowTrainingEnded(Trainer.Result result, Checkpoint resume) {
        int last = result.history().size();
        if (resume != null && result.epochsTrained() == 0) {
            out.println(resume.epoch() >= settings.epochs()
                    ? "Nothing left to train: the checkpoint is at epoch " + resume.epoch() + " of --epochs " + settings.epochs()
                    : "Nothing left to train: early stopping had already ended this run after epoch " + resume.epoch());
        }
        if (result.stoppedEarly() && result.epochsTrained() > 0 && last < settings.epochs()) {
            out.printf("Early stopping after epoch %d: best validation loss at epoch %d, weights restored%n", last, result.bestEpoch());
        } else if (result.bestEpoch() != last) {
            out.printf("Best validation loss at epoch %d of %d: its weights are kept%n", result.bestEpoch(), last);
        }
    }

    /**
     * After a divergence the trainer has put the last good weights back; saves its checkpoint (the end of
     * the last good epoch) and tells how to go on from it, with a learning rate ten times lower.
     */
    private TrainingDivergedException keepLastGoodEpoch(TrainingDivergedException e, Checkpoint lastGood) {
        String lowerLr = new BigDecimal(Float.toString(settings.learningRate())).movePointLeft(1).stripTrailingZeros().toPlainString();
        if (lastGood == null) {
            return e.withAdvice("no epoch had finished, so there are no good weights to keep; start again with a lower "
                    + "learning rate, e.g. --lr " + lowerLr);
        }
        Path path = settings.checkpointPath();
        OutputFiles.write("--checkpoint", path, AtomicFiles.bytes(lastGood.encode()));
        return e.withAdvice("the weights of epoch " + lastGood.epoch() + ", the last good one, are saved to " + path
                + "; go on from them with the same flags plus --resume " + path + " --lr " + lowerLr);
    }

    /** --checkpoint-every N: the trainer hands over every N-th epoch's checkpoint. */
    private void saveCheckpoint(Checkpoint checkpoint) {
        OutputFiles.write("--checkpoint", settings.checkpointPath(), AtomicFiles.bytes(checkpoint.encode()));
        progress.println("checkpoint of epoch " + checkpoint.epoch() + " saved to " + settings.checkpointPath());
        progress.flush();
    }

    /**
     * Ctrl-C (the JVM runs this hook, then exits with code 130). Before the model is saved: write the state
     * at the end of the last finished epoch, so that --resume continues from it. After: nothing is lost but
     * the metrics, and {@code evaluate} computes them again.
     */
    void onInterrupt() {
        Path modelPath = settings.model(), checkpointPath = settings.checkpointPath();
        Trainer t = trainer;
        Checkpoint latest = t == null ? null : t.latestCheckpoint();
        if (modelSaved) {
            progress.printf("%nInterrupted: the model is saved to %s; 'recsys evaluate --model %s' computes the metrics again%n",
                    modelPath, modelPath);
        } else if (latest == null) {
            progress.println("\nInterrupted before the first epoch ended: nothing to save.");
        } else {
            try {
                OutputFiles.write("--checkpoint", checkpointPath, AtomicFiles.bytes(latest.encode()));
                progress.printf("%nInterrupted: checkpoint of epoch %d saved to %s; continue with the same flags and --resume %s%n",
                        latest.epoch(), checkpointPath, checkpointPath);
            } catch (RuntimeException e) {
                progress.println("\nInterrupted, and the checkpoint could not be written: " + e.getMessage());
            }
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

    /** diagnostics.csv, beside the model. */
    private Path diagnosticsPath() {
        return settings.model().resolveSibling("diagnostics.csv");
    }

    /** A number as a person writes it: 4 not 4.0, 0.0001 not 1.0E-4. */
    public static String plain(float x) {
        return new BigDecimal(Float.toString(x)).stripTrailingZeros().toPlainString();
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
