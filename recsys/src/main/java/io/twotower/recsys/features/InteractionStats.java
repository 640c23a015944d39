package io.twotower.recsys.features;

import io.twotower.recsys.data.Dataset;

/**
 * Rating counts and sums from the TRAINING rows only (never a test row): per user, per item, per
 * user and genre (MovieLens), and the global mean rating. Averages are sum / count in double.
 */
final class InteractionStats {

    /** Raw keys under which the statistics reach the encoders. */
    static final String COUNT = "rating_count";
    static final String AVERAGE = "avg_rating";

    final double globalMean;
    final int[] userCount;
    final double[] userSum;
    final int[] itemCount;
    final double[] itemSum;
    /** [user][genre], or null without genres. */
    final int[][] userGenreCount;
    final double[][] userGenreSum;

    /**
     * @param itemGenres per item, the indices of its genres (null for no per-genre statistics)
     * @param numGenres  number of genres
     */
    InteractionStats(Dataset d, int[] trainRows, int[][] itemGenres, int numGenres) {
        userCount = new int[d.numUsers()];
        userSum = new double[d.numUsers()];
        itemCount = new int[d.numItems()];
        itemSum = new double[d.numItems()];
        userGenreCount = itemGenres != null ? new int[d.numUsers()][numGenres] : null;
        userGenreSum = itemGenres != null ? new double[d.numUsers()][numGenres] : null;
        double total = 0;
        for (int row : trainRows) {
            int u = d.user(row);
            int i = d.item(row);
            double r = d.rating(row);
            total += r;
            userCount[u]++;
            userSum[u] += r;
            itemCount[i]++;
            itemSum[i] += r;
            if (itemGenres != null) {
                for (int g : itemGenres[i]) {
                    userGenreCount[u][g]++;
                    userGenreSum[u][g] += r;
                }
            }
        }
        globalMean = total / trainRows.length;
    }
}
