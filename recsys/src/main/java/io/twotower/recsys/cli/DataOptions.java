package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the data comes from when --data is omitted, and the message when it is not there. */
final class DataOptions {
    static final Path DEFAULT_MOVIELENS = Path.of("data", "ml-latest-small");

    private DataOptions() {}

    /** The --data value, or the default MovieLens folder; "synthetic" passes through. */
    static String resolveData(String data) {
        if (data != null) return data;
        if (Files.isRegularFile(DEFAULT_MOVIELENS.resolve("ratings.csv"))) return DEFAULT_MOVIELENS.toString();
        throw new UsageException("no --data given and " + DEFAULT_MOVIELENS + " does not exist. Get MovieLens with "
                + "'bash data/download.sh', point --data at a folder, or use '--data synthetic' to run offline.");
    }
}
