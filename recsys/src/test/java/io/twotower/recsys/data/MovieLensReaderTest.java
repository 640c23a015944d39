package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the committed tiny MovieLens fixture (3 users, 4 movies, 6 ratings):
 *
 * <pre>
 * movieId title                          genres              year
 * 10      "Misérables, Les (1995)"       Drama|Romance       1995
 * 20      "The ""Quoted"" Film (2001)"   Comedy              2001
 * 30      Untitled Project               (no genres listed)  (none)
 * 40      Space Drama (1999)             Drama|Sci-Fi        1999
 *
 * userId,movieId,rating,timestamp: 1,10,4.0,100  1,20,2.0,110  1,40,5.0,120
 *                                  2,10,3.0,200  2,30,1.0,210  3,20,4.5,300
 * </pre>
 */
class MovieLensReaderTest {

    private static final String MOVIES = "movieId,title,genres\n10,A (1995),Drama\n";

    @TempDir
    Path dir;

    @Test
    void readsItemsUsersAndRatings() {
        Dataset d = MovieLensReader.read(Fixtures.resource("tiny-movielens"));
        assertEquals(Dataset.Format.MOVIELENS, d.format());
        assertEquals(3, d.numUsers());
        assertEquals(4, d.numItems());
        assertEquals(6, d.size());
        // items in movies.csv order, users in order of first appearance
        assertEquals("40", d.itemId(3));
        assertEquals(2, d.itemIndex("30"));
        assertEquals(-1, d.itemIndex("99"));
        assertEquals("3", d.userId(2));
        assertEquals(-1, d.userIndex("4"));
        // row 5 is "3,20,4.5,300"
        assertEquals(2, d.user(5));
        assertEquals(1, d.item(5));
        assertEquals(4.5f, d.rating(5));
        assertEquals(300L, d.timestamp(5));
        assertTrue(d.hasTimestamps());
        assertEquals(0.5f, d.minRating());
        assertEquals(5.0f, d.maxRating());
        assertFalse(d.hasPredefinedSplit());
    }

    @Test
    void titlesYearsAndGenresComeFromMoviesCsv() {
        Dataset d = MovieLensReader.read(Fixtures.resource("tiny-movielens"));
        assertEquals("Misérables, Les (1995)", d.itemLabel(0));
        assertEquals("The \"Quoted\" Film (2001)", d.itemLabel(1));
        FeatureTable items = d.itemTable();
        assertEquals(List.of("title", "year", "genres"), items.columnNames());
        assertEquals(ColumnKind.LABEL, items.kind("title"));
        assertEquals(ColumnKind.NUMERIC, items.kind("year"));
        assertEquals(ColumnKind.MULTI_VALUED, items.kind("genres"));
        assertEquals("1995", items.cell("year", 0));
        assertEquals("", items.cell("year", 2)); // "Untitled Project" has no year
        assertEquals("Drama|Sci-Fi", items.cell("genres", 3));
        assertEquals("", items.cell("genres", 2)); // "(no genres listed)" means none
        assertEquals(0, d.userTable().columnNames().size());
        assertEquals(3, d.userTable().rows());
    }

    @Test
    void yearIsTheTrailingParenthesisedYear() {
        assertEquals("1995", MovieLensReader.yearOf("Toy Story (1995)"));
        assertEquals("1995", MovieLensReader.yearOf("Toy Story (1995) "));
        assertEquals("2010", MovieLensReader.yearOf("2012 (2010)"));
        assertEquals("", MovieLensReader.yearOf("Babylon 5"));
        assertEquals("", MovieLensReader.yearOf("Stranger Things (2016-)"));
    }

    @Test
    void aRatingOfAnUnknownMovieNamesFileLineAndColumn() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,1\n1,77,4.0,2\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv", e.file());
        assertEquals(3, e.line());
        assertEquals("movieId", e.column());
    }

    @Test
    void ratingsMustBeFiniteNumbersWithinHalfToFive() {
        for (String bad : List.of("5.5", "0", "NaN", "Infinity", "abc", "")) {
            Fixtures.write(dir, "movies.csv", MOVIES);
            Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10," + bad + ",1\n");
            DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir), bad);
            assertEquals("ratings.csv", e.file());
            assertEquals(2, e.line());
            assertEquals("rating", e.column());
        }
    }

    @Test
    void aBadTimestampNamesItsColumn() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4,yesterday\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("timestamp", e.column());
        assertEquals(2, e.line());
    }

    @Test
    void headersAreChecked() {
        Fixtures.write(dir, "movies.csv", "movieId,name,genres\n10,A,Drama\n");
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("movies.csv", e.file());
        assertEquals(1, e.line());
    }

    @Test
    void duplicateMovieIdsAreRejected() {
        Fixtures.write(dir, "movies.csv", MOVIES + "10,B (1996),Comedy\n");
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals(3, e.line());
        assertEquals("movieId", e.column());
    }

    @Test
    void wrongFieldCountInRatingsNamesTheLine() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv", e.file());
        assertEquals(2, e.line());
    }

    @Test
    void aMissingRatingsFileIsNamed() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv", e.file());
    }

    @Test
    void aRatingsFileWithOnlyAHeaderIsRejected() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv: expected at least one rating after the header, got none", e.getMessage());
    }

    @Test
    void idsAreWholeNumbers() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,1\nabc,10,4.0,2\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv line 3, column userId: expected a positive whole number, got 'abc'", e.getMessage());

        for (String bad : List.of("-1", "0", "1.5", "", "1e3")) {
            Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n" + bad + ",10,4.0,1\n");
            e = assertThrows(DataException.class, () -> MovieLensReader.read(dir), bad);
            assertEquals("ratings.csv line 2, column userId: expected a positive whole number, got '" + bad + "'",
                    e.getMessage());
        }

        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,ten,4.0,1\n");
        e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv line 2, column movieId: expected a positive whole number, got 'ten'", e.getMessage());

        Fixtures.write(dir, "movies.csv", MOVIES + "x7,B (1996),Comedy\n");
        e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("movies.csv line 3, column movieId: expected a positive whole number, got 'x7'", e.getMessage());
    }

    @Test
    void aSecondRatingOfTheSameMovieByTheSameUserIsRejected() {
        Fixtures.write(dir, "movies.csv", MOVIES + "20,B (1996),Comedy\n");
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,1\n1,20,3.0,2\n2,10,1.0,3\n1,10,2.5,4\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv line 5: expected one rating per user and movie, got a second rating by user 1 "
                + "of movie 10 (the first is on line 2)", e.getMessage());
    }

    @Test
    void aCellWithControlCharactersIsEchoedEscaped() {
        Fixtures.write(dir, "movies.csv", MOVIES);
        Fixtures.write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,10,\u001b[31m5\u0007,1\n");
        DataException e = assertThrows(DataException.class, () -> MovieLensReader.read(dir));
        assertEquals("ratings.csv line 2, column rating: expected a number, got '\\u001b[31m5\\u0007'", e.getMessage());
    }

    /** The words a caller answers --schema and --rating-range with when the data is MovieLens. */
    @Test
    void theFormatRefusesASchemaAndARatingRangeInTheseWords() {
        assertEquals("--schema applies to the table format (users.csv, items.csv) only", MovieLensReader.SCHEMA_NOT_APPLICABLE);
        assertEquals("--rating-range applies to the table format (users.csv, items.csv) only; MovieLens ratings are "
                + "0.5 to 5", MovieLensReader.RATING_RANGE_NOT_APPLICABLE);
        assertEquals(new RatingRange(0.5, 5), MovieLensReader.RATING_RANGE);
    }
}
