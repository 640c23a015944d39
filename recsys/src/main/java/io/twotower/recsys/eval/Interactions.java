package io.twotower.recsys.eval;

import java.util.Arrays;

/**
 * A set of (user, item, rating) triples in columnar form: row {@code r} is
 * {@code (users[r], items[r], ratings[r])}. Users are dense indices in {@code [0, numUsers)} and
 * items dense indices in {@code [0, numItems)}; the same index space is shared by the train and the
 * test set of one split.
 *
 * <p>The constructor copies the arrays, so an {@code Interactions} never changes after it is built.
 */
public final class Interactions {
    private final int[] users;
    private final int[] items;
    private final float[] ratings;
    private final int numUsers;
    private final int numItems;

    /**
     * @param users    user index of each row, each in {@code [0, numUsers)}
     * @param items    item index of each row, each in {@code [0, numItems)}
     * @param ratings  rating of each row, finite, on the original scale (e.g. 0.5 .. 5.0 stars)
     * @param numUsers size of the user index space (users that never appear are allowed)
     * @param numItems size of the item index space
     * @throws IllegalArgumentException if the arrays differ in length or a value is out of range
     */
    public Interactions(int[] users, int[] items, float[] ratings, int numUsers, int numItems) {
        if (users.length != items.length || users.length != ratings.length) {
            throw new IllegalArgumentException("column lengths differ: users " + users.length
                    + ", items " + items.length + ", ratings " + ratings.length);
        }
        if (numUsers < 0 || numItems < 0) {
            throw new IllegalArgumentException("negative index space: numUsers " + numUsers + ", numItems " + numItems);
        }
        for (int r = 0; r < users.length; r++) {
            if (users[r] < 0 || users[r] >= numUsers) {
                throw new IllegalArgumentException("row " + r + ": user " + users[r] + " outside [0, " + numUsers + ")");
            }
            if (items[r] < 0 || items[r] >= numItems) {
                throw new IllegalArgumentException("row " + r + ": item " + items[r] + " outside [0, " + numItems + ")");
            }
            if (!Float.isFinite(ratings[r])) {
                throw new IllegalArgumentException("row " + r + ": rating " + ratings[r] + " is not finite");
            }
        }
        this.users = users.clone();
        this.items = items.clone();
        this.ratings = ratings.clone();
        this.numUsers = numUsers;
        this.numItems = numItems;
    }

    /** A new {@code Interactions} holding the given rows of this one, in the given order (same index spaces). */
    public Interactions rows(int[] indices) {
        int[] u = new int[indices.length];
        int[] i = new int[indices.length];
        float[] r = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int row = indices[k];
            if (row < 0 || row >= size()) {
                throw new IndexOutOfBoundsException("rows: index " + row + " at position " + k + " outside [0, " + size() + ")");
            }
            u[k] = users[row];
            i[k] = items[row];
            r[k] = ratings[row];
        }
        return new Interactions(u, i, r, numUsers, numItems);
    }

    /** Number of rows. */
    public int size() { return users.length; }

    public int numUsers() { return numUsers; }

    public int numItems() { return numItems; }

    public int user(int row) { return users[row]; }

    public int item(int row) { return items[row]; }

    public float rating(int row) { return ratings[row]; }

    /** Mean rating over all rows, accumulated in double; NaN when there are no rows. */
    public double meanRating() {
        double sum = 0;
        for (float r : ratings) sum += r;
        return sum / ratings.length;
    }

    /**
     * For each user, the distinct items of that user's rows whose rating is at least {@code minRating},
     * sorted ascending (so membership is a binary search). {@code result[u]} is empty for a user with
     * no such row. Pass {@code Float.NEGATIVE_INFINITY} to keep every row.
     */
    public int[][] itemsByUser(float minRating) {
        int[] count = new int[numUsers];
        for (int r = 0; r < size(); r++) if (ratings[r] >= minRating) count[users[r]]++;
        int[][] byUser = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) byUser[u] = new int[count[u]];
        int[] fill = new int[numUsers];
        for (int r = 0; r < size(); r++) {
            if (ratings[r] >= minRating) byUser[users[r]][fill[users[r]]++] = items[r];
        }
        for (int u = 0; u < numUsers; u++) byUser[u] = sortedDistinct(byUser[u]);
        return byUser;
    }

    private static int[] sortedDistinct(int[] values) {
        Arrays.sort(values);
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            if (k == 0 || values[k] != values[k - 1]) values[n++] = values[k];
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }

    @Override
    public String toString() {
        return "Interactions[" + size() + " rows, " + numUsers + " users, " + numItems + " items]";
    }
}
