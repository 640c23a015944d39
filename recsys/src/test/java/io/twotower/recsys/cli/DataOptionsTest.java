package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.app.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without --data, data/ml-latest-small is looked for in the current folder, then in the install folder
 * bin/recsys names. The tests run in the recsys module folder, which has no data/ folder of its own.
 */
class DataOptionsTest {
    @TempDir
    Path install;

    @AfterEach
    void forgetTheInstall() {
        System.clearProperty(DataOptions.HOME_PROPERTY);
    }

    @Test
    void theInstallsDataIsFoundFromAnotherFolder() throws Exception {
        assertFalse(Files.exists(DataOptions.DEFAULT_MOVIELENS), "the test needs a current folder without data/ml-latest-small");
        Path data = Files.createDirectories(install.resolve("data/ml-latest-small"));
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n");
        System.setProperty(DataOptions.HOME_PROPERTY, install.toString());
        assertEquals(data.toString(), DataOptions.resolveData(null));
        assertEquals("mine", DataOptions.resolveData("mine"), "a given --data is taken as it is");
    }

    @Test
    void withoutTheDataAnywhereTheMessageSaysWhereItLookedAndHowToGetIt() {
        System.setProperty(DataOptions.HOME_PROPERTY, install.toString());
        UsageException e = assertThrows(UsageException.class, () -> DataOptions.resolveData(null));
        assertEquals("no --data given and data/ml-latest-small does not exist here nor in " + install + ". Get MovieLens with 'bash "
                + install + "/data/download.sh', point --data at a folder, or use '--data synthetic' to run offline.", e.getMessage());
    }
}
