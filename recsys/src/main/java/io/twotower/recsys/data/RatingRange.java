package io.twotower.recsys.data;

/**
 * The declared scale of the ratings, {@code [min, max]}, both ends included: MovieLens's 0.5 to 5,
 * or what the user declares for a table-format dataset (the command line's {@code --rating-range 1,5}).
 *
 * <p>Declaring the scale does two things. A rating outside it is an error naming its line (a typo
 * such as {@code 1e30} for {@code 1} would otherwise be trained on, and give an RMSE of 4e29), and
 * the targets are scaled to [-1, 1] with the declared ends instead of the lowest and highest
 * training ratings.
 *
 * <p>Both ends must be finite floats and {@code min < max}, and the span {@code max - min} at most
 * {@link #MAX_SPAN}: the targets are {@code 2 (r - min) / (max - min) - 1}, computed in float, so
 * twice the span must still be a finite float.
 *
 * @param min the lowest possible rating
 * @param max the highest possible rating
 */
public record RatingRange(double min, double max) {

    /** The widest span whose double is still a finite float (about 1.7e38). */
    public static final double MAX_SPAN = Float.MAX_VALUE / 2.0;

    /** What {@link #parse(String)} accepts, for messages. */
    private static final String EXPECTED = "must be two numbers MIN,MAX with MIN < MAX, e.g. 1,5";

    /**
     * @throws IllegalArgumentException if an end is not a finite float, {@code min >= max}, or the
     *                                  span does not fit a float
     */
    public RatingRange {
        String problem = problem(min, max);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ", got " + format(min) + "," + format(max));
        }
    }

    /**
     * Parses {@code MIN,MAX}, e.g. {@code 1,5} or {@code 0.5,5} (spaces around the numbers allowed).
     *
     * @throws IllegalArgumentException with a message meant to follow the flag's name, e.g.
     *                                  {@code must be two numbers MIN,MAX with MIN < MAX, e.g. 1,5, got '5,1'}
     */
    public static RatingRange parse(String text) {
        String[] ends = text.split(",", -1);
        String problem = EXPECTED;
        if (ends.length == 2 && CsvFile.isDecimal(ends[0]) && CsvFile.isDecimal(ends[1])) {
            double min = Double.parseDouble(ends[0].trim());
            double max = Double.parseDouble(ends[1].trim());
            problem = problem(min, max);
            if (problem == null) {
                return new RatingRange(min, max);
            }
        }
        throw new IllegalArgumentException(problem + ", got '" + DataException.printable(text) + "'");
    }

    /** What is wrong with these ends, in the words of a flag's message, or null when nothing is. */
    private static String problem(double min, double max) {
        if (!isFloat(min) || !isFloat(max) || !(min < max)) {
            return EXPECTED;
        }
        if (max - min > MAX_SPAN) { // in double: this subtraction cannot overflow
            return "must span at most 1.7e38 (scaling the ratings doubles the span, in float)";
        }
        return null;
    }

    /** True if {@code rating} lies within {@code [min, max]}. */
    public boolean contains(double rating) {
        return rating >= min && rating <= max;
    }

    /** {@code [1, 5]}, {@code [0.5, 5]}: as messages show the range. */
    @Override
    public String toString() {
        return "[" + format(min) + ", " + format(max) + "]";
    }

    /** A whole number without ".0" (5, not 5.0); anything else in Java's shortest form (0.5, 1.0E30). */
    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    private static boolean isFloat(double x) {
        return Math.abs(x) <= Float.MAX_VALUE; // false for NaN and the infinities as well
    }
}
