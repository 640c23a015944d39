package io.twotower.recsys.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Ways to split interactions into train and test, all per user and deterministic.
 *
 * <p>Per user with {@code n} interactions, the test part gets {@code k = round(fraction * n)} of
 * them, capped at {@code n - 1} so every user keeps at least one training interaction (users with
 * fewer than 2 interactions keep everything in train).
 */
public final class Splits {

    private Splits() {
    }

    /**
     * Random holdout: each user's rows (in row order) are shuffled with one {@code Random(seed)},
     * users taken in index order, and the last {@code k} of the shuffled list go to test.
     *
     * @param testFraction in [0, 1)
     * @throws DataException if the fraction is above 0 and no user has enough rows to hold one out
     */
    public static Split randomHoldout(Dataset d, double testFraction, long seed) {
        return requireTestRows(randomHoldout(d, allRows(d), testFraction, seed), testFraction);
    }

    /**
     * A holdout that asked for test rows but got none (every user has too few interactions) cannot be
     * evaluated: a data problem the user must hear about, not an empty metrics table.
     */
    private static Split requireTestRows(Split split, double testFraction) {
        if (testFraction > 0 && split.test().length == 0) {
            long needed = Math.max(2, (long) Math.ceil(0.5 / testFraction));
            throw new DataException(split.dataset().name(), -1, null, "expected at least one user with " + needed
                    + " or more interactions to hold out a test fraction of " + testFraction + ", got none");
        }
        return split;
    }

    /**
     * Temporal holdout: each user's rows ordered by timestamp (ties by row order), the last
     * {@code k} go to test.
     *
     * @throws DataException if the dataset has no timestamps, or (for a fraction above 0) no user has
     *                       enough rows to hold one out
     */
    public static Split temporalHoldout(Dataset d, double testFraction) {
        checkFraction(testFraction);
        if (!d.hasTimestamps()) {
            throw new DataException(d.name(), -1, null, "expected a timestamp column for a temporal split, got none "
                    + "(use the random split, or add a timestamp column to the interactions)");
        }
        List<int[]> perUser = rowsPerUser(d, allRows(d));
        IntList train = new IntList();
        IntList test = new IntList();
        for (int[] rows : perUser) {
            Integer[] ordered = Arrays.stream(rows).boxed().toArray(Integer[]::new);
            Arrays.sort(ordered, Comparator.<Integer>comparingLong(d::timestamp).thenComparingInt(r -> r));
            int k = testCount(rows.length, testFraction);
            for (int i = 0; i < ordered.length; i++) {
                (i < ordered.length - k ? train : test).add(ordered[i]);
            }
        }
        return requireTestRows(new Split(d, train.toArray(), test.toArray()), testFraction);
    }

    /**
     * The split the data came with (train.csv + test.csv).
     *
     * @throws IllegalArgumentException if the dataset has none
     */
    public static Split predefined(Dataset d) {
        if (!d.hasPredefinedSplit()) {
            throw new IllegalArgumentException("dataset " + d.name() + " has no predefined train/test split");
        }
        int trainSize = d.predefinedTrainSize();
        int[] train = new int[trainSize];
        int[] test = new int[d.size() - trainSize];
        for (int r = 0; r < d.size(); r++) {
            if (r < trainSize) {
                train[r] = r;
            } else {
                test[r - trainSize] = r;
            }
        }
        return new Split(d, train, test);
    }

    /**
     * Carves a validation part out of a split's training rows (per-user random holdout as in
     * {@link #randomHoldout}). The result's train part is the rest of the training rows and its
     * test part is the validation rows; the original test rows are in neither.
     */
    public static Split validationFrom(Split split, double fraction, long seed) {
        return randomHoldout(split.dataset(), split.train(), fraction, seed);
    }

    private static Split randomHoldout(Dataset d, int[] rows, double testFraction, long seed) {
        checkFraction(testFraction);
        Random random = new Random(seed);
        IntList train = new IntList();
        IntList test = new IntList();
        for (int[] userRows : rowsPerUser(d, rows)) {
            shuffle(userRows, random);
            int k = testCount(userRows.length, testFraction);
            for (int i = 0; i < userRows.length; i++) {
                (i < userRows.length - k ? train : test).add(userRows[i]);
            }
        }
        return new Split(d, train.toArray(), test.toArray());
    }

    /** k = round(fraction * n), at most n - 1 (0 for n < 2). */
    static int testCount(int n, double fraction) {
        return (int) Math.min(Math.max(n - 1, 0), Math.round(fraction * n));
    }

    /** The given rows grouped by user, users in index order, rows in the given order. */
    private static List<int[]> rowsPerUser(Dataset d, int[] rows) {
        int[] counts = new int[d.numUsers()];
        for (int r : rows) {
            counts[d.user(r)]++;
        }
        List<int[]> perUser = new ArrayList<>(d.numUsers());
        for (int u = 0; u < d.numUsers(); u++) {
            perUser.add(new int[counts[u]]);
        }
        int[] filled = new int[d.numUsers()];
        for (int r : rows) {
            int u = d.user(r);
            perUser.get(u)[filled[u]++] = r;
        }
        return perUser;
    }

    /** Fisher-Yates shuffle in place. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] allRows(Dataset d) {
        int[] rows = new int[d.size()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r;
        }
        return rows;
    }

    private static void checkFraction(double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1), got " + f);
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] data = new int[16];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
