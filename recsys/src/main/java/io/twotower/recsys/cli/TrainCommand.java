package io.twotower.recsys.cli;

import io.twotower.recsys.app.TrainJob;
import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.data.RatingRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the two-tower model, evaluates it against baselines on the held-out part, "
                + "prints the metrics table and sample recommendations, and saves the model.")
final class TrainCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder, or 'synthetic' for the built-in offline dataset (default: data/ml-latest-small, "
                    + "here or else in the folder the tool is installed in).")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "movielens (ratings.csv + movies.csv) or table (users.csv, items.csv, interactions.csv); default: detected.")
    String format;

    @Option(names = "--schema", paramLabel = "FILE", description = "Table format: column kinds (file,column,kind rows).")
    Path schema;

    @Option(names = "--rating-range", paramLabel = "MIN,MAX",
            description = "Table format: the rating scale, e.g. --rating-range '1,5'. A rating outside it is an error, and targets are "
                    + "scaled with its ends (default: the lowest and highest training ratings).")
    String ratingRangeText;

    @Option(names = "--split", paramLabel = "KIND", defaultValue = "random",
            description = "Per-user holdout: random or temporal (last part by timestamp). Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of each user's interactions held out for the test (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share of the training part used for early stopping, 0 for none (default ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Stop after N epochs without a better validation loss; 0 never stops early (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.001", description = "Learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--lr-schedule", paramLabel = "KIND", defaultValue = "constant",
            description = "constant, step (halve every 3 epochs) or cosine (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam, adamw or sgd (momentum 0.9) (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0.0001",
            description = "AdamW's decoupled weight decay (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "mse",
            description = "mse (explicit ratings scaled to [-1, 1]) or bce (implicit: liked = rating >= --positive-threshold, sampled negatives) (default ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--positive-threshold", paramLabel = "R", defaultValue = "4.0",
            description = "bce: ratings at or above this are positives (default ${DEFAULT-VALUE}).")
    float positiveThreshold;

    @Option(names = "--negatives", paramLabel = "N", defaultValue = "4",
            description = "bce: sampled negatives per positive, fresh each epoch (default ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--user-layers", paramLabel = "SIZES", defaultValue = "256,128,32",
            description = "User tower layer sizes (default ${DEFAULT-VALUE}).")
    String userLayers;

    @Option(names = "--item-layers", paramLabel = "SIZES", defaultValue = "256,128,32",
            description = "Item tower layer sizes (default ${DEFAULT-VALUE}).")
    String itemLayers;

    @Option(names = "--no-interaction-stats",
            description = "Table format: do not add per-user and per-item rating count and average as features.")
    boolean noInteractionStats;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "K of the ranking metrics (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--relevant", paramLabel = "R", defaultValue = "4.0",
            description = "A test rating at or above this is relevant for ranking metrics (default ${DEFAULT-VALUE}).")
    float relevantThreshold;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "out/recsys.model",
            description = "Where to save the model (default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--metrics-json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path metricsJson;

    @Option(names = "--history", paramLabel = "FILE", defaultValue = "out/history.csv",
            description = "Loss history CSV (default ${DEFAULT-VALUE}).")
    Path history;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3",
            description = "Print recommendations for N sample users (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Write a checkpoint (weights, optimizer, RNG, epoch) every N epochs; 0 = only on Ctrl-C (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file (default: the model path + .ckpt).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue from a checkpoint; give the same data and flags as the run that wrote it "
                    + "(--epochs may grow; a lower --lr, say after a divergence, is allowed but makes the run differ from an uninterrupted one).")
    Path resume;

    @Option(names = "--diagnostics",
            description = "Per layer and epoch: gradient norm, update/weight ratio, dead ReLU fraction (CSV beside the model + summary).")
    boolean diagnostics;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write PNG plots: loss curves, a 2-D PCA map of item vectors, predicted vs true ratings.")
    Path plots;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        RatingRange ratingRange = null;
        if (ratingRangeText != null) {
            try {
                ratingRange = RatingRange.parse(ratingRangeText);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--rating-range " + e.getMessage());
            }
        }
        TrainJob.Settings settings = new TrainJob.Settings(
                DataOptions.resolveData(data), format, schema, ratingRange, split, testFraction, validationFraction, patience,
                epochs, batch, learningRate, schedule, optimizer, weightDecay, loss, positiveThreshold, negatives,
                Flags.layerSizes("--user-layers", userLayers), Flags.layerSizes("--item-layers", itemLayers),
                !noInteractionStats, seed, k, relevantThreshold, model, metricsJson, history, samples,
                checkpointEvery, checkpoint, resume, diagnostics, plots);
        settings.validate();
        new TrainJob(settings, spec.commandLine().getOut(), System.err).run();
        return 0;
    }
}
