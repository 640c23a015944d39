package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.recsys.data.DataException;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.TableReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table-format features on the tiny-table fixture, by hand.
 *
 * <pre>
 * users: u1 20 paris a|b   u2 (empty) london b   u3 40 paris (empty)   u4 30 rome c
 * items: i1 Alpha 1.5 red  i2 Beta 2.5 blue      i3 Gamma (empty) red
 * rows:  0: u1 i1 4   1: u1 i2 2   2: u2 i1 5   3: u3 i3 3   4: u4 i2 1 (TEST)
 * </pre>
 *
 * Training rows {0, 1, 2, 3}: global mean (4+2+5+3)/4 = 3.5. Training users u1, u2, u3 (u4 only
 * appears in the test row, so "rome" and "c" are unseen); training items i1, i2, i3.
 */
class TableFeaturesTest {

    static final int[] TRAIN = {0, 1, 2, 3};
    private static final float EPS = 1e-5f;

    static Dataset tinyTable() {
        return TableReader.read(Fixtures.resource("tiny-table"), null);
    }

    @Test
    void userColumnsByKind() {
        FeaturePipeline p = FeaturePipeline.fit(tinyTable(), TRAIN, FeatureOptions.defaults());
        assertEquals(List.of("age", "age_missing", "city=london", "city=paris", "city=<other>",
                "tags=a", "tags=b", "tags=<other>", "rating_count", "avg_rating"), p.userFeatureNames());
    }

    /**
     * age over training users with an age (20, 40): mean 30, std 10. u2's empty age -> 30 -> 0, flag 1;
     *     u4's 30 -> 0, flag 0.
     * city vocabulary from training users: london, paris; u4's "rome" -> the other slot.
     * tags vocabulary: a, b; u4's "c" -> other.
     * count (2, 1, 1): mean 4/3, std sqrt(2)/3 -> 1.414214, -0.707107, -0.707107; u4 (0): -2.828427.
     * avg (3, 5, 3): mean 11/3, std sqrt(8/9) = 0.942809 -> -0.707107, 1.414214, -0.707107;
     *     u4 (no training rating): global mean 3.5 -> (3.5 - 11/3)/0.942809 = -0.176777.
     */
    @Test
    void userFeaturesByHand() {
        FeaturePipeline p = FeaturePipeline.fit(tinyTable(), TRAIN, FeatureOptions.defaults());
        assertArrayEquals(new float[] {-1, 0, 0, 1, 0, 1, 1, 0, 1.414214f, -0.707107f}, p.userFeatures(0), EPS);
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0, 1, 0, -0.707107f, 1.414214f}, p.userFeatures(1), EPS);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 0, -0.707107f, -0.707107f}, p.userFeatures(2), EPS);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 1, -2.828427f, -0.176777f}, p.userFeatures(3), EPS);
    }

    /**
     * title is inferred CATEGORICAL (3 rows only): vocabulary Alpha, Beta, Gamma + other.
     * price (1.5, 2.5; i3 empty): mean 2, std 0.5 -> -1, 1, 0 (flag 1).
     * color: blue, red + other.
     * count (2, 1, 1) -> 1.414214, -0.707107, -0.707107.
     * avg (4.5, 2, 3): mean 9.5/3, std sqrt(19/18) = 1.027402 -> 1.297771, -1.135550, -0.162221.
     */
    @Test
    void itemFeaturesByHand() {
        FeaturePipeline p = FeaturePipeline.fit(tinyTable(), TRAIN, FeatureOptions.defaults());
        assertEquals(List.of("title=Alpha", "title=Beta", "title=Gamma", "title=<other>", "price", "price_missing",
                "color=blue", "color=red", "color=<other>", "rating_count", "avg_rating"), p.itemFeatureNames());
        assertArrayEquals(new float[] {1, 0, 0, 0, -1, 0, 0, 1, 0, 1.414214f, 1.297771f}, p.itemFeatures(0), EPS);
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 1, 0, 0, -0.707107f, -1.135550f}, p.itemFeatures(1), EPS);
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 0, 1, 0, -0.707107f, -0.162221f}, p.itemFeatures(2), EPS);
    }

    @Test
    void interactionStatsCanBeTurnedOff() {
        FeaturePipeline p = FeaturePipeline.fit(tinyTable(), TRAIN, FeatureOptions.defaults().withInteractionStats(false));
        assertEquals(List.of("age", "age_missing", "city=london", "city=paris", "city=<other>",
                "tags=a", "tags=b", "tags=<other>"), p.userFeatureNames());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, p.userFeatures(2), EPS);
        assertEquals(FeatureOptions.defaults().withInteractionStats(false), FeatureOptions.interactionStats(false));
        assertTrue(FeatureOptions.defaults().interactionStats());
    }

    /** With the schema, title is a LABEL and color is dropped: only price and the statistics remain. */
    @Test
    void schemaKindsChangeTheColumns() {
        Dataset d = TableReader.read(Fixtures.resource("tiny-table"), Fixtures.resource("tiny-table-schema.csv"));
        FeaturePipeline p = FeaturePipeline.fit(d, TRAIN, FeatureOptions.defaults());
        assertEquals(List.of("price", "price_missing", "rating_count", "avg_rating"), p.itemFeatureNames());
        assertArrayEquals(new float[] {1, 0, -0.707107f, -1.135550f}, p.itemFeatures(1), EPS);
        assertEquals("Beta", d.itemLabel(1));
    }

    /** Vocabulary comes from training entities: fit on rows {0, 1} only (u1) and paris is all there is. */
    @Test
    void categoriesOnlySeenOutsideTrainingGoToTheOtherSlot() {
        FeaturePipeline p = FeaturePipeline.fit(tinyTable(), new int[] {0, 1}, FeatureOptions.defaults());
        assertEquals(List.of("age", "age_missing", "city=paris", "city=<other>", "tags=a", "tags=b", "tags=<other>",
                "rating_count", "avg_rating"), p.userFeatureNames());
        float[] u2 = p.userFeatures(1); // london, tags b
        assertEquals(0f, u2[2]);
        assertEquals(1f, u2[3]); // london is "other"
        assertEquals(1f, u2[5]); // b was seen (u1 lists a|b)
    }

    /** age has an empty cell, so it makes age and age_missing; a column named age_missing makes the same name. */
    @Test
    void columnsWhoseFeatureNamesCollideAreRejected(@TempDir Path dir) {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "users.csv", "user_id,age,age_missing\nu1,20,1\nu2,,2\nu3,40,3\nu4,30,4\n");
        DataException e = assertThrows(DataException.class,
                () -> FeaturePipeline.fit(TableReader.read(dir, null), TRAIN, FeatureOptions.defaults()));
        assertEquals("users.csv line 1, column age_missing: expected a column whose features are named apart from the "
                + "others, got the feature 'age_missing', which column age also makes; rename one of the two columns",
                e.getMessage());
    }

    @Test
    void aCategoryNamedLikeTheOtherSlotIsRejected(@TempDir Path dir) {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "users.csv", "user_id,city\nu1,paris\nu2,<other>\nu3,paris\nu4,rome\n");
        DataException e = assertThrows(DataException.class,
                () -> FeaturePipeline.fit(TableReader.read(dir, null), TRAIN, FeatureOptions.defaults()));
        assertEquals("users.csv column city: expected values other than '<other>', the name of the slot for values "
                + "unseen in training, got '<other>' as a value", e.getMessage());
    }
}
