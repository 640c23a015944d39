package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.TwoTowerModel;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job, on data where any leak shows: every training rating is 4 and every test rating is 1.
 * The split is predefined (train.csv, test.csv), so which rows are test is known by construction; the
 * validation part the job carves out of train.csv is per user round(0.1 n) rows: u1 and u2 rate 10 items
 * in train.csv and keep 9 to fit on, u3 rates 5 and keeps 4 (round(0.5) = 1), u4 rates 4 and keeps 4
 * (round(0.4) = 0).
 *
 * <p>Worked out by hand from the fit rows only: user rating counts 9, 9, 4, 4, so the scaler's mean is
 * 6.5 and its (population) deviation 2.5; every average rating, per user, per item and global, is 4,
 * and the training ratings run from 4 to 4. A test row reaching a statistic would lower an average (a 1
 * among the 4s) or widen the rating range; a validation row would raise a count (10 instead of 9).
 * Passing all rows to {@code FeaturePipeline.fit} would fail every assertion below.
 */
class JobLeakageTest {
    @TempDir
    static Path dir;
    static TwoTowerModel saved;

    static final String TRAIN = """
            user_id,item_id,rating
            u1,i1,4
            u1,i2,4
            u1,i3,4
            u1,i4,4
            u1,i5,4
            u1,i6,4
            u1,i7,4
            u1,i8,4
            u1,i9,4
            u1,i10,4
            u2,i3,4
            u2,i4,4
            u2,i5,4
            u2,i6,4
            u2,i7,4
            u2,i8,4
            u2,i9,4
            u2,i10,4
            u2,i11,4
            u2,i12,4
            u3,i1,4
            u3,i2,4
            u3,i3,4
            u3,i4,4
            u3,i5,4
            u4,i6,4
            u4,i7,4
            u4,i8,4
            u4,i9,4
            """;
    static final String TEST = """
            user_id,item_id,rating
            u1,i11,1
            u1,i12,1
            u2,i1,1
            u2,i2,1
            u3,i6,1
            u4,i1,1
            """;
    /** Hand-listed from TRAIN: the items each user rated in the training part. */
    static final Map<String, Set<String>> TRAINING_ITEMS = Map.of(
            "u1", Set.of("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10"),
            "u2", Set.of("i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10", "i11", "i12"),
            "u3", Set.of("i1", "i2", "i3", "i4", "i5"),
            "u4", Set.of("i6", "i7", "i8", "i9"));

    @BeforeAll
    static void trainOnTheTableData() throws Exception {
        Path data = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(data.resolve("users.csv"), "user_id,age\nu1,20\nu2,30\nu3,40\nu4,50\n");
        StringBuilder items = new StringBuilder("item_id,price\n");
        for (int i = 1; i <= 12; i++) items.append("i").append(i).append(',').append(i).append(".5\n");
        Files.writeString(data.resolve("items.csv"), items);
        Files.writeString(data.resolve("train.csv"), TRAIN);
        Files.writeString(data.resolve("test.csv"), TEST);
        TrainJob.Settings settings = SmallRuns.withData(SmallRuns.synthetic(dir, 2), data.toString());
        SmallRuns.run(settings, new StringWriter());
        saved = TwoTowerModel.load(settings.model()); // what a later command sees, not the job's objects
    }

    @Test
    void userStatisticsComeFromTheFitRowsOnly() {
        FeaturePipeline f = saved.features();
        Catalog c = saved.catalog();
        int count = f.userFeatureNames().indexOf("rating_count"), average = f.userFeatureNames().indexOf("avg_rating");
        // z = (count - 6.5) / 2.5: 9 -> 1, 4 -> -1; a count of 0 -> -2.6.
        assertEquals(1.0, f.userFeatures(c.userIndex("u1"))[count], 1e-6);
        assertEquals(1.0, f.userFeatures(c.userIndex("u2"))[count], 1e-6);
        assertEquals(-1.0, f.userFeatures(c.userIndex("u3"))[count], 1e-6);
        assertEquals(-1.0, f.userFeatures(c.userIndex("u4"))[count], 1e-6);
        assertEquals(-2.6, f.transformNewUser(Map.of("rating_count", "0"))[count], 1e-6);
        // Every user's average is 4: mean 4, deviation 0 (taken as 1), so z = average - 4.
        for (String u : List.of("u1", "u2", "u3", "u4")) assertEquals(0.0, f.userFeatures(c.userIndex(u))[average], 1e-6, u);
        assertEquals(1.0, f.transformNewUser(Map.of("avg_rating", "5"))[average], 1e-6);
        // Ages 20, 30, 40, 50 of the four users who have fit rows: mean 35, deviation sqrt(125).
        int age = f.userFeatureNames().indexOf("age");
        assertEquals((20 - 35) / Math.sqrt(125), f.userFeatures(c.userIndex("u1"))[age], 1e-6);
    }

    @Test
    void itemStatisticsAndTheRatingScaleComeFromTheFitRowsOnly() {
        FeaturePipeline f = saved.features();
        int average = f.itemFeatureNames().indexOf("avg_rating");
        for (int i = 0; i < f.numItems(); i++) assertEquals(0.0, f.itemFeatures(i)[average], 1e-6, "item " + i);
        assertEquals(4.0, f.globalMean(), 0.0);
        assertEquals(4f, f.minRating());
        assertEquals(4f, f.maxRating());
    }

    /** What recommend leaves out for a user is what they rated in train.csv (fit and validation rows), nothing else. */
    @Test
    void theCatalogsSeenItemsAreTheTrainingPartsItemsPerUser() {
        Catalog c = saved.catalog();
        for (Map.Entry<String, Set<String>> e : TRAINING_ITEMS.entrySet()) {
            int u = c.userIndex(e.getKey());
            for (int i = 0; i < c.numItems(); i++) {
                assertEquals(e.getValue().contains(c.itemId(i)), c.seen(u, i), e.getKey() + " x " + c.itemId(i));
            }
            assertEquals(e.getValue().size(), c.seenCount(u), e.getKey());
        }
    }
}
