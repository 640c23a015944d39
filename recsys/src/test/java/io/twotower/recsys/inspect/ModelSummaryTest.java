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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter counts of the default towers (256 -> 128 -> 32, ReLU, ReLU, linear), worked out by hand:
 * a dense layer in -> out has in·out weights and out biases. The input widths are counted from the
 * data file itself (the genres in movies.csv), not taken from the pipeline under test.
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
     * The distinct genres of a movies.csv, read without the project's CSV reader: genres is the last
     * field of each line (titles may hold commas, genres never do), values separated by '|', and
     * "(no genres listed)" is no genre.
     */
    private static int countGenres(Path moviesCsv) throws IOException {
        Set<String> genres = new TreeSet<>();
        List<String> lines = Files.readAllLines(moviesCsv);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            for (String g : line.substring(line.lastIndexOf(',') + 1).trim().split("\\|")) {
                if (!g.isEmpty() && !g.equals("(no genres listed)")) genres.add(g);
            }
        }
        return genres.size();
    }

    /**
     * The input widths from G genres. User: rating_count, avg_rating, and avg_rating:&lt;genre&gt; for each
     * genre: 1 + 1 + G. Item: year, year_missing (the flag for a title without a year), avg_rating,
     * rating_count, and the multi-hot genres=&lt;genre&gt; for each genre: 1 + 1 + 1 + 1 + G.
     */
    private static int userInputs(int genres) { return 1 + 1 + genres; }

    private static int itemInputs(int genres) { return 1 + 1 + 1 + 1 + genres; }

    /** The committed tiny MovieLens fixture has G = 4 genres: 6 user and 8 item inputs. */
    @Test
    void defaultTowersOnTheTinyFixture() throws IOException {
        Path dir = Fixtures.resource("tiny-movielens");
        int genres = countGenres(dir.resolve("movies.csv"));
        assertEquals(4, genres);
        TwoTowerModel model = defaultModel(dir);
        assertEquals(6, userInputs(genres));
        assertEquals(8, itemInputs(genres));
        assertEquals(userInputs(genres), model.features().userDim());
        assertEquals(itemInputs(genres), model.features().itemDim());

        long userDense0 = 6 * 256 + 256;     //  1,792
        long itemDense0 = 8 * 256 + 256;     //  2,304
        long dense1 = 256 * 128 + 128;       // 32,896 (both towers)
        long dense2 = 128 * 32 + 32;         //  4,128 (both towers)
        long user = userDense0 + dense1 + dense2, item = itemDense0 + dense1 + dense2;
        ModelSummary summary = ModelSummary.of(model);
        assertEquals(user, summary.parameters("user"));
        assertEquals(item, summary.parameters("item"));
        assertEquals(user + item, summary.totalParameters());
        assertEquals(List.of(0L, userDense0, dense1, dense2, 0L), layerParameters(summary, "user")); // input, dense0..2, l2_normalize
        assertEquals(List.of(0L, itemDense0, dense1, dense2, 0L), layerParameters(summary, "item"));
        List<Integer> widths = summary.rows().stream().filter(r -> r.tower().equals("item")).map(ModelSummary.Row::outputWidth).toList();
        assertEquals(List.of(8, 256, 128, 32, 32), widths);
        assertTrue(summary.format().contains("Total params:      78,144"), summary.format()); // 38,816 + 39,328
    }

    /**
     * The real ml-latest-small: movies.csv lists 19 genres (and "(no genres listed)" for 34 films), so the
     * user tower takes 1 + 1 + 19 = 21 inputs and the item tower 1 + 1 + 1 + 1 + 19 = 23. Skipped where
     * the data is absent, except in CI ({@link Fixtures#requireRealMovieLensOrSkip()}).
     * <pre>
     * user: 21·256 + 256 = 5,632;  256·128 + 128 = 32,896;  128·32 + 32 = 4,128;  total 42,656
     * item: 23·256 + 256 = 6,144;  32,896;                  4,128;                total 43,168
     * both: 42,656 + 43,168 = 85,824
     * </pre>
     */
    @Test
    void defaultTowersOnRealMovieLens() throws IOException {
        Path real = Fixtures.requireRealMovieLensOrSkip();
        int genres = countGenres(real.resolve("movies.csv"));
        assertEquals(19, genres);
        assertEquals(21, userInputs(genres));
        assertEquals(23, itemInputs(genres));
        TwoTowerModel model = defaultModel(real);
        assertEquals(userInputs(genres), model.features().userDim());
        assertEquals(itemInputs(genres), model.features().itemDim());

        long userDense0 = 21 * 256 + 256;    //  5,632
        long itemDense0 = 23 * 256 + 256;    //  6,144
        long dense1 = 256 * 128 + 128;       // 32,896 (both towers)
        long dense2 = 128 * 32 + 32;         //  4,128 (both towers)
        long user = userDense0 + dense1 + dense2;   // 42,656
        long item = itemDense0 + dense1 + dense2;   // 43,168
        ModelSummary summary = ModelSummary.of(model);
        assertEquals(List.of(0L, userDense0, dense1, dense2, 0L), layerParameters(summary, "user"));
        assertEquals(List.of(0L, itemDense0, dense1, dense2, 0L), layerParameters(summary, "item"));
        assertEquals(user, summary.parameters("user"));
        assertEquals(item, summary.parameters("item"));
        assertEquals(user + item, summary.totalParameters());
        assertEquals(85_824, user + item); // the total the README quotes
    }

    /** Parameters per row of one tower, in order: input, dense0, dense1, dense2, l2_normalize. */
    private static List<Long> layerParameters(ModelSummary summary, String tower) {
        return summary.rows().stream().filter(r -> r.tower().equals(tower)).map(ModelSummary.Row::parameters).toList();
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
