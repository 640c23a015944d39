package io.twotower.recsys.features;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MovieLens features of the original TensorFlow two-tower notebook.
 *
 * <p>User: {@code rating_count}, {@code avg_rating}, and {@code avg_rating:<genre>} for every genre
 * in movies.csv (sorted). A genre the user never rated in training takes the user's overall
 * average (so the column says "no preference either way" rather than inventing one).
 *
 * <p>Item: {@code year}, {@code year_missing}, {@code avg_rating}, {@code rating_count}, and the
 * multi-hot {@code genres=<genre>} over every genre in movies.csv.
 *
 * <p>No training ratings: count 0 and every average = the global training mean. Missing year:
 * the training mean of years and year_missing = 1. Numbers are standardised over the entities
 * with training ratings; the multi-hot columns and the flag are not.
 */
final class MovieLensRecipe {

    static final String YEAR = "year";
    static final String GENRES = "genres";
    static final String TITLE = "title";

    private MovieLensRecipe() {
    }

    /** Fits both sides; returns {users, items}. */
    static EntityFeatures[] fit(Dataset d, int[] trainRows) {
        FeatureTable movies = d.itemTable();
        List<String> genres = allGenres(movies);
        int[][] itemGenres = new int[d.numItems()][];
        for (int i = 0; i < d.numItems(); i++) {
            itemGenres[i] = MultiHotEncoder.split(movies.cell(GENRES, i)).stream().mapToInt(genres::indexOf).toArray();
        }
        InteractionStats stats = new InteractionStats(d, trainRows, itemGenres, genres.size());
        double globalMean = stats.globalMean;

        // Users: statistics only.
        List<Map<String, String>> userRaw = new ArrayList<>();
        for (int u = 0; u < d.numUsers(); u++) {
            Map<String, String> raw = RawValues.cells(d.userTable(), u);
            RawValues.putStats(raw, stats.userCount[u], stats.userSum[u]);
            for (int g = 0; g < genres.size(); g++) {
                if (stats.userGenreCount[u][g] > 0) {
                    raw.put(genreAverageKey(genres.get(g)),
                            Double.toString(stats.userGenreSum[u][g] / stats.userGenreCount[u][g]));
                }
            }
            userRaw.add(raw);
        }
        List<Map<String, String>> trainingUsers = RawValues.training(userRaw, stats.userCount);
        List<FeatureEncoder> userEncoders = new ArrayList<>();
        userEncoders.add(NumericEncoder.fit(InteractionStats.COUNT, null, 0, false, trainingUsers, "users"));
        userEncoders.add(NumericEncoder.fit(InteractionStats.AVERAGE, null, globalMean, false, trainingUsers, "users"));
        for (String genre : genres) {
            userEncoders.add(NumericEncoder.fit(genreAverageKey(genre), InteractionStats.AVERAGE, globalMean, false,
                    trainingUsers, "users"));
        }

        // Items: year, statistics, genres.
        List<Map<String, String>> itemRaw = new ArrayList<>();
        for (int i = 0; i < d.numItems(); i++) {
            Map<String, String> raw = RawValues.cells(movies, i);
            RawValues.putStats(raw, stats.itemCount[i], stats.itemSum[i]);
            itemRaw.add(raw);
        }
        List<Map<String, String>> trainingItems = RawValues.training(itemRaw, stats.itemCount);
        List<FeatureEncoder> itemEncoders = List.of(
                NumericEncoder.fit(YEAR, null, Double.NaN, true, trainingItems, "movies.csv"),
                NumericEncoder.fit(InteractionStats.AVERAGE, null, globalMean, false, trainingItems, "movies.csv"),
                NumericEncoder.fit(InteractionStats.COUNT, null, 0, false, trainingItems, "movies.csv"),
                new MultiHotEncoder(GENRES, genres, false));

        return new EntityFeatures[] {
            EntityFeatures.build("user", userEncoders, Set.of(), userRaw),
            EntityFeatures.build("item", itemEncoders, Set.of(TITLE), itemRaw)
        };
    }

    /** The raw key of a user's average rating of one genre. */
    static String genreAverageKey(String genre) {
        return InteractionStats.AVERAGE + ":" + genre;
    }

    /** Every genre listed in movies.csv, sorted ("(no genres listed)" was already removed). */
    private static List<String> allGenres(FeatureTable movies) {
        Set<String> genres = new TreeSet<>();
        for (int i = 0; i < movies.rows(); i++) {
            genres.addAll(MultiHotEncoder.split(movies.cell(GENRES, i)));
        }
        return List.copyOf(genres);
    }
}
