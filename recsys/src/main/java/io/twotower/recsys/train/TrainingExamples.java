package io.twotower.recsys.train;

/**
 * Training examples as parallel arrays: example e pairs user {@code users[e]} with item
 * {@code items[e]} and asks the model's score to match {@code targets[e]} (already on the loss's scale:
 * a rating mapped to [-1, 1], or 1/0 for implicit feedback).
 */
public record TrainingExamples(int[] users, int[] items, float[] targets) {
    public TrainingExamples {
        if (users.length != items.length || users.length != targets.length) {
            throw new IllegalArgumentException("users, items and targets must have one entry per example: "
                    + users.length + ", " + items.length + ", " + targets.length);
        }
    }

    public int size() {
        return users.length;
    }
}
