package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.MovieLensReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MovieLens features on the tiny fixture, every number worked out by hand.
 *
 * <pre>
 * items: i0 = movie 10, 1995, Drama|Romance    i1 = movie 20, 2001, Comedy
 *        i2 = movie 30, no year, no genres     i3 = movie 40, 1999, Drama|Sci-Fi
 * rows:  0: u0 i0 4.0   1: u0 i1 2.0   2: u0 i3 5.0 (TEST)   3: u1 i0 3.0   4: u1 i2 1.0   5: u2 i1 4.5
 * </pre>
 *
 * Training rows {0, 1, 3, 4, 5}: ratings 4, 2, 3, 1, 4.5, global mean 14.5 / 5 = 2.9.
 * Genres (sorted): Comedy, Drama, Romance, Sci-Fi. Standardisation uses the population std over
 * the entities with training ratings (all 3 users; items i0, i1, i2).
 */
class MovieLensFeaturesTest {

    static final int[] TRAIN = {0, 1, 3, 4, 5};
    private static final float EPS = 1e-5f;

    static FeaturePipeline tinyPipeline() {
        Dataset d = MovieLensReader.read(Fixtures.resource("tiny-movielens"));
        return FeaturePipeline.fit(d, TRAIN, FeatureOptions.defaults());
    }

    @Test
    void featureNamesFollowTheNotebook() {
        FeaturePipeline p = tinyPipeline();
        assertEquals(List.of("rating_count", "avg_rating", "avg_rating:Comedy", "avg_rating:Drama",
                "avg_rating:Romance", "avg_rating:Sci-Fi"), p.userFeatureNames());
        assertEquals(List.of("year", "year_missing", "avg_rating", "rating_count", "genres=Comedy", "genres=Drama",
                "genres=Romance", "genres=Sci-Fi"), p.itemFeatureNames());
        assertEquals(6, p.userDim());
        assertEquals(8, p.itemDim());
        assertEquals(2.9, p.globalMean(), 1e-9);
    }

    /**
     * Raw user values (unrated genre -> the user's own average):
     * <pre>
     *       count  avg   Comedy      Drama  Romance  Sci-Fi
     * u0    2      3.0   2           4      4        3.0 (own avg)
     * u1    2      2.0   2.0 (own)   3      3        2.0 (own)
     * u2    1      4.5   4.5         4.5*   4.5*     4.5 (own)       * never rated: own avg
     * </pre>
     * count: mean 5/3, std sqrt(2/9) = sqrt(2)/3 -> z = (2 - 5/3) / (sqrt(2)/3) = 1/sqrt(2) = 0.707107,
     *        u2: (1 - 5/3) / (sqrt(2)/3) = -sqrt(2) = -1.414214.
     * avg: mean 9.5/3 = 3.166667, deviations -1/6, -7/6, 8/6, variance (1+49+64)/36/3 = 19/18,
     *      std 1.027402 -> z = -0.162221, -1.135550, 1.297771. Sci-Fi is the same column of values.
     * Comedy: values 2, 2, 4.5, mean 8.5/3, deviations -5/6, -5/6, 10/6, variance 150/36/3 = 50/36,
     *      std 1.178511 -> z = -0.707107, -0.707107, 1.414214.
     * Drama and Romance: values 4, 3, 4.5, mean 11.5/3, deviations 1/6, -5/6, 4/6, variance 42/36/3,
     *      std sqrt(14)/6 = 0.623610 -> z = 0.267261, -1.336306, 1.069045.
     * </pre>
     */
    @Test
    void userFeaturesByHand() {
        FeaturePipeline p = tinyPipeline();
        assertArrayEquals(new float[] {0.707107f, -0.162221f, -0.707107f, 0.267261f, 0.267261f, -0.162221f},
                p.userFeatures(0), EPS);
        assertArrayEquals(new float[] {0.707107f, -1.135550f, -0.707107f, -1.336306f, -1.336306f, -1.135550f},
                p.userFeatures(1), EPS);
        assertArrayEquals(new float[] {-1.414214f, 1.297771f, 1.414214f, 1.069045f, 1.069045f, 1.297771f},
                p.userFeatures(2), EPS);
    }

    /**
     * <pre>
     *       year           count  avg                genres (Comedy, Drama, Romance, Sci-Fi)
     * i0    1995           2      (4+3)/2 = 3.5      0 1 1 0
     * i1    2001           2      (2+4.5)/2 = 3.25   1 0 0 0
     * i2    missing        1      1                  0 0 0 0
     * i3    1999           0      2.9 (global mean)  0 1 0 1   (only rated in the test row)
     * </pre>
     * year over training items with a year (1995, 2001): mean 1998, std 3; i2 imputed 1998 -> 0 with
     *      flag 1; i0 -1, i1 +1, i3 (1999-1998)/3 = 0.333333.
     * avg over i0..i2: mean 7.75/3 = 2.583333, variance (0.916667² + 0.666667² + 1.583333²)/3 = 1.263889,
     *      std 1.124228 -> z = 0.815374, 0.592999, -1.408374; i3: (2.9 - 2.583333)/1.124228 = 0.281675.
     * count over i0..i2 (2, 2, 1): as for users, 0.707107, 0.707107, -1.414214; i3: -5/sqrt(2) = -3.535534.
     */
    @Test
    void itemFeaturesByHand() {
        FeaturePipeline p = tinyPipeline();
        assertArrayEquals(new float[] {-1f, 0f, 0.815374f, 0.707107f, 0, 1, 1, 0}, p.itemFeatures(0), EPS);
        assertArrayEquals(new float[] {1f, 0f, 0.592999f, 0.707107f, 1, 0, 0, 0}, p.itemFeatures(1), EPS);
        assertArrayEquals(new float[] {0f, 1f, -1.408374f, -1.414214f, 0, 0, 0, 0}, p.itemFeatures(2), EPS);
        assertArrayEquals(new float[] {0.333333f, 0f, 0.281675f, -3.535534f, 0, 1, 0, 1}, p.itemFeatures(3), EPS);
    }

    @Test
    void matricesAreTheRowsStackedRowMajor() {
        FeaturePipeline p = tinyPipeline();
        float[] items = p.itemMatrix();
        assertEquals(4 * 8, items.length);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(p.itemFeatures(i)[j], items[i * 8 + j]);
            }
        }
        float[] users = p.userMatrix();
        assertEquals(3 * 6, users.length);
        assertEquals(p.userFeatures(2)[1], users[2 * 6 + 1]);
    }

    /** min 0.5, max 5: s = 2 (r - 0.5) / 4.5 - 1, so 0.5 -> -1, 2.75 -> 0, 5 -> 1, 4.1 -> 0.6. */
    @Test
    void targetScalingMapsTheRatingRangeToPlusMinusOne() {
        FeaturePipeline p = tinyPipeline();
        assertEquals(-1f, p.scaleTarget(0.5f), 1e-6f);
        assertEquals(0f, p.scaleTarget(2.75f), 1e-6f);
        assertEquals(1f, p.scaleTarget(5f), 1e-6f);
        assertEquals(0.6f, p.scaleTarget(4.1f), 1e-6f);
        assertEquals(4.1f, p.unscaleScore(0.6f), 1e-6f);
        assertEquals(5f, p.unscaleScore(1.7f));   // clamped
        assertEquals(0.5f, p.unscaleScore(-3f));  // clamped
    }
}
