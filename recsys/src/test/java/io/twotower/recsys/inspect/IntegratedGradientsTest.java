package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.optim.Adam;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.Trainer;
import io.twotower.recsys.train.TrainingOptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integrated gradients on small models of the default shape family (ReLU, ReLU, linear, then
 * L2-normalise and dot), on the synthetic dataset.
 *
 * <p>Tolerance of the additivity check. Σ IG − (s(x) − s(x')) is exactly the trapezoid rule's error on
 * ∫₀¹ f(α) dα with f(α) = ∇s(x(α))·(x − x'); float32 rounding of the weighted sums adds ~1e-6.
 * <ul>
 *   <li>Towers without ReLU (one linear layer each): f is smooth, the error is ≤ max|f''| / (12 m²),
 *       measured 3.1e-4 at m = 64 and 1.2e-6 at m = 1024 (f'' ~ 15); we assert 1e-3 and 1e-5, and that
 *       the gap falls by more than 100 from m = 64 to m = 1024 (the 1/m² law predicts 256).</li>
 *   <li>With ReLU layers, each unit that switches on or off along the path makes f jump by some J, and
 *       the rule errs by up to J/(2m) per switch: an O(1/m) error whose size depends on where the
 *       switches fall between the grid points (so it does not even shrink monotonically with m).
 *       Measured worst over 10 pairs: 5.2e-3 at m = 64, 5.6e-4 at m = 1024. We assert 1e-2 and 2e-3:
 *       loose enough for the kinks, tight enough to fail for a wrong quadrature weight, a missing
 *       (x − x') factor or a sign error, which all err by O(s(x) − s(x')) ≈ 0.1 to 1.</li>
 * </ul>
 */
class IntegratedGradientsTest {
    private static final int[] LAYERS = {32, 16, 8};

    private static TwoTowerModel trainedModel() {
        Dataset d = SmallModels.synthetic(5);
        TwoTowerModel model = SmallModels.model(d, LAYERS, 5);
        // A few epochs so that the weights are not just their initial draw.
        new Trainer(model, new MeanSquaredError(),
                new Adam(model.parameters(), 0.01f),
                new TrainingOptions(3, 64, 5, 0))
                .train(epoch -> SmallModels.examples(d, model), null, new Rng(5), null);
        return model;
    }

    /** s(x) from the inference path (embed, then the cosine): independent of the explanation's graph. */
    private static float inferenceScore(TwoTowerModel model, float[] user, float[] item) {
        float[] u = model.embedUserFeatures(user), v = model.embedItemFeatures(item);
        return TwoTowerModel.score(u, 0, v, 0, model.embeddingDim());
    }

    @Test
    void contributionsAddUpToTheScoreDifference() {
        TwoTowerModel model = trainedModel();
        float[] zeroUser = new float[model.features().userDim()], zeroItem = new float[model.features().itemDim()];
        double worst64 = 0, worst1024 = 0;
        for (int pair = 0; pair < 10; pair++) {
            int user = (7 * pair) % model.catalog().numUsers(), item = (13 * pair + 3) % model.catalog().numItems();
            float[] x = model.features().userFeatures(user), y = model.features().itemFeatures(item);
            Explanation e = IntegratedGradients.explain(model, x, y, zeroUser, zeroItem, 64, "zero");
            // The explained scores are the model's: the end points of the path through the same towers.
            assertEquals(inferenceScore(model, x, y), e.score(), 1e-5);
            assertEquals(inferenceScore(model, zeroUser, zeroItem), e.baselineScore(), 1e-5);
            double difference = (double) e.score() - e.baselineScore();
            worst64 = Math.max(worst64, Math.abs(e.total() - difference));
            Explanation fine = IntegratedGradients.explain(model, x, y, zeroUser, zeroItem, 1024, "zero");
            worst1024 = Math.max(worst1024, Math.abs(fine.total() - difference));
        }
        System.out.printf("IG additivity: max |sum - (s(x) - s(x'))| = %.2e at 64 steps, %.2e at 1024 steps%n", worst64, worst1024);
        assertTrue(worst64 < 1e-2, "64 steps: gap " + worst64);
        assertTrue(worst1024 < 2e-3, "1024 steps: gap " + worst1024);
    }

    /** Linear towers (no ReLU): the integrand is smooth and the gap falls as 1/m² (see the class comment). */
    @Test
    void smoothTowersReachCompletenessToQuadratureAccuracy() {
        Dataset d = SmallModels.synthetic(6);
        TwoTowerModel model = SmallModels.model(d, new int[] {8}, 6);
        // Non-zero biases: with b = 0 the path's start x' = 0 maps to the zero vector, where the L2
        // normalisation is singular (s jumps from 0 to its value for α > 0) and no quadrature can help.
        for (Tensor p : model.parameters()) {
            if (p.name().endsWith(".bias")) for (int j = 0; j < p.size(); j++) p.data()[j] = (float) (0.5 * Math.cos(j + p.name().length()));
        }
        float[] zeroUser = new float[model.features().userDim()], zeroItem = new float[model.features().itemDim()];
        double worst64 = 0, worst1024 = 0;
        for (int pair = 0; pair < 10; pair++) {
            float[] x = model.features().userFeatures(3 * pair), y = model.features().itemFeatures(5 * pair);
            worst64 = Math.max(worst64, Math.abs(IntegratedGradients.explain(model, x, y, zeroUser, zeroItem, 64, "zero").additivityGap()));
            worst1024 = Math.max(worst1024, Math.abs(IntegratedGradients.explain(model, x, y, zeroUser, zeroItem, 1024, "zero").additivityGap()));
        }
        System.out.printf("IG additivity, linear towers: max gap %.2e at 64 steps, %.2e at 1024 steps%n", worst64, worst1024);
        assertTrue(worst64 < 1e-3, "64 steps: gap " + worst64);
        assertTrue(worst1024 < 1e-5, "1024 steps: gap " + worst1024);
        // Second order: 16 times the steps, (16)² = 256 times smaller (measured 273); an O(1/m) error gives 16.
        assertTrue(worst64 / worst1024 > 100, "convergence ratio " + worst64 / worst1024);
    }

    /** A feature equal to its baseline value contributes nothing; explaining x against itself gives all zeros. */
    @Test
    void featuresAtTheirBaselineContributeNothing() {
        TwoTowerModel model = trainedModel();
        float[] x = model.features().userFeatures(2), y = model.features().itemFeatures(4);
        Explanation self = IntegratedGradients.explain(model, x, y, x, y, 16, "self");
        for (Explanation.Contribution c : self.ranked()) assertEquals(0.0, c.contribution(), 0.0);
        assertEquals(self.score(), self.baselineScore(), 0f);

        float[] partly = Arrays.copyOf(x, x.length);
        partly[0] += 1f; // only user feature 0 differs from the baseline
        Explanation one = IntegratedGradients.explain(model, partly, y, x, y, 64, "x");
        for (Explanation.Contribution c : one.ranked()) {
            if (!(c.tower().equals("user") && c.feature().equals(model.features().userFeatureNames().get(0)))) {
                assertEquals(0.0, c.contribution(), 0.0, c.feature());
            }
        }
        // With one coordinate moving, IG_0 = ∫ ∂s/∂x_0 dx_0 = s(x + e_0) − s(x), up to the quadrature error.
        assertEquals(inferenceScore(model, partly, y) - inferenceScore(model, x, y), one.user().get(0).contribution(), 1e-2);
    }

    /** The ranking puts the largest |contribution| first and names every feature of both towers once. */
    @Test
    void rankedListsEveryFeatureByMagnitude() {
        TwoTowerModel model = trainedModel();
        Explanation e = IntegratedGradients.explain(model, model.features().userFeatures(1), model.features().itemFeatures(1),
                new float[model.features().userDim()], new float[model.features().itemDim()], 32, "zero");
        var ranked = e.ranked();
        assertEquals(model.features().userDim() + model.features().itemDim(), ranked.size());
        for (int r = 1; r < ranked.size(); r++) {
            assertTrue(Math.abs(ranked.get(r - 1).contribution()) >= Math.abs(ranked.get(r).contribution()));
        }
    }

    @Test
    void rejectsVectorsOfTheWrongLength() {
        TwoTowerModel model = SmallModels.model(SmallModels.synthetic(5), LAYERS, 5);
        float[] user = new float[model.features().userDim()], item = new float[model.features().itemDim()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntegratedGradients.explain(model, new float[3], item, user, item, 8, "zero"));
        assertTrue(e.getMessage().contains("user features have 3 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntegratedGradients.explain(model, user, item, user, item, 0, "zero"));
    }
}
