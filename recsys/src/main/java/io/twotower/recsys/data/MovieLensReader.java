package io.twotower.recsys.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MovieLens directory ({@code ratings.csv} + {@code movies.csv}, e.g. ml-latest-small).
 *
 * <ul>
 *   <li>Items are exactly the movies in movies.csv, in file order (unrated movies included).</li>
 *   <li>Users are the userIds in ratings.csv, indexed in order of first appearance.</li>
 *   <li>The item table has the raw columns {@code title} (LABEL), {@code year} (NUMERIC, parsed
 *       from a trailing "(1995)" of the title, empty when absent) and {@code genres}
 *       (MULTI_VALUED, {@code '|'}-separated; "(no genres listed)" becomes an empty cell).
 *       The user table has no columns.</li>
 *   <li>userId and movieId are positive whole numbers, as in every MovieLens release (kept as
 *       the text the file gives, so {@code 7} is the id "7").</li>
 *   <li>Ratings must be finite and within [0.5, 5]; a rating naming a movie that is not in
 *       movies.csv is an error, and so is a second rating of the same movie by the same user.
 *       The rating range is declared as [0.5, 5].</li>
 * </ul>
 *
 * <p>The format has no room for a schema: its columns are fixed. A caller that was given one (the
 * command line's {@code --schema}) should refuse it with {@link #SCHEMA_NOT_APPLICABLE} rather than
 * ignore it, and likewise a declared rating range with {@link #RATING_RANGE_NOT_APPLICABLE}.
 */
public final class MovieLensReader {

    /** The lowest and highest MovieLens rating. */
    public static final float MIN_RATING = 0.5f;
    public static final float MAX_RATING = 5.0f;
    /** The MovieLens rating scale, [0.5, 5]. */
    public static final RatingRange RATING_RANGE = new RatingRange(MIN_RATING, MAX_RATING);

    /** What to answer a schema given for MovieLens data: its columns are fixed. */
    public static final String SCHEMA_NOT_APPLICABLE = "--schema applies to the table format (users.csv, items.csv) only";
    /** What to answer a rating range given for MovieLens data: its scale is fixed. */
    public static final String RATING_RANGE_NOT_APPLICABLE =
            "--rating-range applies to the table format (users.csv, items.csv) only; MovieLens ratings are 0.5 to 5";

    /** What movies.csv says for a movie without genres. */
    public static final String NO_GENRES = "(no genres listed)";

    /** A year in parentheses at the end of a title: "Toy Story (1995)". */
    private static final Pattern TRAILING_YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");

    private MovieLensReader() {
    }

    /**
     * Reads {@code dir/movies.csv} and {@code dir/ratings.csv}.
     *
     * @throws DataException naming file, line and column for any malformed input
     */
    public static Dataset read(Path dir) {
        CsvFile movies = CsvFile.read(dir.resolve("movies.csv"));
        movies.requireHeader("movieId", "title", "genres");
        int numItems = movies.size();
        String[] itemIds = new String[numItems];
        String[] titles = new String[numItems];
        String[] years = new String[numItems];
        String[] genres = new String[numItems];
        Map<String, Integer> itemIndex = new HashMap<>(numItems * 2);
        for (int r = 0; r < numItems; r++) {
            String id = wholeNumber(movies, r, 0);
            if (itemIndex.putIfAbsent(id, r) != null) {
                throw movies.error(r, 0, "expected unique movie ids, got '" + CsvFile.shorten(id) + "' again (first on line "
                        + movies.line(itemIndex.get(id)) + ")");
            }
            itemIds[r] = id;
            titles[r] = movies.cell(r, 1);
            years[r] = yearOf(titles[r]);
            String g = movies.cell(r, 2).trim();
            genres[r] = g.equals(NO_GENRES) ? "" : g;
        }

        CsvFile ratings = CsvFile.read(dir.resolve("ratings.csv"));
        ratings.requireHeader("userId", "movieId", "rating", "timestamp");
        int n = ratings.size();
        if (n == 0) {
            throw new DataException(ratings.name(), -1, null, "expected at least one rating after the header, got none");
        }
        int[] users = new int[n];
        int[] items = new int[n];
        float[] values = new float[n];
        long[] times = new long[n];
        Map<String, Integer> userIndex = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            String userId = wholeNumber(ratings, r, 0);
            int u;
            if (r > 0 && userId.equals(ratings.cell(r - 1, 0).trim())) {
                u = users[r - 1]; // ratings.csv is grouped by user: this skips most map lookups
            } else {
                u = userIndex.computeIfAbsent(userId, id -> userIndex.size());
            }
            Integer item = itemIndex.get(wholeNumber(ratings, r, 1));
            if (item == null) {
                throw ratings.error(r, 1, "expected a movieId listed in movies.csv, got '" + CsvFile.shorten(ratings.cell(r, 1)) + "'");
            }
            double rating = ratings.rating(r, 2, RATING_RANGE);
            users[r] = u;
            items[r] = item;
            values[r] = (float) rating;
            times[r] = ratings.integer(r, 3);
        }
        int[] repeat = DuplicateRatings.first(users, items, numItems);
        if (repeat != null) {
            throw new DataException(ratings.name(), ratings.line(repeat[1]), null, "expected one rating per user and movie, "
                    + "got a second rating by user " + CsvFile.shorten(ratings.cell(repeat[1], 0).trim()) + " of movie "
                    + CsvFile.shorten(ratings.cell(repeat[1], 1).trim()) + " (the first is on line "
                    + ratings.line(repeat[0]) + ")");
        }

        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("title", titles);
        columns.put("year", years);
        columns.put("genres", genres);
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        kinds.put("title", ColumnKind.LABEL);
        kinds.put("year", ColumnKind.NUMERIC);
        kinds.put("genres", ColumnKind.MULTI_VALUED);
        FeatureTable itemTable = new FeatureTable(numItems, columns, kinds);
        String[] userIds = userIndex.keySet().toArray(new String[0]);
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "movielens"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        return new Dataset(name, Dataset.Format.MOVIELENS, userIds, itemIds, titles,
                FeatureTable.empty(userIds.length), itemTable, users, items, values, times,
                MIN_RATING, MAX_RATING, true, -1);
    }

    /**
     * The id in cell (r, c), trimmed: a positive whole number, as MovieLens ids are. A word there
     * ({@code abc}) would otherwise become a user of its own, silently.
     *
     * @throws DataException naming file, line and column otherwise
     */
    private static String wholeNumber(CsvFile file, int r, int c) {
        String id = file.cell(r, c).trim();
        boolean digits = !id.isEmpty();
        boolean zero = true;
        for (int i = 0; i < id.length() && digits; i++) {
            digits = id.charAt(i) >= '0' && id.charAt(i) <= '9';
            zero &= id.charAt(i) == '0';
        }
        if (!digits || zero) {
            throw file.error(r, c, "expected a positive whole number, got '" + CsvFile.shorten(id) + "'");
        }
        return id;
    }

    /**
     * The year at the end of a MovieLens title, e.g. "1995" for "Misérables, Les (1995)", or "" when
     * the title has none (a few titles do not).
     */
    public static String yearOf(String title) {
        Matcher m = TRAILING_YEAR.matcher(title);
        return m.find() ? m.group(1) : "";
    }
}
