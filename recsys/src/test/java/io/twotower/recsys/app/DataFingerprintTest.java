package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.data.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data's identity for --resume: its content as loaded, the column kinds included; never its path. */
class DataFingerprintTest {
    @TempDir
    Path dir;

    @Test
    void theSameFilesInTwoFoldersAreTheSameData() {
        Path a = Fixtures.copy("tiny-table", dir.resolve("a")), b = Fixtures.copy("tiny-table", dir.resolve("b"));
        assertEquals(DataFingerprint.describe(TableReader.read(a, null)), DataFingerprint.describe(TableReader.read(b, null)));
    }

    @Test
    void oneChangedRatingIsOtherData() throws Exception {
        Path a = Fixtures.copy("tiny-table", dir.resolve("a"));
        String before = DataFingerprint.describe(TableReader.read(a, null));
        Path interactions = a.resolve("interactions.csv");
        Files.writeString(interactions, Files.readString(interactions).replace("u1,i1,4,1", "u1,i1,5,1"));
        String after = DataFingerprint.describe(TableReader.read(a, null));
        assertNotEquals(before, after);
        // The sizes are the same: only the content hash (after "content ") tells them apart.
        assertEquals(before.substring(0, before.indexOf("content")), after.substring(0, after.indexOf("content")));
    }

    /** A schema that drops a column and makes another a label changes what the job reads: other data. */
    @Test
    void anotherSchemaIsOtherData() {
        Path a = Fixtures.copy("tiny-table", dir.resolve("a"));
        assertNotEquals(DataFingerprint.describe(TableReader.read(a, null)),
                DataFingerprint.describe(TableReader.read(a, Fixtures.resource("tiny-table-schema.csv"))));
    }

    /** Sizes first, then 16 hex digits: the synthetic data of seed 42 has 600 users who rate 60 of 1000 items each. */
    @Test
    void theDescriptionStartsWithTheSizes() {
        assertEquals(true, DataFingerprint.describe(SyntheticDataset.generate(42, 600, 1000, 60))
                .matches("600 users, 1000 items, 36000 interactions, content [0-9a-f]{16}"));
    }
}
