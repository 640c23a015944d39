package io.twotower.recsys.data;

import java.util.HashMap;
import java.util.Map;

/**
 * A ratings dataset, immutable: users, items, their raw feature tables and the interactions.
 *
 * <p>Users and items are dense indices {@code 0..numUsers()-1} and {@code 0..numItems()-1}, each
 * with its original string id. Interactions are stored columnar: row {@code r} says user
 * {@link #user(int) user(r)} gave item {@link #item(int) item(r)} the rating {@link #rating(int)
 * rating(r)} at time {@link #timestamp(int) timestamp(r)} (0 when the data has no timestamps).
 *
 * <p>Built by {@link MovieLensReader}, {@link TableReader} or {@link SyntheticDataset}.
 */
public final class Dataset {

    /** Where the dataset came from; decides which feature recipe applies. */
    public enum Format {
        /** MovieLens ratings.csv + movies.csv: item table has title, year, genres. */
        MOVIELENS,
        /** users.csv + items.csv + interactions: generic declared/inferred feature columns. */
        TABLE
    }

    private final String name;
    private final Format format;
    private final String[] userIds;
    private final String[] itemIds;
    private final String[] itemLabels;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final FeatureTable userTable;
    private final FeatureTable itemTable;
    private final int[] users;
    private final int[] items;
    private final float[] ratings;
    private final long[] timestamps;
    private final boolean hasTimestamps;
    private final float minRating;
    private final float maxRating;
    private final boolean declaredRatingRange;
    private final int predefinedTrainSize; // rows [0, n) are train, the rest test; -1 if none

    /**
     * Package-private: the readers check everything before calling this. Arrays are copied.
     *
     * @param itemLabels          display label per item
     * @param timestamps          per row, or null when the data has none
     * @param declaredRatingRange true if [minRating, maxRating] is the scale's declared range, false
     *                            if it was observed in the data
     * @param predefinedTrainSize rows before this index are the predefined train part and the rest
     *                            the test part, or -1 for no predefined split
     */
    Dataset(String name, Format format, String[] userIds, String[] itemIds, String[] itemLabels,
            FeatureTable userTable, FeatureTable itemTable, int[] users, int[] items, float[] ratings,
            long[] timestamps, float minRating, float maxRating, boolean declaredRatingRange, int predefinedTrainSize) {
        if (userTable.rows() != userIds.length || itemTable.rows() != itemIds.length
                || itemLabels.length != itemIds.length) {
            throw new IllegalArgumentException("tables and ids disagree in size");
        }
        if (users.length != items.length || users.length != ratings.length
                || (timestamps != null && timestamps.length != users.length)) {
            throw new IllegalArgumentException("interaction columns differ in length");
        }
        this.name = name;
        this.format = format;
        this.userIds = userIds.clone();
        this.itemIds = itemIds.clone();
        this.itemLabels = itemLabels.clone();
        this.userIndex = indexOf(userIds);
        this.itemIndex = indexOf(itemIds);
        this.userTable = userTable;
        this.itemTable = itemTable;
        this.users = users.clone();
        this.items = items.clone();
        this.ratings = ratings.clone();
        this.hasTimestamps = timestamps != null;
        this.timestamps = timestamps != null ? timestamps.clone() : new long[users.length];
        this.minRating = minRating;
        this.maxRating = maxRating;
        this.declaredRatingRange = declaredRatingRange;
        this.predefinedTrainSize = predefinedTrainSize;
    }

    private static Map<String, Integer> indexOf(String[] ids) {
        Map<String, Integer> index = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        return index;
    }

    /** A short name, e.g. the directory name. */
    public String name() {
        return name;
    }

    public Format format() {
        return format;
    }

    public int numUsers() {
        return userIds.length;
    }

    public int numItems() {
        return itemIds.length;
    }

    /** Original id of user {@code index}. */
    public String userId(int index) {
        return userIds[index];
    }

    /** Dense index of the user with this original id, or -1 if unknown. */
    public int userIndex(String id) {
        return userIndex.getOrDefault(id, -1);
    }

    /** Original id of item {@code index}. */
    public String itemId(int index) {
        return itemIds[index];
    }

    /** Dense index of the item with this original id, or -1 if unknown. */
    public int itemIndex(String id) {
        return itemIndex.getOrDefault(id, -1);
    }

    /** Display label: the MovieLens title, the table's label column, or else the id. */
    public String itemLabel(int index) {
        return itemLabels[index];
    }

    /** Raw user feature columns (may have no columns, as for MovieLens). */
    public FeatureTable userTable() {
        return userTable;
    }

    /** Raw item feature columns (MovieLens: title, year, genres). */
    public FeatureTable itemTable() {
        return itemTable;
    }

    /** Number of interactions (rows). */
    public int size() {
        return users.length;
    }

    public int user(int row) {
        return users[row];
    }

    public int item(int row) {
        return items[row];
    }

    public float rating(int row) {
        return ratings[row];
    }

    /** Time of the interaction (e.g. Unix seconds), 0 when the data has no timestamps. */
    public long timestamp(int row) {
        return timestamps[row];
    }

    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    /** Lowest possible rating: declared (MovieLens 0.5) or observed. */
    public float minRating() {
        return minRating;
    }

    /** Highest possible rating: declared (MovieLens 5) or observed. */
    public float maxRating() {
        return maxRating;
    }

    /**
     * True if {@link #minRating()}..{@link #maxRating()} is the rating scale's declared range
     * (MovieLens, synthetic); false if it is the range observed over all rows (table format), in
     * which case the feature pipeline uses the training rows' range instead, to avoid leakage.
     */
    public boolean hasDeclaredRatingRange() {
        return declaredRatingRange;
    }

    /** True if the data came as train.csv + test.csv; see {@link Splits#predefined(Dataset)}. */
    public boolean hasPredefinedSplit() {
        return predefinedTrainSize >= 0;
    }

    /** Rows {@code 0..predefinedTrainSize()-1} came from train.csv, the rest from test.csv; -1 if none. */
    int predefinedTrainSize() {
        return predefinedTrainSize;
    }
}
