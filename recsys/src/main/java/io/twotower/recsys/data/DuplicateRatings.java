package io.twotower.recsys.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds a user who rated the same item twice. Both readers refuse such data: the two ratings may
 * disagree, the statistics would count the pair twice, and a split could put one copy in training
 * and the other in the test part, where the model would be scored on a rating it has seen.
 */
final class DuplicateRatings {

    private DuplicateRatings() {
    }

    /**
     * The first repeated (user, item) pair in row order.
     *
     * @param users    per row, the user index
     * @param items    per row, the item index, in {@code 0..numItems-1}
     * @param numItems number of items (to pack a pair into one long)
     * @return {@code {earlier, later}}: the row that first rated the pair and the first row that
     *         rates it again; null when every pair is rated once
     */
    static int[] first(int[] users, int[] items, int numItems) {
        long[] pairs = new long[users.length];
        for (int r = 0; r < pairs.length; r++) {
            pairs[r] = (long) users[r] * numItems + items[r]; // one number per pair, distinct for distinct pairs
        }
        // Sorting finds whether there is a repeat without boxing a hundred thousand keys; only then
        // is the map needed, to name the rows in the order a reader of the file meets them.
        long[] sorted = pairs.clone();
        Arrays.sort(sorted);
        boolean repeated = false;
        for (int k = 1; k < sorted.length && !repeated; k++) {
            repeated = sorted[k] == sorted[k - 1];
        }
        if (!repeated) {
            return null;
        }
        Map<Long, Integer> firstRow = new HashMap<>();
        for (int r = 0; r < pairs.length; r++) {
            Integer earlier = firstRow.putIfAbsent(pairs[r], r);
            if (earlier != null) {
                return new int[] {earlier, r};
            }
        }
        throw new AssertionError("the sorted pairs hold a repeat that the scan did not find");
    }
}
