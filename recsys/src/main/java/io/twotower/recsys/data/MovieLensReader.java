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
 *   <li>Ratings must be finite and within [0.5, 5]; a rating naming a movie that is not in
 *       movies.csv is an error. The rating range is declared as [0.5, 5].</li>
 * </ul>
 */
public final class MovieLensReader {

    /** The lowest and highest MovieLens rating. */
    public static final float MIN_RATING = 0.5f;
    public static final float MAX_RATING = 5.0f;

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
            String id = movies.cell(r, 0).trim();
            if (id.isEmpty()) {
                throw movies.error(r, 0, "expected a movie id, got an empty cell");
            }
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
            String userId = ratings.cell(r, 0).trim();
            if (userId.isEmpty()) {
                throw ratings.error(r, 0, "expected a user id, got an empty cell");
            }
            int u;
            if (r > 0 && userId.equals(ratings.cell(r - 1, 0).trim())) {
                u = users[r - 1]; // ratings.csv is grouped by user: this skips most map lookups
            } else {
                u = userIndex.computeIfAbsent(userId, id -> userIndex.size());
            }
            Integer item = itemIndex.get(ratings.cell(r, 1).trim());
            if (item == null) {
                throw ratings.error(r, 1, "expected a movieId listed in movies.csv, got '" + CsvFile.shorten(ratings.cell(r, 1)) + "'");
            }
            double rating = ratings.number(r, 2);
            if (rating < MIN_RATING || rating > MAX_RATING) {
                throw ratings.error(r, 2, "expected a rating in [0.5, 5], got " + CsvFile.shorten(ratings.cell(r, 2)));
            }
            users[r] = u;
            items[r] = item;
            values[r] = (float) rating;
            times[r] = ratings.integer(r, 3);
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
     * The year at the end of a MovieLens title, e.g. "1995" for "Misérables, Les (1995)", or "" when
     * the title has none (a few titles do not).
     */
    public static String yearOf(String title) {
        Matcher m = TRAILING_YEAR.matcher(title);
        return m.find() ? m.group(1) : "";
    }
}
