package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import io.twotower.recsys.model.TwoTowerModel;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, end to end, on the built-in synthetic dataset (users with hidden tastes their features reveal). */
class TrainJobTest {
    @TempDir
    Path dir;

    @Test
    void learnsTheSyntheticTastesBetterThanEveryBaseline() throws Exception {
        StringWriter printed = new StringWriter();
        TrainJob.Outcome outcome = SmallRuns.run(SmallRuns.synthetic(dir, 6), printed);

        double model = outcome.modelMetrics().rmse();
        double bias = outcome.baselines().get("bias").rmse();
        double globalMean = outcome.baselines().get("global_mean").rmse();
        assertTrue(model < bias && bias < globalMean, "rmse model " + model + ", bias " + bias + ", mean " + globalMean);
        // The features reveal the tastes: the towers should land well below the bias model.
        assertTrue(model < 0.8 * bias, "rmse model " + model + " vs bias " + bias);
        assertNotNull(outcome.modelMetrics().ndcg());
        assertTrue(printed.toString().contains("two-tower"), printed.toString());
        assertEquals(6, outcome.history().size());
    }

    @Test
    void writesMetricsJsonHistoryAndModel() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 2);
        SmallRuns.run(settings, new StringWriter());

        String json = Files.readString(settings.metricsJson());
        for (String key : List.of("\"model\"", "\"baselines\"", "\"global_mean\"", "\"bias\"", "\"popular\"",
                "\"rmse\"", "\"ndcg@10\"", "\"train_seconds\"", "\"epochs\": 2", "\"epoch_seconds\"")) {
            assertTrue(json.contains(key), key + " missing in " + json);
        }
        List<String> history = Files.readAllLines(settings.history());
        assertEquals("epoch,train_loss,val_loss,step_seconds,examples_per_second", history.get(0));
        assertEquals(3, history.size());
        assertTrue(Files.size(settings.model()) > 0);
    }

    /**
     * The model is written as soon as the training ends, before the evaluation (which Ctrl-C may then
     * interrupt without losing it), into a folder made before the training started.
     */
    @Test
    void theModelIsSavedIntoANewFolderBeforeTheEvaluation() throws Exception {
        Path model = dir.resolve("new/deeper/m.model");
        StringWriter printed = new StringWriter();
        SmallRuns.run(SmallRuns.withEpochs(SmallRuns.synthetic(dir, 1), 1, model), printed);
        String text = printed.toString();
        int saved = text.indexOf("Model saved to " + model), metrics = text.indexOf("Test metrics");
        assertTrue(saved >= 0 && metrics > saved, text);
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 2);
        TwoTowerModel first = SmallRuns.run(SmallRuns.withEpochs(settings, 2, dir.resolve("a.model")), new StringWriter()).model();
        TwoTowerModel second = SmallRuns.run(SmallRuns.withEpochs(settings, 2, dir.resolve("b.model")), new StringWriter()).model();
        List<Tensor> a = first.parameters(), b = second.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), a.get(i).name());
    }

    /**
     * With --diagnostics the trainer runs backward, the listener, then a separate optimizer step; without,
     * it fuses each tower's update into that tower's backward on its own core. Same weights, bit for bit,
     * on one thread and on two.
     */
    @Test
    void fusingTheUpdateIntoEachTowersBackwardChangesNoBit() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 2);
        TrainJob.Settings separate = new TrainJob.Settings(settings.data(), settings.format(), settings.schema(), settings.ratingRange(), settings.split(),
                settings.testFraction(), settings.validationFraction(), settings.patience(), settings.epochs(), settings.batchSize(),
                settings.learningRate(), settings.schedule(), settings.optimizer(), settings.weightDecay(), settings.loss(),
                settings.positiveThreshold(), settings.negatives(), settings.userLayers(), settings.itemLayers(),
                settings.interactionStats(), settings.seed(), settings.k(), settings.relevantThreshold(), dir.resolve("separate.model"),
                null, dir.resolve("separate.csv"), settings.samples(), 0, null, null, true, null);
        int saved = io.twotower.engine.kernels.Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                io.twotower.engine.kernels.Parallel.setThreads(threads);
                TwoTowerModel fused = SmallRuns.run(SmallRuns.withEpochs(settings, 2, dir.resolve("fused.model")), new StringWriter()).model();
                TwoTowerModel unfused = SmallRuns.run(separate, new StringWriter()).model();
                List<Tensor> a = fused.parameters(), b = unfused.parameters();
                for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), threads + " threads: " + a.get(i).name());
            }
        } finally {
            io.twotower.engine.kernels.Parallel.setThreads(saved);
        }
    }

    @Test
    void implicitFeedbackTrainsARankerWithoutRatingMetrics() throws Exception {
        TrainJob.Outcome outcome = SmallRuns.run(SmallRuns.withLoss(SmallRuns.synthetic(dir, 3), "bce"), new StringWriter());
        assertNull(outcome.modelMetrics().rmse(), "a click model predicts no ratings");
        double ndcg = outcome.modelMetrics().ndcg();
        double popular = outcome.baselines().get("popular").ndcg();
        assertTrue(ndcg > popular, "ndcg model " + ndcg + " vs popular " + popular);
    }
}
