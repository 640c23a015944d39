package io.twotower.recsys.inspect;

/**
 * Summary statistics of one weight tensor, computed in double:
 * mean = Σw / n, std = sqrt(Σ(w − mean)² / n) (population), l2 = sqrt(Σw²).
 */
public record WeightStats(double mean, double std, double l2) {

    public static WeightStats of(float[] w) {
        if (w.length == 0) throw new IllegalArgumentException("weight statistics of an empty tensor");
        double sum = 0, sumSquares = 0;
        for (float v : w) {
            sum += v;
            sumSquares += (double) v * v;
        }
        double mean = sum / w.length;
        double squaredDeviations = 0;
        for (float v : w) squaredDeviations += (v - mean) * (v - mean); // two passes: no cancellation
        return new WeightStats(mean, Math.sqrt(squaredDeviations / w.length), Math.sqrt(sumSquares));
    }

    /** sqrt(Σw²) of a float array, in double. */
    static double l2(float[] w) {
        double s = 0;
        for (float v : w) s += (double) v * v;
        return Math.sqrt(s);
    }
}
