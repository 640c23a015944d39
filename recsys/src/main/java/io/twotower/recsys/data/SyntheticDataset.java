package io.twotower.recsys.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A generated table-format dataset with a known, learnable structure.
 *
 * <p>There are {@value #K} hidden genres ({@link #GENRES}). Each item belongs to one or two of
 * them: its hidden vector {@code v} is the genre multi-hot divided by its norm, and it has a hidden
 * quality {@code q ~ N(0, 1)}. Each user has a hidden taste {@code t ~ N(0, I_K)}. The rating is
 *
 * <pre>  rating = clip(round_half(3 + 0.8 t·v + 0.4 q + N(0, 0.25²)), 0.5, 5)</pre>
 *
 * <p>Features reveal the hidden values: items have {@code name} (LABEL), {@code genres}
 * (MULTI_VALUED, exactly the item's genres) and {@code quality_hint} (NUMERIC, q + N(0, 0.3²));
 * users have {@code segment} (CATEGORICAL, "fan_" + their favourite genre) and
 * {@code affinity_<genre>} (NUMERIC, t_g + N(0, 0.3²)). So a two-tower model can learn the score
 * from features alone, far better than the global mean.
 *
 * <p>Each user rates {@code interactionsPerUser} distinct random items, one per simulated day.
 * Everything is drawn from one {@code Random(seed)}: same seed, same dataset.
 */
public final class SyntheticDataset {

    /** Number of hidden genres. */
    public static final int K = 4;
    /** The hidden genres' names. */
    public static final String[] GENRES = {"action", "comedy", "drama", "scifi"};

    private static final long FIRST_TIMESTAMP = 1_600_000_000L;
    private static final long DAY = 86_400L;

    private SyntheticDataset() {
    }

    /**
     * Generates the dataset.
     *
     * @throws IllegalArgumentException unless {@code 1 <= interactionsPerUser <= numItems} and
     *                                  {@code numUsers >= 1}
     */
    public static Dataset generate(long seed, int numUsers, int numItems, int interactionsPerUser) {
        if (numUsers < 1 || interactionsPerUser < 1 || interactionsPerUser > numItems) {
            throw new IllegalArgumentException("need numUsers >= 1 and 1 <= interactionsPerUser <= numItems, got "
                    + numUsers + ", " + numItems + ", " + interactionsPerUser);
        }
        Random random = new Random(seed);

        // Items: hidden genre vector v (unit norm) and quality q; features reveal both.
        float[][] itemVector = new float[numItems][K];
        float[] quality = new float[numItems];
        String[] itemIds = new String[numItems];
        String[] names = new String[numItems];
        String[] genres = new String[numItems];
        String[] qualityHint = new String[numItems];
        for (int i = 0; i < numItems; i++) {
            int first = random.nextInt(K);
            int second = random.nextBoolean() ? random.nextInt(K) : first;
            float weight = first == second ? 1f : (float) (1 / Math.sqrt(2));
            itemVector[i][first] = weight;
            itemVector[i][second] = weight;
            String genreList = first == second ? GENRES[first]
                    : GENRES[Math.min(first, second)] + "|" + GENRES[Math.max(first, second)];
            quality[i] = (float) random.nextGaussian();
            itemIds[i] = "i" + i;
            names[i] = "Item " + i + " (" + genreList + ")";
            genres[i] = genreList;
            qualityHint[i] = Float.toString((float) (quality[i] + 0.3 * random.nextGaussian()));
        }

        // Users: hidden taste t; features reveal it (favourite genre and noisy affinities).
        float[][] taste = new float[numUsers][K];
        String[] userIds = new String[numUsers];
        String[] segment = new String[numUsers];
        String[][] affinity = new String[K][numUsers];
        for (int u = 0; u < numUsers; u++) {
            int favourite = 0;
            for (int g = 0; g < K; g++) {
                taste[u][g] = (float) random.nextGaussian();
                if (taste[u][g] > taste[u][favourite]) {
                    favourite = g;
                }
            }
            userIds[u] = "u" + u;
            segment[u] = "fan_" + GENRES[favourite];
            for (int g = 0; g < K; g++) {
                affinity[g][u] = Float.toString((float) (taste[u][g] + 0.3 * random.nextGaussian()));
            }
        }

        // Interactions: each user rates distinct random items (partial Fisher-Yates), one per day.
        int n = numUsers * interactionsPerUser;
        int[] users = new int[n];
        int[] items = new int[n];
        float[] ratings = new float[n];
        long[] timestamps = new long[n];
        int[] order = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            order[i] = i;
        }
        int row = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int j = 0; j < interactionsPerUser; j++, row++) {
                int pick = j + random.nextInt(numItems - j);
                int item = order[pick];
                order[pick] = order[j];
                order[j] = item;
                double dot = 0;
                for (int g = 0; g < K; g++) {
                    dot += taste[u][g] * itemVector[item][g];
                }
                double raw = 3 + 0.8 * dot + 0.4 * quality[item] + 0.25 * random.nextGaussian();
                users[row] = u;
                items[row] = item;
                ratings[row] = (float) Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2.0));
                timestamps[row] = FIRST_TIMESTAMP + j * DAY + random.nextInt((int) DAY);
            }
        }

        Map<String, String[]> userColumns = new LinkedHashMap<>();
        Map<String, ColumnKind> userKinds = new LinkedHashMap<>();
        userColumns.put("segment", segment);
        userKinds.put("segment", ColumnKind.CATEGORICAL);
        for (int g = 0; g < K; g++) {
            userColumns.put("affinity_" + GENRES[g], affinity[g]);
            userKinds.put("affinity_" + GENRES[g], ColumnKind.NUMERIC);
        }
        Map<String, String[]> itemColumns = new LinkedHashMap<>();
        Map<String, ColumnKind> itemKinds = new LinkedHashMap<>();
        itemColumns.put("name", names);
        itemKinds.put("name", ColumnKind.LABEL);
        itemColumns.put("genres", genres);
        itemKinds.put("genres", ColumnKind.MULTI_VALUED);
        itemColumns.put("quality_hint", qualityHint);
        itemKinds.put("quality_hint", ColumnKind.NUMERIC);

        return new Dataset("synthetic-" + seed, Dataset.Format.TABLE, userIds, itemIds, names,
                new FeatureTable(numUsers, userColumns, userKinds),
                new FeatureTable(numItems, itemColumns, itemKinds),
                users, items, ratings, timestamps, 0.5f, 5.0f, true, -1);
    }
}
