package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.MovieLensReader;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on the real ml-latest-small when present (else on the tiny fixture; it prints which):
 * the dimensions follow from the genre count G (19 real, 4 in the fixture): user 2 + G, item 4 + G;
 * standardised columns have mean 0 over the users with training ratings. Prints the time to read and
 * fit (not asserted).
 */
class MovieLensPipelineRealDataTest {

    @Test
    void dimensionsAndStandardisation() {
        Path real = Fixtures.realMovieLensDir();
        Path dir = real != null ? real : Fixtures.resource("tiny-movielens");
        int genres = real != null ? 19 : 4;
        long start = System.nanoTime();
        Dataset d = MovieLensReader.read(dir);
        long read = System.nanoTime();
        Split split = Splits.randomHoldout(d, 0.2, 42);
        FeaturePipeline p = FeaturePipeline.fit(d, split.train(), FeatureOptions.defaults());
        long fitted = System.nanoTime();
        System.out.printf("[MovieLensPipelineRealDataTest] %s: read %.0f ms, split + fit %.0f ms%n",
                real != null ? "real ml-latest-small" : "tiny fixture (real data absent)",
                (read - start) / 1e6, (fitted - read) / 1e6);

        assertEquals(2 + genres, p.userDim());
        assertEquals(4 + genres, p.itemDim());
        assertEquals(d.numUsers(), p.numUsers());
        assertEquals(d.numItems(), p.numItems());
        // Every user keeps >= 1 training rating, so all users are in the scaler's population:
        // each standardised user column then averages to 0 over all users.
        float[] m = p.userMatrix();
        for (int j = 0; j < p.userDim(); j++) {
            double sum = 0;
            for (int u = 0; u < d.numUsers(); u++) {
                sum += m[u * p.userDim() + j];
            }
            assertEquals(0, sum / d.numUsers(), 1e-4, p.userFeatureNames().get(j));
        }
        // year_missing is a 0/1 flag and genres are multi-hot: not standardised
        float[] items = p.itemMatrix();
        for (int i = 0; i < d.numItems(); i++) {
            float flag = items[i * p.itemDim() + 1];
            assertTrue(flag == 0f || flag == 1f);
        }
        assertArrayEquals(p.itemFeatures(0), java.util.Arrays.copyOf(items, p.itemDim()), 0f);
    }
}
