package io.twotower.recsys.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The shape of a two-tower model: the layer sizes of each tower and how its score is read.
 *
 * <p>Each tower is an MLP: Dense+ReLU for every size but the last, a linear last layer; its output is
 * L2-normalised, so the score {@code s = <u, v>} is a cosine similarity in [-1, 1].
 * For {@link Objective#RATING} the target rating is scaled to [-1, 1] and fitted by the loss directly;
 * for {@link Objective#IMPLICIT} the logit is {@code logitScale * s} (a fixed temperature: a cosine
 * alone cannot express a confident probability) and the loss is binary cross-entropy.
 *
 * @param userLayers sizes of the user tower's layers, e.g. {256, 128, 32}
 * @param itemLayers sizes of the item tower's layers; the last size must match userLayers' last
 * @param objective  explicit ratings or implicit feedback
 * @param logitScale multiplier from cosine score to logit (implicit objective only)
 */
public record ModelConfig(int[] userLayers, int[] itemLayers, Objective objective, float logitScale) {

    /** What the score is trained to predict. */
    public enum Objective {
        /** Explicit ratings, scaled to [-1, 1], fitted with a regression loss (MSE by default). */
        RATING,
        /** Clicks or "liked" (rating >= threshold) against sampled negatives, fitted with BCE on logits. */
        IMPLICIT
    }

    public static final int[] DEFAULT_LAYERS = {256, 128, 32};
    public static final float DEFAULT_LOGIT_SCALE = 10f;

    public ModelConfig {
        userLayers = userLayers.clone();
        itemLayers = itemLayers.clone();
        if (userLayers.length == 0 || itemLayers.length == 0) {
            throw new IllegalArgumentException("each tower needs at least one layer");
        }
        for (int size : userLayers) if (size <= 0) throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(userLayers));
        for (int size : itemLayers) if (size <= 0) throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(itemLayers));
        if (userLayers[userLayers.length - 1] != itemLayers[itemLayers.length - 1]) {
            throw new IllegalArgumentException("the towers must end in the same size to be compared: user "
                    + Arrays.toString(userLayers) + " vs item " + Arrays.toString(itemLayers));
        }
    }

    public static ModelConfig defaults(Objective objective) {
        return new ModelConfig(DEFAULT_LAYERS, DEFAULT_LAYERS, objective, DEFAULT_LOGIT_SCALE);
    }

    /** Size of the user and item vectors. */
    public int embeddingDim() {
        return userLayers[userLayers.length - 1];
    }

    @Override
    public int[] userLayers() {
        return userLayers.clone();
    }

    @Override
    public int[] itemLayers() {
        return itemLayers.clone();
    }

    void writeTo(DataOutputStream out) throws IOException {
        writeSizes(out, userLayers);
        writeSizes(out, itemLayers);
        out.writeUTF(objective.name());
        out.writeFloat(logitScale);
    }

    static ModelConfig readFrom(DataInputStream in) throws IOException {
        int[] user = readSizes(in);
        int[] item = readSizes(in);
        Objective objective = Objective.valueOf(in.readUTF());
        return new ModelConfig(user, item, objective, in.readFloat());
    }

    private static void writeSizes(DataOutputStream out, int[] sizes) throws IOException {
        out.writeInt(sizes.length);
        for (int size : sizes) out.writeInt(size);
    }

    private static int[] readSizes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > 64) throw new IOException("implausible layer count " + n);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) sizes[i] = in.readInt();
        return sizes;
    }

    @Override
    public String toString() {
        return "user " + Arrays.toString(userLayers) + ", item " + Arrays.toString(itemLayers) + ", " + objective;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && Arrays.equals(userLayers, c.userLayers)
                && Arrays.equals(itemLayers, c.itemLayers) && objective == c.objective
                && Float.compare(logitScale, c.logitScale) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(userLayers) * 31 + Arrays.hashCode(itemLayers) + objective.hashCode();
    }
}
