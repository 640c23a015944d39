package io.twotower.recsys.train;

/**
 * How to train: the knobs a user sets from the command line.
 *
 * @param epochs            maximum number of passes over the training examples
 * @param batchSize         examples per optimizer step
 * @param seed              seeds shuffling (and anything else random in training)
 * @param patience          early stopping: epochs without a better validation loss before stopping
 *                          (0 = never stop early); the best weights are restored at the end
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int patience) {
    public TrainingOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
}
