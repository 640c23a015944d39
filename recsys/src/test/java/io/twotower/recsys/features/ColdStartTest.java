package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.data.DataException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cold start: features of users and items the data has never seen, from raw named values. */
class ColdStartTest {

    private static final float EPS = 1e-5f;

    /**
     * A new MovieLens item with no ratings, like i3 of {@link MovieLensFeaturesTest}: its year comes
     * from the title, count 0 and average = global mean 2.9, so it must equal i3's precomputed row.
     */
    @Test
    void newMovieMatchesAnUnratedKnownMovie() {
        FeaturePipeline p = MovieLensFeaturesTest.tinyPipeline();
        float[] fromTitle = p.transformNewItem(Map.of("title", "Space Drama (1999)", "genres", "Drama|Sci-Fi"));
        assertArrayEquals(p.itemFeatures(3), fromTitle, 0f);
        float[] fromYear = p.transformNewItem(Map.of("year", "1999", "genres", "Sci-Fi|Drama"));
        assertArrayEquals(p.itemFeatures(3), fromYear, 0f);
    }

    /**
     * Nothing known: year imputed (1998 -> 0) with flag 1, avg 2.9 -> 0.281675, count 0 -> -3.535534,
     * no genres ("(no genres listed)" means none).
     */
    @Test
    void emptyMovieIsImputed() {
        FeaturePipeline p = MovieLensFeaturesTest.tinyPipeline();
        float[] expected = {0f, 1f, 0.281675f, -3.535534f, 0, 0, 0, 0};
        assertArrayEquals(expected, p.transformNewItem(Map.of()), EPS);
        assertArrayEquals(expected, p.transformNewItem(Map.of("genres", "(no genres listed)", "title", "Untitled")), EPS);
        assertEquals(List.of("year", "avg_rating", "rating_count", "genres", "title"), p.itemKeys());
    }

    /**
     * A new MovieLens user with no data: count 0 -> (0 - 5/3)/(sqrt(2)/3) = -3.535534; every average is
     * the global mean 2.9: avg (2.9 - 3.166667)/1.027402 = -0.259556; Comedy (2.9 - 2.833333)/1.178511 =
     * 0.056569; Drama/Romance (2.9 - 3.833333)/0.623610 = -1.496663; Sci-Fi as avg.
     * Giving avg_rating = 4.5 only: genres fall back to it (as for u2): Comedy 1.414214, Drama 1.069045.
     */
    @Test
    void newMovieLensUser() {
        FeaturePipeline p = MovieLensFeaturesTest.tinyPipeline();
        assertArrayEquals(new float[] {-3.535534f, -0.259556f, 0.056569f, -1.496663f, -1.496663f, -0.259556f},
                p.transformNewUser(Map.of()), EPS);
        float[] likesEverything = p.transformNewUser(Map.of("avg_rating", "4.5", "rating_count", "1"));
        assertArrayEquals(p.userFeatures(2), likesEverything, 0f); // exactly u2's raw values
    }

    /**
     * New table user {age 20, city rome, tags "a|zzz"}: age -1, flag 0; rome -> other; a and other set;
     * no statistics: count -2.828427, avg -0.176777 (as u4 in {@link TableFeaturesTest}).
     */
    @Test
    void newTableUser() {
        FeaturePipeline p = FeaturePipeline.fit(TableFeaturesTest.tinyTable(), TableFeaturesTest.TRAIN,
                FeatureOptions.defaults());
        assertArrayEquals(new float[] {-1, 0, 0, 0, 1, 1, 0, 1, -2.828427f, -0.176777f},
                p.transformNewUser(Map.of("age", "20", "city", "rome", "tags", "a|zzz")), EPS);
        // missing age -> mean 30 -> 0 with flag 1; missing city/tags -> zeros
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 0, -2.828427f, -0.176777f},
                p.transformNewUser(Map.of()), EPS);
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        FeaturePipeline p = FeaturePipeline.fit(TableFeaturesTest.tinyTable(), TableFeaturesTest.TRAIN,
                FeatureOptions.defaults());
        DataException e = assertThrows(DataException.class, () -> p.transformNewUser(Map.of("height", "180")));
        assertEquals("height", e.column());
        assertEquals("new user", e.file());
        e = assertThrows(DataException.class, () -> p.transformNewUser(Map.of("age", "old")));
        assertEquals("new user column age: expected a number, got 'old'", e.getMessage());
        e = assertThrows(DataException.class, () -> p.transformNewItem(Map.of("price", "NaN")));
        assertEquals("price", e.column());
        FeaturePipeline ml = MovieLensFeaturesTest.tinyPipeline();
        e = assertThrows(DataException.class, () -> ml.transformNewItem(Map.of("genres", "Western")));
        assertEquals("genres", e.column());
    }
}
