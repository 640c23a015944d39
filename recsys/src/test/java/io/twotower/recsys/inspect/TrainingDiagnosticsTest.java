package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.nn.Dense;
import io.twotower.engine.optim.Adam;
import io.twotower.engine.optim.Optimizer;
import io.twotower.engine.optim.Sgd;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.EpochStats;
import io.twotower.recsys.train.Trainer;
import io.twotower.recsys.train.TrainingExamples;
import io.twotower.recsys.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Diagnostics on tiny synthetic runs: 600 ratings, towers 16 -> 8 -> 4. */
class TrainingDiagnosticsTest {
    private static final int[] LAYERS = {16, 8, 4};
    private static final List<String> LAYER_NAMES = List.of("user_tower.dense0", "user_tower.dense1", "user_tower.dense2",
            "item_tower.dense0", "item_tower.dense1", "item_tower.dense2");

    private static TrainingDiagnostics train(TwoTowerModel model, Dataset d, Optimizer optimizer, int epochs, int batch) {
        TrainingExamples examples = SmallModels.examples(d, model);
        TrainingDiagnostics diagnostics = TrainingDiagnostics.create(model, examples);
        new Trainer(model, new MeanSquaredError(), optimizer, new TrainingOptions(epochs, batch, 9, 0))
                .train(epoch -> examples, null, new Rng(9), diagnostics);
        return diagnostics;
    }

    @Test
    void oneRecordPerLayerAndEpochWithSaneValues() {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        TrainingDiagnostics diagnostics = train(model, d, new Adam(model.parameters(), 0.01f), 3, 64);
        List<TrainingDiagnostics.Record> records = diagnostics.records();
        assertEquals(3 * LAYER_NAMES.size(), records.size());
        for (int r = 0; r < records.size(); r++) {
            TrainingDiagnostics.Record rec = records.get(r);
            assertEquals(r / LAYER_NAMES.size() + 1, rec.epoch());
            assertEquals(LAYER_NAMES.get(r % LAYER_NAMES.size()), rec.layer());
            assertTrue(rec.gradientNorm() > 0 && Double.isFinite(rec.gradientNorm()), rec.toString());
            assertTrue(rec.updateRatio() > 0 && rec.updateRatio() < 1, rec.toString());
            boolean linear = rec.layer().endsWith("dense2");
            if (linear) assertTrue(Double.isNaN(rec.deadFraction()), rec.toString());
            else assertTrue(rec.deadFraction() >= 0 && rec.deadFraction() <= 1, rec.toString());
        }
    }

    /**
     * A bias of -1000 makes every pre-activation of the user tower's first layer negative (inputs are
     * standardised, |x·W| is a few units at most): all its ReLU units are dead for every example, so it
     * reports 1.0, and no gradient reaches its kernel (the ReLU passes none back): norm exactly 0.
     */
    @Test
    void aLayerForcedDeadReportsOne() {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        Dense first = (Dense) model.userTower().layers().get(0);
        Arrays.fill(first.bias().data(), -1000f);
        TrainingDiagnostics diagnostics = train(model, d, new Adam(model.parameters(), 0.01f), 2, 64);
        for (TrainingDiagnostics.Record rec : diagnostics.records()) {
            if (rec.layer().equals("user_tower.dense0")) {
                assertEquals(1.0, rec.deadFraction(), 0.0);
                assertEquals(0.0, rec.gradientNorm(), 0.0);
            }
            if (rec.layer().equals("item_tower.dense0")) assertTrue(rec.deadFraction() < 1.0, rec.toString());
        }
    }

    /**
     * Plain SGD without momentum, one full batch per epoch, one epoch: the update is exactly
     * ΔW = −lr·∂L/∂W, so ||ΔW|| / ||W|| = lr · (gradient norm) / ||W₀||, with ||W₀|| measured here
     * before training. (Float rounding of W + ΔW: relative error ~1e-3 of the tiny ΔW at most.)
     */
    @Test
    void updateRatioOfPlainSgdIsLearningRateTimesGradientOverWeight() {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        double[] initialNorms = new double[LAYER_NAMES.size()];
        int l = 0;
        for (var tower : List.of(model.userTower(), model.itemTower())) {
            for (var layer : tower.layers()) initialNorms[l++] = WeightStats.l2(((Dense) layer).kernel().data());
        }
        float lr = 0.05f;
        TrainingDiagnostics diagnostics = train(model, d, new Sgd(model.parameters(), lr, 0f), 1, d.size());
        List<TrainingDiagnostics.Record> records = diagnostics.records();
        for (int i = 0; i < records.size(); i++) {
            TrainingDiagnostics.Record rec = records.get(i);
            double expected = lr * rec.gradientNorm() / initialNorms[i];
            assertEquals(expected, rec.updateRatio(), 1e-3 * expected, rec.layer());
        }
    }

    @Test
    void writesCsvAndSummary(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        TrainingDiagnostics diagnostics = train(model, d, new Adam(model.parameters(), 0.01f), 2, 64);
        Path csv = dir.resolve("sub/diagnostics.csv");
        diagnostics.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,layer,grad_norm,update_ratio,dead_fraction", lines.get(0));
        assertEquals(1 + 2 * LAYER_NAMES.size(), lines.size());
        assertTrue(lines.get(1).startsWith("1,user_tower.dense0,"), lines.get(1));
        assertTrue(lines.get(3).endsWith(","), "a linear layer has no dead fraction: " + lines.get(3));
        String summary = diagnostics.summary();
        for (String layer : LAYER_NAMES) assertTrue(summary.contains(layer), summary);
        assertTrue(summary.contains("epoch 1 -> epoch 2"), summary);
        // Written whole under its name: no temporary file is left beside it.
        try (var files = Files.list(csv.getParent())) {
            assertEquals(List.of("diagnostics.csv"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /** A CSV that cannot be written (a folder of that name is in the way) gives one line naming the file. */
    @Test
    void anUnwritableCsvIsNamedInOneLine(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        TrainingDiagnostics diagnostics = TrainingDiagnostics.create(model, SmallModels.examples(d, model));
        Path csv = dir.resolve("diagnostics.csv");
        Files.createDirectories(csv.resolve("inside"));
        IOException e = assertThrows(IOException.class, () -> diagnostics.writeCsv(csv));
        // The reason is the operating system's ("Is a directory" on Linux).
        assertTrue(e.getMessage().startsWith("cannot write " + csv + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("diagnostics.csv"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /**
     * The summary names the epoch whose weights early stopping keeps: the first with the lowest
     * validation loss. Losses 0.50, 0.40, 0.45, 0.41: epoch 2 (not the last, 4). With 0.50, 0.40, 0.40,
     * 0.30 the last is best: nothing to say. Without validation (NaN) nothing either. After a resume
     * (first epoch seen is 6) an earlier epoch may be the best, and the summary says so.
     */
    @Test
    void summaryNamesTheEpochWhoseWeightsAreKept() {
        assertTrue(summaryAfter(1, 0.50, 0.40, 0.45, 0.41)
                .contains("Weights restored to epoch 2 (lowest validation loss): the saved model is that epoch's"));
        assertFalse(summaryAfter(1, 0.50, 0.40, 0.40, 0.30).contains("restored"));
        assertFalse(summaryAfter(1, Double.NaN, Double.NaN).contains("restored"));
        String resumed = summaryAfter(6, 0.50, 0.40, 0.45);
        assertTrue(resumed.contains("epoch 6 -> epoch 8"), resumed);
        assertTrue(resumed.contains("Lowest validation loss since the resume: epoch 7; the saved model has the weights of the"
                + " best epoch of the whole run"), resumed);
    }

    /** The summary of diagnostics that saw epochs first, first + 1, ... end with these validation losses (no steps). */
    private static String summaryAfter(int first, double... validationLosses) {
        Dataset d = SmallModels.synthetic(9);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 9);
        TrainingDiagnostics diagnostics = TrainingDiagnostics.create(model, SmallModels.examples(d, model));
        for (int e = 0; e < validationLosses.length; e++) {
            diagnostics.onEpoch(new EpochStats(first + e, 0.5, validationLosses[e], 1, 1));
        }
        return diagnostics.summary();
    }
}
