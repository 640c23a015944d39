package io.twotower.recsys.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.io.ModelFormatException;
import io.twotower.recsys.app.SmallRuns;
import io.twotower.recsys.recommend.Recommender;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model carries weights, features and catalog: loading it predicts exactly as before. */
class TwoTowerModelTest {
    @TempDir
    static Path dir;
    static TwoTowerModel trained;
    static Path saved;

    @BeforeAll
    static void train() throws Exception {
        var settings = SmallRuns.synthetic(dir, 2);
        trained = SmallRuns.run(settings, new StringWriter()).model();
        saved = settings.model();
    }

    @Test
    void loadingGivesIdenticalVectorsAndPredictions() throws Exception {
        TwoTowerModel loaded = TwoTowerModel.load(saved);

        assertEquals(trained.config(), loaded.config());
        assertArrayEquals(trained.embedAllItems(), loaded.embedAllItems());
        assertArrayEquals(trained.embedAllUsers(), loaded.embedAllUsers());
        Recommender before = new Recommender(trained), after = new Recommender(loaded);
        for (int u = 0; u < 20; u++) {
            for (int i = 0; i < 20; i++) assertEquals(before.predict(u, i), after.predict(u, i), 0f);
        }
        assertEquals(trained.info(), loaded.info());
        assertEquals(trained.catalog().numItems(), loaded.catalog().numItems());
        assertEquals(trained.catalog().itemLabel(7), loaded.catalog().itemLabel(7));
        assertEquals(trained.features().userFeatureNames(), loaded.features().userFeatureNames());
        // A cold-start user goes through the saved pipeline the same way.
        Map<String, String> raw = Map.of();
        assertArrayEquals(trained.features().transformNewUser(raw), loaded.features().transformNewUser(raw));
    }

    @Test
    void truncatedOrCorruptedFilesAreRefusedClearly() throws Exception {
        byte[] bytes = Files.readAllBytes(saved);
        Path truncated = dir.resolve("truncated.model");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TwoTowerModel.load(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x40;
        Path corrupted = dir.resolve("corrupted.model");
        Files.write(corrupted, flipped);
        e = assertThrows(ModelFormatException.class, () -> TwoTowerModel.load(corrupted));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void catalogKnowsWhichItemsEachUserRatedInTraining() {
        Catalog c = Catalog.of(new String[] {"a", "b"}, new String[] {"x", "y", "z"}, new String[] {"X", "Y", "Z"},
                new String[] {"", "", ""}, new int[] {1, 0, 1, 1}, new int[] {2, 1, 0, 2});
        assertTrue(c.seen(1, 0) && c.seen(1, 2) && c.seen(0, 1));
        assertFalse(c.seen(0, 0) || c.seen(0, 2) || c.seen(1, 1));
        assertEquals(3, c.seenCount(1), "user b has three training rows (item z twice)");
        assertEquals(1, c.userIndex("b"));
        assertEquals(-1, c.itemIndex("nope"));
    }
}
