package io.twotower.recsys.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.optim.Adam;
import io.twotower.recsys.app.DataSource;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping keeps the best epoch's weights. The validation examples are the training pairs with the
 * opposite target (-1 where training asks for +1), so whatever brings the scores towards +1 takes them
 * away from -1: the validation loss is best after epoch 1 and worse after epoch 2, and with patience 1 the
 * run stops there and must put epoch 1's weights back.
 */
class EarlyStoppingTest {
    @TempDir
    Path dir;

    @Test
    void aRisingValidationLossStopsTheRunAndRestoresTheBestEpochsWeights() throws Exception {
        Dataset data = SyntheticDataset.generate(5, 30, 20, 10);
        int[] rows = new int[data.size()];
        for (int r = 0; r < rows.length; r++) rows[r] = r;
        FeaturePipeline features = FeaturePipeline.fit(data, rows, FeatureOptions.defaults());
        int[] users = new int[rows.length], items = new int[rows.length];
        for (int r : rows) {
            users[r] = data.user(r);
            items[r] = data.item(r);
        }
        float[] up = new float[rows.length], down = new float[rows.length];
        Arrays.fill(up, 1f);
        Arrays.fill(down, -1f);
        TrainingExamples training = new TrainingExamples(users, items, up), validation = new TrainingExamples(users, items, down);
        Catalog catalog = DataSource.catalog(data, rows);
        TwoTowerModel model = TwoTowerModel.initialise(new ModelConfig(new int[] {16, 8}, new int[] {16, 8},
                ModelConfig.Objective.RATING, ModelConfig.DEFAULT_LOGIT_SCALE), features, catalog, new Rng(1));
        Trainer trainer = new Trainer(model, new MeanSquaredError(), new Adam(model.parameters(), 0.01f),
                new TrainingOptions(10, 32, 1, 1));
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        trainer.checkpointing(checkpoints::add, 1, "test");
        Trainer.Listener order = new Trainer.Listener() {
            @Override public void onEpochStart(int epoch, int steps) { calls.add("start " + epoch); }
            @Override public void onStep(int epoch, int step, int steps, double loss, long examples) { if (step == 1) calls.add("step 1"); }
            @Override public void onEpoch(EpochStats stats) { calls.add("end " + stats.epoch()); }
        };

        Trainer.Result result = trainer.train(epoch -> training, validation, new Rng(2), order);

        assertTrue(result.history().get(1).validationLoss() > result.history().get(0).validationLoss(), result.history().toString());
        assertEquals(2, result.history().size());
        assertEquals(1, result.bestEpoch());
        assertTrue(result.stoppedEarly());
        assertEquals(2, result.epochsTrained());
        assertEquals(List.of("start 1", "step 1", "end 1", "start 2", "step 1", "end 2"), calls, "the epoch's clock starts before its first step");

        // Epoch 1's checkpoint holds its weights; epoch 2's remembers them as the best.
        assertEquals(2, checkpoints.size());
        Checkpoint first = checkpoints.get(0), second = checkpoints.get(1);
        assertEquals(1, second.bestEpoch());
        Path file = dir.resolve("best.model");
        model.save(file);
        List<Tensor> reloaded = TwoTowerModel.load(file).parameters();
        for (Tensor p : reloaded) {
            assertArrayEquals(first.params().get(p.name()), p.data(), p.name());
            assertArrayEquals(second.bestParams().get(p.name()), p.data(), p.name());
        }
        assertFalse(Arrays.equals(second.params().get("user_tower.dense0.kernel"), first.params().get("user_tower.dense0.kernel")),
                "epoch 2 moved the weights, so restoring them is visible");
    }
}
