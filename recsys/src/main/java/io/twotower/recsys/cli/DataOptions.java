package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data comes from when --data is omitted, and the message when it is not there.
 *
 * <p>The default is {@code data/ml-latest-small}, looked for first in the current folder, then in the
 * folder the tool is installed in (which bin/recsys passes as the system property
 * {@value #HOME_PROPERTY}): {@code cd /tmp && /path/to/bin/recsys train} then finds the data that
 * {@code data/download.sh} put beside the tool. Outputs (out/...) stay relative to the current folder.
 */
final class DataOptions {
    static final Path DEFAULT_MOVIELENS = Path.of("data", "ml-latest-small");
    /** The repository (install) root, set by bin/recsys. */
    static final String HOME_PROPERTY = "twotower.home";

    private DataOptions() {}

    /** The --data value, or the default MovieLens folder (here, else in the install); "synthetic" passes through. */
    static String resolveData(String data) {
        if (data != null) return data;
        if (holdsMovieLens(DEFAULT_MOVIELENS)) return DEFAULT_MOVIELENS.toString();
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            Path installed = Path.of(home).resolve(DEFAULT_MOVIELENS);
            if (holdsMovieLens(installed)) return installed.toString();
        }
        Path download = home == null ? Path.of("data", "download.sh") : Path.of(home, "data", "download.sh");
        throw new UsageException("no --data given and " + DEFAULT_MOVIELENS + " does not exist"
                + (home == null ? "" : " here nor in " + home) + ". Get MovieLens with "
                + "'bash " + download + "', point --data at a folder, or use '--data synthetic' to run offline.");
    }

    private static boolean holdsMovieLens(Path folder) {
        return Files.isRegularFile(folder.resolve("ratings.csv"));
    }
}
