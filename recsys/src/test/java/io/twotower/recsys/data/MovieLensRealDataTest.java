package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reads the real ml-latest-small when it is present (system property {@code twotower.movielens.dir},
 * {@code ../data/ml-latest-small} as CI places it, or {@code ../../shared/data/ml-latest-small});
 * otherwise it checks the committed tiny fixture instead, so it never skips. It prints which one.
 */
class MovieLensRealDataTest {

    @Test
    void readsMovieLensSmallOrTheTinyFixture() {
        Path real = Fixtures.realMovieLensDir();
        if (real != null) {
            System.out.println("[MovieLensRealDataTest] using the real data at " + real.toAbsolutePath().normalize());
            Dataset d = MovieLensReader.read(real);
            assertEquals(100_836, d.size());
            assertEquals(610, d.numUsers());
            assertEquals(9_742, d.numItems()); // every movie of movies.csv, rated or not
            // 19 real genres; "(no genres listed)" (34 movies) is the 20th distinct string and means none.
            assertEquals(19, genres(d).size());
            assertEquals(34, moviesWithoutGenres(d));
            assertEquals("Misérables, Les (1995)", d.itemLabel(d.itemIndex("73")));
            assertEquals("1995", d.itemTable().cell("year", d.itemIndex("1")));
            // The reader refuses a second rating of a movie by the same user; counted here independently.
            Set<Long> pairs = new HashSet<>();
            for (int r = 0; r < d.size(); r++) {
                pairs.add((long) d.user(r) * d.numItems() + d.item(r));
            }
            assertEquals(d.size(), pairs.size(), "one rating per (userId, movieId)");
        } else {
            System.out.println("[MovieLensRealDataTest] real ml-latest-small not found: using the tiny fixture");
            Dataset d = MovieLensReader.read(Fixtures.resource("tiny-movielens"));
            assertEquals(6, d.size());
            assertEquals(3, d.numUsers());
            assertEquals(4, d.numItems());
            assertEquals(Set.of("Comedy", "Drama", "Romance", "Sci-Fi"), genres(d));
            assertEquals(1, moviesWithoutGenres(d));
        }
    }

    private static Set<String> genres(Dataset d) {
        Set<String> genres = new TreeSet<>();
        for (int i = 0; i < d.numItems(); i++) {
            for (String g : d.itemTable().cell("genres", i).split("\\|")) {
                if (!g.isEmpty()) {
                    genres.add(g);
                }
            }
        }
        return genres;
    }

    private static int moviesWithoutGenres(Dataset d) {
        int n = 0;
        for (int i = 0; i < d.numItems(); i++) {
            n += d.itemTable().cell("genres", i).isEmpty() ? 1 : 0;
        }
        return n;
    }
}
