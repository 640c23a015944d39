package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.MovieLensReader;
import io.twotower.recsys.data.TableReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No leakage: changing the rating of a TEST row must not change any feature, scaler, vocabulary
 * or target range. The serialised pipeline holds all of them (and every precomputed feature), so
 * its bytes must be identical. As a control, changing a TRAINING row's rating must change them,
 * which shows the comparison can fail.
 */
class NoLeakageTest {

    @TempDir
    Path dir;

    /**
     * MovieLens fixture, training rows {0, 1, 3, 4, 5}; row 2 (user 1, movie 40, 5.0) is the test row.
     * It is the only rating of movie 40, so a leak would show in that item's average and count.
     */
    @Test
    void movieLensTestRatingsDoNotReachTheFeatures() throws IOException {
        byte[] original = fittedBytes(movieLens("1,40,5.0,120", "1,40,5.0,120"), MovieLensFeaturesTest.TRAIN);
        byte[] testChanged = fittedBytes(movieLens("1,40,5.0,120", "1,40,0.5,120"), MovieLensFeaturesTest.TRAIN);
        byte[] trainChanged = fittedBytes(movieLens("1,10,4.0,100", "1,10,1.0,100"), MovieLensFeaturesTest.TRAIN);
        assertArrayEquals(original, testChanged);
        assertFalse(Arrays.equals(original, trainChanged), "the control: a training rating must matter");
    }

    /**
     * Table fixture, training rows {0, 1, 2, 3}; row 4 (u4, i2, 1) is the test row. Setting it to 0.5
     * would also move the observed rating range, which must not reach the target scaling either.
     */
    @Test
    void tableTestRatingsDoNotReachTheFeatures() throws IOException {
        byte[] original = fittedBytes(table("u4,i2,1,5", "u4,i2,1,5"), TableFeaturesTest.TRAIN);
        byte[] testChanged = fittedBytes(table("u4,i2,1,5", "u4,i2,0.5,5"), TableFeaturesTest.TRAIN);
        byte[] trainChanged = fittedBytes(table("u1,i1,4,1", "u1,i1,3,1"), TableFeaturesTest.TRAIN);
        assertArrayEquals(original, testChanged);
        assertFalse(Arrays.equals(original, trainChanged), "the control: a training rating must matter");
    }

    /** The matrices too, directly, for the MovieLens case. */
    @Test
    void matricesAreUnchangedDirectly() throws IOException {
        FeaturePipeline a = FeaturePipeline.fit(movieLens("1,40,5.0,120", "1,40,5.0,120"),
                MovieLensFeaturesTest.TRAIN, FeatureOptions.defaults());
        FeaturePipeline b = FeaturePipeline.fit(movieLens("1,40,5.0,120", "1,40,1.5,120"),
                MovieLensFeaturesTest.TRAIN, FeatureOptions.defaults());
        assertArrayEquals(a.userMatrix(), b.userMatrix());
        assertArrayEquals(a.itemMatrix(), b.itemMatrix());
        assertArrayEquals(a.transformNewUser(java.util.Map.of()), b.transformNewUser(java.util.Map.of()));
    }

    private Dataset movieLens(String line, String replacement) throws IOException {
        Path copy = Fixtures.copy("tiny-movielens", Files.createTempDirectory(dir, "ml"));
        replace(copy.resolve("ratings.csv"), line, replacement);
        return MovieLensReader.read(copy);
    }

    private Dataset table(String line, String replacement) throws IOException {
        Path copy = Fixtures.copy("tiny-table", Files.createTempDirectory(dir, "table"));
        replace(copy.resolve("interactions.csv"), line, replacement);
        return TableReader.read(copy, null);
    }

    private static void replace(Path file, String line, String replacement) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(line + "\n")) {
            throw new IllegalStateException(file + " has no line " + line);
        }
        Files.writeString(file, text.replace(line + "\n", replacement + "\n"));
    }

    private static byte[] fittedBytes(Dataset d, int[] train) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FeaturePipeline.fit(d, train, FeatureOptions.defaults()).writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
