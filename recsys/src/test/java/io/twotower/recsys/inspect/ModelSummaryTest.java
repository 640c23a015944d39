package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.engine.nn.Dense;
import io.twotower.recsys.app.DataSource;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.MovieLensReader;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter counts of the default towers (256 -> 128 -> 32, ReLU, ReLU, linear), worked out by hand:
 * a dense layer in -> out has in·out weights and out biases.
 */
class ModelSummaryTest {

    /** The default model on the MovieLens data in {@code dir}, features fitted on every row. */
    private static TwoTowerModel defaultModel(Path dir) {
        Dataset d = MovieLensReader.read(dir);
        int[] rows = SmallModels.allRows(d);
        FeaturePipeline features = FeaturePipeline.fit(d, rows, FeatureOptions.defaults());
        return TwoTowerModel.initialise(ModelConfig.defaults(ModelConfig.Objective.RATING), features,
                DataSource.catalog(d, rows), new Rng(1));
    }

    /**
     * The committed tiny MovieLens fixture has G = 4 genres, so (as in MovieLensFeaturesTest) the user
     * tower takes 2 + G = 6 features and the item tower 4 + G = 8.
     * <pre>
     * user: 6·256 + 256 = 1,792;  256·128 + 128 = 32,896;  128·32 + 32 = 4,128;  total 38,816
     * item: 8·256 + 256 = 2,304;  32,896;                  4,128;               total 39,328
     * both: 78,144
     * </pre>
     */
    @Test
    void defaultTowersOnTheTinyFixture() {
        TwoTowerModel model = defaultModel(Fixtures.resource("tiny-movielens"));
        assertEquals(6, model.features().userDim());
        assertEquals(8, model.features().itemDim());
        ModelSummary summary = ModelSummary.of(model);
        assertEquals(38_816, summary.parameters("user"));
        assertEquals(39_328, summary.parameters("item"));
        assertEquals(78_144, summary.totalParameters());

        List<Long> userParams = summary.rows().stream().filter(r -> r.tower().equals("user")).map(ModelSummary.Row::parameters).toList();
        assertEquals(List.of(0L, 1_792L, 32_896L, 4_128L, 0L), userParams); // input, dense0..2, l2_normalize
        List<Integer> widths = summary.rows().stream().filter(r -> r.tower().equals("item")).map(ModelSummary.Row::outputWidth).toList();
        assertEquals(List.of(8, 256, 128, 32, 32), widths);
        assertTrue(summary.format().contains("Total params:      78,144"), summary.format());
    }

    /**
     * The real ml-latest-small (19 genres; skipped when the data is absent): user 2 + 19 = 21 features,
     * item 4 + 19 = 23.
     * <pre>
     * user: 21·256 + 256 = 5,632;  32,896;  4,128;  total 42,656
     * item: 23·256 + 256 = 6,144;  32,896;  4,128;  total 43,168
     * both: 85,824
     * </pre>
     */
    @Test
    void defaultTowersOnRealMovieLens() {
        Path real = Fixtures.realMovieLensDir();
        Assumptions.assumeTrue(real != null, "real ml-latest-small not present");
        TwoTowerModel model = defaultModel(real);
        assertEquals(21, model.features().userDim());
        assertEquals(23, model.features().itemDim());
        ModelSummary summary = ModelSummary.of(model);
        assertEquals(42_656, summary.parameters("user"));
        assertEquals(43_168, summary.parameters("item"));
        assertEquals(85_824, summary.totalParameters());
    }

    /** Weight statistics of a layer whose values are set by hand: kernel all 0.5, bias (3, -3, 0, ...). */
    @Test
    void weightStatisticsDescribeTheLayersValues() {
        TwoTowerModel model = SmallModels.model(SmallModels.synthetic(3), new int[] {4, 2}, 3);
        Dense first = (Dense) model.userTower().layers().get(0);
        Arrays.fill(first.kernel().data(), 0.5f);
        first.bias().data()[0] = 3f;
        first.bias().data()[1] = -3f;
        ModelSummary.Row row = ModelSummary.of(model).rows().get(1);
        assertEquals(first.name(), row.layer());
        int n = first.kernel().size();
        assertEquals(0.5, row.kernel().mean(), 1e-12);
        assertEquals(0.0, row.kernel().std(), 1e-12);
        assertEquals(0.5 * Math.sqrt(n), row.kernel().l2(), 1e-9);
        assertEquals(0.0, row.bias().mean(), 1e-12); // (3 - 3 + 0 + 0) / 4
        assertEquals(Math.sqrt(18), row.bias().l2(), 1e-9);
    }

    /** The feature names each tower takes are listed, numbered, as the pipeline names them. */
    @Test
    void listsTheFeatureNamesOfEachTower() {
        TwoTowerModel model = defaultModel(Fixtures.resource("tiny-movielens"));
        String text = ModelSummary.of(model).format();
        assertTrue(text.contains("User tower input features (6):"), text);
        assertTrue(text.contains("    2  avg_rating:Comedy"), text);
        assertTrue(text.contains("Item tower input features (8):"), text);
        assertTrue(text.contains("    7  genres=Sci-Fi"), text);
    }
}
