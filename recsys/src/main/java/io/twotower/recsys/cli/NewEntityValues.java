package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.data.Decimals;
import io.twotower.recsys.features.FeaturePipeline;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The feature values of a user or item the model has never seen, as given to {@code --new-user} and
 * {@code --new-item}: parsed, then checked the way the data readers check a file.
 *
 * <p><b>Syntax.</b> {@code NAME=VALUE} pairs separated by commas; a value that holds a comma (many
 * MovieLens titles do) goes in double quotes, a quote inside it is written twice, as in CSV:
 * {@code title="American President, The (1995)",genres=Comedy}. The flag may also be repeated, one
 * or more pairs each time: {@code --new-item 'title="Heat, The (1995)"' --new-item genres=Action}.
 *
 * <p><b>Checks</b>, for every numeric feature (a name that is also one of the model's feature columns):
 * a finite number within the float range, as the readers require; a rating-valued feature
 * ({@code avg_rating}, {@code avg_rating:<genre>}) within the rating scale the model was trained on;
 * a count ({@code rating_count}) not negative; and any numeric feature not far outside the values the
 * model's users (or items) have, which is all it ever saw: at most the width of that range beyond
 * either end of it. {@code rating_count=1e30} would otherwise give vectors that say nothing (or an empty
 * list, when the float overflows). Unknown names and non-numeric values of other features are left
 * to the pipeline, which names them.
 */
final class NewEntityValues {
    /** The statistics' names in the feature pipeline (see {@link FeaturePipeline}'s class comment). */
    private static final String COUNT = "rating_count";
    private static final String AVERAGE = "avg_rating";

    private NewEntityValues() {}

    /** All pairs of all occurrences of the flag, in order; a name given twice is a mistake. */
    static Map<String, String> parse(String flag, List<String> occurrences) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String text : occurrences) {
            int at = 0;
            while (true) {
                int eq = text.indexOf('=', at);
                int comma = text.indexOf(',', at);
                if (eq < 0 || (comma >= 0 && comma < eq)) {
                    String piece = comma < 0 ? text.substring(at) : text.substring(at, comma);
                    throw new UsageException(flag + ": expected NAME=VALUE pairs separated by commas, got '" + piece + "'");
                }
                String name = text.substring(at, eq).trim();
                if (name.isEmpty()) throw new UsageException(flag + ": expected a feature name before '=' in '" + text + "'");
                at = eq + 1;
                String value;
                if (at < text.length() && text.charAt(at) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    at = readQuoted(flag, name, text, at + 1, quoted);
                    if (at < text.length() && text.charAt(at) != ',') {
                        throw new UsageException(flag + ": expected a comma after the quoted value of " + name
                                + ", got '" + text.substring(at) + "'");
                    }
                    value = quoted.toString();
                } else {
                    int end = text.indexOf(',', at);
                    if (end < 0) end = text.length();
                    value = text.substring(at, end).trim();
                    at = end;
                }
                if (values.put(name, value) != null) throw new UsageException(flag + ": " + name + " is given twice");
                if (at >= text.length()) break;
                at++; // the comma
            }
        }
        return values;
    }

    /** Reads a quoted value from just after its opening quote; returns the index after the closing one. */
    private static int readQuoted(String flag, String name, String text, int at, StringBuilder value) {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != '"') {
                value.append(c);
                at++;
            } else if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
                value.append('"'); // "" is a quote inside the value
                at += 2;
            } else {
                return at + 1;
            }
        }
        throw new UsageException(flag + ": the value of " + name + " opens a double quote that is never closed");
    }

    /**
     * Checks the numeric values (see the class comment).
     *
     * @param entity "user" or "item"
     */
    static void check(String flag, String entity, Map<String, String> values, FeaturePipeline features) {
        boolean user = entity.equals("user");
        List<String> columns = user ? features.userFeatureNames() : features.itemFeatureNames();
        List<String> keys = user ? features.userKeys() : features.itemKeys();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey(), text = e.getValue();
            int column = columns.indexOf(name);
            if (column < 0 || !keys.contains(name)) continue; // not a numeric feature (a category, a title), or unknown
            String where = flag + ": new " + entity + " column " + name + ": ";
            double x = number(where, text);
            if (name.equals(AVERAGE) || name.startsWith(AVERAGE + ":")) {
                if (x < features.minRating() || x > features.maxRating()) {
                    throw new UsageException(where + "expected a rating in [" + plain(features.minRating()) + ", "
                            + plain(features.maxRating()) + "], got '" + text + "'");
                }
                continue;
            }
            if (name.equals(COUNT) && x < 0) {
                throw new UsageException(where + "expected a count (0 or more), got '" + text + "'");
            }
            requireNearTrainingRange(where, name, text, x, user, column, features, entity);
        }
    }

    /** A number as the readers accept it: finite, and within the float range the towers compute in. */
    private static double number(String where, String text) {
        double x;
        try {
            x = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(where + "expected a number, got '" + text + "'");
        }
        if (!Double.isFinite(x)) throw new UsageException(where + "expected a finite number, got '" + text + "'");
        // The readers' rule: plain decimals only (Java also takes "4f" and "0x1p3").
        if (!Decimals.isPlainDecimal(text)) throw new UsageException(where + "expected a number, got '" + text + "'");
        if (Math.abs(x) > Float.MAX_VALUE) {
            throw new UsageException(where + "expected a finite number within the float range (up to 3.4e38), got '" + text + "'");
        }
        return x;
    }

    /**
     * The known entities' values of this feature span [min, max]; the towers were fitted on nothing else.
     * A value more than one width of that range beyond either end is refused.
     */
    private static void requireNearTrainingRange(String where, String name, String text, double x, boolean user, int column,
                                                 FeaturePipeline features, String entity) {
        Function<Map<String, String>, float[]> transform = user ? features::transformNewUser : features::transformNewItem;
        Standardisation s = Standardisation.of(transform, name, column);
        if (s == null) return;
        float[] matrix = user ? features.userMatrix() : features.itemMatrix();
        int width = user ? features.userDim() : features.itemDim(), count = user ? features.numUsers() : features.numItems();
        double zMin = Double.POSITIVE_INFINITY, zMax = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < count; row++) {
            zMin = Math.min(zMin, matrix[row * width + column]);
            zMax = Math.max(zMax, matrix[row * width + column]);
        }
        double min = s.rawOf(zMin), max = s.rawOf(zMax), range = max - min;
        if (!(range > 0)) return; // every known entity has the same value: nothing to compare with
        double low = min - range, high = max + range;
        if (name.equals(COUNT)) low = Math.max(low, 0);
        if (x < low || x > high) {
            throw new UsageException(where + "expected a value from " + round(low, range) + " to " + round(high, range)
                    + " (the model's " + count + " " + entity + "s have " + round(min, range) + " to " + round(max, range)
                    + "), got '" + text + "'");
        }
    }

    /**
     * The pipeline turns a raw value x of a numeric feature into z = (x - mean) / std: a straight line,
     * which two probes recover. The first pair (0 and 1) gives mean and std roughly; the second pair, the
     * mean and one std above it, lies where float rounding costs nothing.
     */
    private record Standardisation(double x0, double z0, double slope) {
        static Standardisation of(Function<Map<String, String>, float[]> transform, String name, int column) {
            Standardisation rough = through(transform, name, column, 0, 1);
            if (!(Math.abs(rough.slope) > 0) || !Double.isFinite(rough.slope)) return null;
            double mean = rough.rawOf(0), std = 1 / rough.slope;
            Standardisation fine = through(transform, name, column, mean, mean + std);
            return Math.abs(fine.slope) > 0 && Double.isFinite(fine.slope) ? fine : rough;
        }

        private static Standardisation through(Function<Map<String, String>, float[]> transform, String name, int column,
                                               double xa, double xb) {
            double za = transform.apply(Map.of(name, Double.toString(xa)))[column];
            double zb = transform.apply(Map.of(name, Double.toString(xb)))[column];
            return new Standardisation(xa, za, (zb - za) / (xb - xa));
        }

        double rawOf(double z) {
            return x0 + (z - z0) / slope;
        }
    }

    /** To four significant digits of the range: 2698, not 2697.99996. */
    private static String round(double x, double range) {
        int decimals = 3 - (int) Math.floor(Math.log10(range));
        return BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String plain(float x) {
        return new BigDecimal(Float.toString(x)).stripTrailingZeros().toPlainString();
    }
}
