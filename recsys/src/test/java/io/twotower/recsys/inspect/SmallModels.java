package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.recsys.app.DataSource;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.TrainingExamples;

/** Test helpers: small synthetic datasets and freshly initialised models on them. */
final class SmallModels {
    private SmallModels() {}

    /** 40 users x 60 items, 15 ratings each (600 rows); every row is a training row. */
    static Dataset synthetic(long seed) {
        return SyntheticDataset.generate(seed, 40, 60, 15);
    }

    static int[] allRows(Dataset d) {
        int[] rows = new int[d.size()];
        for (int r = 0; r < rows.length; r++) rows[r] = r;
        return rows;
    }

    /** A rating model on a dataset, both towers with the given layer sizes, weights drawn from seed. */
    static TwoTowerModel model(Dataset d, int[] layers, long seed) {
        return model(d, layers, seed, ModelConfig.Objective.RATING);
    }

    /** A model with the given objective on a dataset, both towers with the given layer sizes, weights drawn from seed. */
    static TwoTowerModel model(Dataset d, int[] layers, long seed, ModelConfig.Objective objective) {
        int[] rows = allRows(d);
        FeaturePipeline features = FeaturePipeline.fit(d, rows, FeatureOptions.defaults());
        Catalog catalog = DataSource.catalog(d, rows);
        ModelConfig config = new ModelConfig(layers, layers, objective, ModelConfig.DEFAULT_LOGIT_SCALE);
        return TwoTowerModel.initialise(config, features, catalog, new Rng(seed));
    }

    /** Every row of d as a training example, the rating scaled to [-1, 1]. */
    static TrainingExamples examples(Dataset d, TwoTowerModel model) {
        int n = d.size();
        int[] users = new int[n], items = new int[n];
        float[] targets = new float[n];
        for (int r = 0; r < n; r++) {
            users[r] = d.user(r);
            items[r] = d.item(r);
            targets[r] = model.features().scaleTarget(d.rating(r));
        }
        return new TrainingExamples(users, items, targets);
    }
}
