package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Array assertions for the kernel tests. A failure says how many elements are wrong, where the first one
 * is, and the max difference, so that a failing run tells a last-bit disagreement from a wrong result.
 */
final class KernelAssertions {
    private KernelAssertions() {}

    /**
     * Bit equality of every element, as {@link Float#floatToIntBits} compares (so -0 differs from +0, and
     * all NaNs are equal to one another).
     */
    static void assertSameBits(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        int differing = 0, first = -1;
        double maxDifference = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                differing++;
                if (first < 0) first = i;
                maxDifference = Math.max(maxDifference, difference(expected[i], actual[i]));
            }
        }
        if (differing > 0) {
            fail(what + ": " + differing + " of " + expected.length + " elements differ in their bits, first at " + first
                    + " (expected " + expected[first] + ", got " + actual[first] + "); max difference " + maxDifference);
        }
    }

    /**
     * |actual[i] - exact[i]| <= bound[i] for every element. The message gives the max difference, and the
     * element furthest outside its bound.
     */
    static void assertWithinBounds(double[] exact, float[] actual, double[] bound, String what) {
        double maxDifference = 0, worstRatio = 0;
        int worst = -1, outside = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = Math.abs(actual[i] - exact[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            maxDifference = Math.max(maxDifference, d);
            if (d > bound[i]) {
                outside++;
                double ratio = bound[i] == 0 ? Double.POSITIVE_INFINITY : d / bound[i];
                if (worst < 0 || ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        if (outside > 0) {
            fail(what + ": " + outside + " of " + exact.length + " elements outside their bound; max difference "
                    + maxDifference + "; worst at " + worst + ": got " + actual[worst] + ", exact " + exact[worst]
                    + ", difference " + Math.abs(actual[worst] - exact[worst]) + " > bound " + bound[worst]);
        }
    }

    /** |e - a|; 0 for two NaNs, infinite when only one is NaN. */
    static double difference(float e, float a) {
        if (Float.isNaN(e) || Float.isNaN(a)) return Float.isNaN(e) && Float.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs((double) e - a);
    }
}
