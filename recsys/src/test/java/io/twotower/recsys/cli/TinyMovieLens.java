package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: a MovieLens-format folder small enough to train in a second, with the genres and titles
 * the --help examples name (Comedy, Romance, "American President, The (1995)"), and a model trained on it.
 *
 * <p>User 1 rates 5 movies, users 2 and 3 rate 10 each. With the default split (test: round(0.2 n) per
 * user, then validation: round(0.1 m) of the m left) user 1 keeps 5 - 1 - round(0.4) = 4 rows to fit
 * on, users 2 and 3 keep 10 - 2 - round(0.8) = 7: the model's users have rating counts 4 to 7.
 */
final class TinyMovieLens {
    static final String MOVIES = """
            movieId,title,genres
            1,Toy Story (1995),Adventure|Animation|Children|Comedy
            2,"American President, The (1995)",Comedy|Drama|Romance
            3,Heat (1995),Action|Crime
            4,Up (2009),Animation|Children
            5,Amelie (2001),Comedy|Romance
            6,Alien (1979),Horror|Sci-Fi
            7,Babe (1995),Children|Drama
            8,Clueless (1995),Comedy|Romance
            9,Casino (1995),Crime|Drama
            10,Sabrina (1995),Comedy|Romance
            """;
    static final String RATINGS = """
            userId,movieId,rating,timestamp
            1,1,4.0,964982703
            1,2,3.5,964981247
            1,3,5.0,964982224
            1,4,2.0,964983815
            1,5,4.5,964982931
            2,1,3.0,964982703
            2,2,4.0,964981247
            2,3,2.5,964982224
            2,4,5.0,964983815
            2,5,1.0,964982931
            2,6,3.5,964982400
            2,7,4.0,964982500
            2,8,2.0,964982600
            2,9,4.5,964982700
            2,10,3.0,964982800
            3,1,5.0,964982703
            3,2,4.5,964981247
            3,3,1.5,964982224
            3,4,4.0,964983815
            3,5,5.0,964982931
            3,6,0.5,964982400
            3,7,3.0,964982500
            3,8,4.5,964982600
            3,9,2.0,964982700
            3,10,4.0,964982800
            """;

    private TinyMovieLens() {}

    /** Writes movies.csv and ratings.csv into {@code dir} (created) and returns it. */
    static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("movies.csv"), MOVIES);
            Files.writeString(dir.resolve("ratings.csv"), RATINGS);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains 2 epochs of small towers on {@code data} into {@code model}. */
    static void train(Path data, Path model) {
        TinyTrainedModel.Run r = TinyTrainedModel.run("train", "--data", data.toString(), "--epochs", "2",
                "--user-layers", TinyTrainedModel.LAYERS, "--item-layers", TinyTrainedModel.LAYERS, "--samples", "0",
                "--threads", "1", "--model", model.toString(),
                "--history", model.resolveSibling(model.getFileName() + ".history.csv").toString());
        assertEquals(0, r.exitCode(), r.err());
    }
}
