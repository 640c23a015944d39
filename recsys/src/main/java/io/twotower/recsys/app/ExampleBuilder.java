package io.twotower.recsys.app;

import io.twotower.engine.Rng;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.train.TrainingExamples;

/**
 * Turns interaction rows into training examples.
 * <ul>
 *   <li>Ratings: every row is one example, its target the rating scaled to [-1, 1].</li>
 *   <li>Implicit: rows rated at or above the threshold are positives (target 1); each positive brings
 *       {@code negatives} items drawn uniformly among those the user did not rate in training
 *       (target 0), drawn afresh every epoch from a seeded generator.</li>
 * </ul>
 */
final class ExampleBuilder {
    private final Dataset dataset;
    private final FeaturePipeline features;
    private final ModelConfig.Objective objective;
    private final float positiveThreshold;
    private final int negatives;
    private final Catalog catalog;
    private final long negativeSeed;
    private TrainingExamples ratingExamples;

    ExampleBuilder(Dataset dataset, FeaturePipeline features, ModelConfig.Objective objective,
                   float positiveThreshold, int negatives, Catalog catalog) {
        this(dataset, features, objective, positiveThreshold, negatives, catalog, 0x5eed);
    }

    ExampleBuilder(Dataset dataset, FeaturePipeline features, ModelConfig.Objective objective,
                   float positiveThreshold, int negatives, Catalog catalog, long negativeSeed) {
        this.dataset = dataset;
        this.features = features;
        this.objective = objective;
        this.positiveThreshold = positiveThreshold;
        this.negatives = negatives;
        this.catalog = catalog;
        this.negativeSeed = negativeSeed;
    }

    int examplesPerEpoch(int[] rows) {
        if (objective == ModelConfig.Objective.RATING) return rows.length;
        return countPositives(rows) * (1 + negatives);
    }

    /** The examples of one epoch: the same for ratings, fresh negatives for implicit feedback. */
    TrainingExamples forEpoch(int[] rows, int epoch) {
        if (objective == ModelConfig.Objective.RATING) {
            if (ratingExamples == null) ratingExamples = ratings(rows);
            return ratingExamples;
        }
        return implicit(rows, new Rng(negativeSeed + epoch));
    }

    /** Examples that do not change between epochs (validation), negatives drawn once from seed. */
    TrainingExamples fixed(int[] rows, long seed) {
        return objective == ModelConfig.Objective.RATING ? ratings(rows) : implicit(rows, new Rng(seed));
    }

    private TrainingExamples ratings(int[] rows) {
        int n = rows.length;
        int[] users = new int[n];
        int[] items = new int[n];
        float[] targets = new float[n];
        for (int e = 0; e < n; e++) {
            int row = rows[e];
            users[e] = dataset.user(row);
            items[e] = dataset.item(row);
            targets[e] = features.scaleTarget(dataset.rating(row));
        }
        return new TrainingExamples(users, items, targets);
    }

    private TrainingExamples implicit(int[] rows, Rng rng) {
        int n = countPositives(rows) * (1 + negatives);
        int[] users = new int[n];
        int[] items = new int[n];
        float[] targets = new float[n];
        int numItems = dataset.numItems();
        int e = 0;
        for (int row : rows) {
            if (dataset.rating(row) < positiveThreshold) continue;
            int user = dataset.user(row);
            users[e] = user;
            items[e] = dataset.item(row);
            targets[e++] = 1f;
            for (int j = 0; j < negatives; j++) {
                int item;
                int tries = 0;
                // Rejection sampling: users rate a tiny share of the catalog, so this ends fast.
                do {
                    item = rng.nextInt(numItems);
                } while (catalog.seen(user, item) && ++tries < 100);
                users[e] = user;
                items[e] = item;
                targets[e++] = 0f;
            }
        }
        return new TrainingExamples(users, items, targets);
    }

    private int countPositives(int[] rows) {
        int positives = 0;
        for (int row : rows) if (dataset.rating(row) >= positiveThreshold) positives++;
        return positives;
    }
}
