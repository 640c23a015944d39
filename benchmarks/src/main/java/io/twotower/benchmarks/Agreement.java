package io.twotower.benchmarks;

import io.twotower.engine.Rng;

/**
 * What every benchmark's {@code @Setup} needs before timing anything: seeded random inputs, and a check
 * that the variants it is about to time compute the same thing. A fast wrong answer must fail the run,
 * not win it.
 */
final class Agreement {
    private Agreement() {}

    /** n floats uniform in [-1, 1), the same for the same seed on every run. */
    static float[] randomFloats(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = rng.uniform(-1f, 1f);
        return values;
    }

    /**
     * Throws unless {@code |expected[i] - actual[i]| <= tolerance * (1 + |expected[i]|)} for every i: an
     * absolute tolerance near zero, a relative one for large values (the variants sum in different
     * orders and with or without FMA, so they agree to rounding, not bit for bit).
     */
    static void assertClose(String what, float[] expected, float[] actual, float tolerance) {
        if (expected.length != actual.length) {
            throw new IllegalStateException(what + ": lengths differ, " + expected.length + " vs " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + " [" + i + "]", expected[i], actual[i], tolerance);
        }
    }

    /** The one-value form of {@link #assertClose(String, float[], float[], float)}. */
    static void assertClose(String what, double expected, double actual, double tolerance) {
        double difference = Math.abs(expected - actual);
        if (!(difference <= tolerance * (1 + Math.abs(expected)))) {
            throw new IllegalStateException(what + ": variants disagree, expected " + expected + " got " + actual
                    + " (difference " + difference + ", tolerance " + tolerance + " relative)");
        }
    }

    /** Throws unless the two index lists are equal: top-k answers must be the same items in the same order. */
    static void assertSameIndices(String what, int[] expected, int[] actual, int count) {
        for (int i = 0; i < count; i++) {
            if (expected[i] != actual[i]) {
                throw new IllegalStateException(what + ": rank " + i + " is item " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
