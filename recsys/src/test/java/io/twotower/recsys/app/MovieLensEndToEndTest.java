package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.recsys.data.Fixtures;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's promise on the reference data: with the README's default settings (per-user random 20%
 * holdout, features from the training part only, towers 256-128-32, Adam 1e-3, batch 256, up to 10
 * epochs with early stopping) the two towers beat the regularised bias baseline's test RMSE.
 * Needs ml-latest-small (see {@link Fixtures#requireRealMovieLensOrSkip()}; CI requires it).
 */
class MovieLensEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void twoTowersBeatTheBiasBaselineOnMovieLens() throws Exception {
        Path data = Fixtures.requireRealMovieLensOrSkip();
        TrainJob.Settings settings = new TrainJob.Settings(data.toString(), null, null, null, "random", 0.2, 0.1, 3, 10, 256,
                0.001f, "constant", "adam", 0f, "mse", 4.0f, 4, new int[] {256, 128, 32}, new int[] {256, 128, 32},
                true, 42L, 10, 4.0f, dir.resolve("m.model"), dir.resolve("metrics.json"), null, 0, 0, null, null, false, null);
        StringWriter printed = new StringWriter();
        TrainJob.Outcome outcome = SmallRuns.run(settings, printed);
        System.out.println(printed);

        assertEquals(610, outcome.model().catalog().numUsers());
        assertEquals(9_742, outcome.model().catalog().numItems());
        double model = outcome.modelMetrics().rmse();
        double bias = outcome.baselines().get("bias").rmse();
        double globalMean = outcome.baselines().get("global_mean").rmse();
        assertTrue(globalMean > 1.0 && globalMean < 1.1, "global mean rmse " + globalMean);
        assertTrue(bias > 0.85 && bias < 0.90, "bias rmse " + bias);
        assertTrue(model < bias, "two-tower rmse " + model + " must beat the bias baseline's " + bias);
    }
}
