package io.twotower.recsys.features;

import io.twotower.recsys.data.DataException;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.MovieLensReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns users and items into the float vectors the two towers read, fitted without leakage.
 *
 * <p>{@link #fit} computes every statistic from the training rows only: rating counts and
 * averages, per-genre averages, the global mean, scaler means and standard deviations, and
 * vocabularies (over the users/items that have training ratings). A test row's rating never
 * reaches any feature. Recipes: {@link MovieLensRecipe} for MovieLens data and
 * {@link TableRecipe} for the table format (see those classes for the exact columns).
 *
 * <p>Every known user's and item's features are precomputed: {@link #userMatrix()} is
 * {@code numUsers x userDim} row-major, {@code m[u * userDim() + j]}; likewise for items.
 *
 * <p>Cold start: {@link #transformNewUser} / {@link #transformNewItem} take raw named values as
 * text. Accepted keys ({@link #userKeys()} / {@link #itemKeys()}): the table's feature columns
 * (MovieLens items: {@code title}, {@code year}, {@code genres}; without a year the title's
 * trailing "(1995)" is used), and the statistics {@code rating_count}, {@code avg_rating}
 * (MovieLens users also {@code avg_rating:<genre>}). Missing keys are imputed exactly as for a
 * user/item without training data; an unknown key is a {@link DataException} naming it.
 *
 * <p>Target scaling uses the dataset's declared rating range, or, when the range was only observed
 * (table format), the range of the training ratings.
 *
 * <p>Immutable once fitted; {@link #writeTo} / {@link #readFrom} round-trip it exactly.
 */
public final class FeaturePipeline {

    private static final int MAGIC = 0x54544650; // "TTFP"
    /**
     * Layout version. 1: strings in {@link StringEncoding#MODIFIED_UTF8} (at most 64 KB each);
     * 2: the same layout with strings in {@link StringEncoding#UTF8}, of any length. Both are read.
     */
    private static final int VERSION = 2;

    private final Dataset.Format format;
    private final float minRating;
    private final float maxRating;
    private final double globalMean;
    private final EntityFeatures users;
    private final EntityFeatures items;

    private FeaturePipeline(Dataset.Format format, float minRating, float maxRating, double globalMean,
                            EntityFeatures users, EntityFeatures items) {
        this.format = format;
        this.minRating = minRating;
        this.maxRating = maxRating;
        this.globalMean = globalMean;
        this.users = users;
        this.items = items;
    }

    /**
     * Fits the pipeline on the training rows of a dataset.
     *
     * @param trainRows row indices into {@code d} used for every statistic (must be non-empty)
     * @throws IllegalArgumentException for empty or out-of-range rows
     */
    public static FeaturePipeline fit(Dataset d, int[] trainRows, FeatureOptions options) {
        if (trainRows.length == 0) {
            throw new IllegalArgumentException("no training rows to fit features on");
        }
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int row : trainRows) {
            if (row < 0 || row >= d.size()) {
                throw new IllegalArgumentException("training row " + row + " outside 0.." + (d.size() - 1));
            }
            sum += d.rating(row);
            min = Math.min(min, d.rating(row));
            max = Math.max(max, d.rating(row));
        }
        if (d.hasDeclaredRatingRange()) { // the scale's own range; otherwise the training range
            min = d.minRating();
            max = d.maxRating();
        }
        EntityFeatures[] sides = d.format() == Dataset.Format.MOVIELENS
                ? MovieLensRecipe.fit(d, trainRows)
                : TableRecipe.fit(d, trainRows, options);
        return new FeaturePipeline(d.format(), min, max, sum / trainRows.length, sides[0], sides[1]);
    }

    /** Number of user features. */
    public int userDim() {
        return users.width();
    }

    /** Number of item features. */
    public int itemDim() {
        return items.width();
    }

    /** Number of users known at fit time (rows of {@link #userMatrix()}). */
    public int numUsers() {
        return users.count();
    }

    /** Number of items known at fit time (rows of {@link #itemMatrix()}). */
    public int numItems() {
        return items.count();
    }

    /** A copy of the features of user {@code userIndex}. */
    public float[] userFeatures(int userIndex) {
        return users.row(userIndex);
    }

    /** A copy of the features of item {@code itemIndex}. */
    public float[] itemFeatures(int itemIndex) {
        return items.row(itemIndex);
    }

    /** A copy of all user features: {@code m[u * userDim() + j]}. */
    public float[] userMatrix() {
        return users.matrix();
    }

    /** A copy of all item features: {@code m[i * itemDim() + j]}. */
    public float[] itemMatrix() {
        return items.matrix();
    }

    public List<String> userFeatureNames() {
        return users.names();
    }

    public List<String> itemFeatureNames() {
        return items.names();
    }

    /** Keys {@link #transformNewUser} accepts. */
    public List<String> userKeys() {
        return users.acceptedKeys();
    }

    /** Keys {@link #transformNewItem} accepts. */
    public List<String> itemKeys() {
        return items.acceptedKeys();
    }

    /** The mean training rating. */
    public double globalMean() {
        return globalMean;
    }

    public float minRating() {
        return minRating;
    }

    public float maxRating() {
        return maxRating;
    }

    /**
     * Features of a user not in the data, from raw values as text.
     *
     * @throws DataException for an unknown key or a malformed value (naming the key)
     */
    public float[] transformNewUser(Map<String, String> raw) {
        return users.encodeNew(raw);
    }

    /**
     * Features of an item not in the data, from raw values as text.
     *
     * @throws DataException for an unknown key or a malformed value (naming the key)
     */
    public float[] transformNewItem(Map<String, String> raw) {
        if (format == Dataset.Format.MOVIELENS) {
            Map<String, String> movie = new HashMap<>(raw);
            if (FeatureEncoder.present(movie, MovieLensRecipe.YEAR) == null && movie.containsKey(MovieLensRecipe.TITLE)) {
                movie.put(MovieLensRecipe.YEAR, MovieLensReader.yearOf(movie.get(MovieLensRecipe.TITLE)));
            }
            if (MovieLensReader.NO_GENRES.equals(movie.getOrDefault(MovieLensRecipe.GENRES, "").trim())) {
                movie.put(MovieLensRecipe.GENRES, "");
            }
            raw = movie;
        }
        return items.encodeNew(raw);
    }

    /** Maps a rating linearly from [minRating, maxRating] to [-1, 1]: {@code 2 (r - min) / (max - min) - 1}. */
    public float scaleTarget(float rating) {
        if (maxRating == minRating) {
            return 0f;
        }
        return 2f * (rating - minRating) / (maxRating - minRating) - 1f;
    }

    /** The inverse of {@link #scaleTarget}, clamped to [minRating, maxRating]. */
    public float unscaleScore(float s) {
        float rating = minRating + (s + 1f) * 0.5f * (maxRating - minRating);
        return Math.min(maxRating, Math.max(minRating, rating));
    }

    /** Writes everything needed to transform: format, rating range, encoders, matrices, names. */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        StringEncoding.UTF8.write(out, format.name());
        out.writeFloat(minRating);
        out.writeFloat(maxRating);
        out.writeDouble(globalMean);
        users.writeTo(out);
        items.writeTo(out);
    }

    /** Reads a pipeline written by {@link #writeTo}. */
    public static FeaturePipeline readFrom(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(String.format("not a feature pipeline: magic 0x%08X, expected 0x%08X", magic, MAGIC));
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("feature pipeline version " + version + ", this code reads 1 to " + VERSION);
        }
        StringEncoding strings = version == 1 ? StringEncoding.MODIFIED_UTF8 : StringEncoding.UTF8;
        Dataset.Format format;
        try {
            format = Dataset.Format.valueOf(strings.read(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown dataset format in feature pipeline", e);
        }
        float min = in.readFloat();
        float max = in.readFloat();
        double mean = in.readDouble();
        EntityFeatures users = EntityFeatures.readFrom(in, strings);
        EntityFeatures items = EntityFeatures.readFrom(in, strings);
        return new FeaturePipeline(format, min, max, mean, users, items);
    }
}
