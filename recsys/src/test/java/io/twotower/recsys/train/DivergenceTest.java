package io.twotower.recsys.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.optim.Adam;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loss that turns NaN stops training with a message naming epoch and step, and leaves the weights
 * of the last finished epoch. The NaN comes from a user-defined loss (the public Loss interface), the
 * way a custom loss with a bug would produce one.
 */
class DivergenceTest {

    /** Mean of the predictions, until its forward has run `healthyForwards` times; NaN after that. */
    static final class PoisonedLoss implements Loss {
        final int healthyForwards;

        PoisonedLoss(int healthyForwards) {
            this.healthyForwards = healthyForwards;
        }

        @Override
        public Tensor compute(Graph g, Tensor prediction, Tensor target) {
            Op op = new Op("poisoned", Tensor.zeros(1), prediction) {
                int forwards;

                @Override
                public void forward() {
                    float sum = 0;
                    for (float p : prediction.data()) sum += p;
                    output().data()[0] = ++forwards > healthyForwards ? Float.NaN : sum / prediction.size();
                }

                @Override
                public void backward() {
                    if (!prediction.requiresGrad()) return;
                    float[] dp = prediction.grad();
                    for (int i = 0; i < dp.length; i++) dp[i] += output().grad()[0] / prediction.size();
                }
            };
            op.forward();
            if (g != null) g.record(op);
            return op.output();
        }

        @Override
        public String name() {
            return "poisoned";
        }
    }

    @Test
    void nanLossStopsWithEpochAndStepAndKeepsTheLastGoodWeights() {
        Dataset data = SyntheticDataset.generate(3, 40, 30, 10);
        Split split = Splits.randomHoldout(data, 0.2, 3);
        FeaturePipeline features = FeaturePipeline.fit(data, split.train(), FeatureOptions.defaults());
        int[] rows = split.train();
        int[] users = new int[rows.length], items = new int[rows.length];
        float[] targets = new float[rows.length];
        for (int e = 0; e < rows.length; e++) {
            users[e] = data.user(rows[e]);
            items[e] = data.item(rows[e]);
        }
        TrainingExamples examples = new TrainingExamples(users, items, targets);
        Catalog catalog = Catalog.of(new String[40], new String[30], new String[30], new String[30], new int[0], new int[0]);
        TwoTowerModel model = TwoTowerModel.initialise(ModelConfig.defaults(ModelConfig.Objective.RATING), features, catalog, new Rng(1));
        int batch = 32;
        int stepsPerEpoch = (rows.length + batch - 1) / batch;
        // The graph's first forward happens when it is built; the first epoch then runs fine and the
        // second one turns NaN at its third step.
        PoisonedLoss loss = new PoisonedLoss(1 + stepsPerEpoch + 2);
        Trainer trainer = new Trainer(model, loss, new Adam(model.parameters(), 0.01f), new TrainingOptions(5, batch, 1, 0));
        float[][] afterFirstEpoch = new float[model.parameters().size()][];
        Trainer.Listener remember = new Trainer.Listener() {
            @Override
            public void onEpoch(EpochStats stats) {
                List<Tensor> params = model.parameters();
                for (int i = 0; i < params.size(); i++) afterFirstEpoch[i] = params.get(i).data().clone();
            }
        };

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(epoch -> examples, null, new Rng(2), remember));

        assertEquals(2, e.epoch());
        assertEquals(3, e.step());
        assertTrue(e.getMessage().contains("epoch 2, step 3") && e.getMessage().contains("lower learning rate"), e.getMessage());
        List<Tensor> params = model.parameters();
        for (int i = 0; i < params.size(); i++) assertArrayEquals(afterFirstEpoch[i], params.get(i).data(), params.get(i).name());
    }
}
