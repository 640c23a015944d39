package io.twotower.recsys.data;

import java.util.Arrays;

/**
 * A partition of (some of) a dataset's interaction rows into a train part and a test part,
 * immutable. Both arrays hold row indices into {@link #dataset()}, sorted ascending, disjoint.
 */
public final class Split {

    private final Dataset dataset;
    private final int[] train;
    private final int[] test;

    /**
     * @param train row indices of the training part (copied, then sorted)
     * @param test  row indices of the test part (copied, then sorted)
     * @throws IllegalArgumentException if a row is out of range or in both parts
     */
    public Split(Dataset dataset, int[] train, int[] test) {
        this.dataset = dataset;
        this.train = train.clone();
        this.test = test.clone();
        Arrays.sort(this.train);
        Arrays.sort(this.test);
        boolean[] seen = new boolean[dataset.size()];
        for (int[] part : new int[][] {this.train, this.test}) {
            for (int row : part) {
                if (row < 0 || row >= seen.length) {
                    throw new IllegalArgumentException("row " + row + " is outside 0.." + (seen.length - 1));
                }
                if (seen[row]) {
                    throw new IllegalArgumentException("row " + row + " appears twice");
                }
                seen[row] = true;
            }
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    /** A copy of the training row indices, ascending. */
    public int[] train() {
        return train.clone();
    }

    /** A copy of the test row indices, ascending. */
    public int[] test() {
        return test.clone();
    }

    public int trainSize() {
        return train.length;
    }

    public int testSize() {
        return test.length;
    }
}
