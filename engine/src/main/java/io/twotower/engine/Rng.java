package io.twotower.engine;

/**
 * A seeded, deterministic random number generator: xoshiro256** (Blackman and Vigna), its 256-bit
 * state filled from the seed by SplitMix64. Same seed, same sequence, on every JVM.
 *
 * <p>The whole state is four longs ({@link #state()} / {@link #restore(long[])}), so a checkpoint can
 * resume a run exactly. Not thread-safe: give each thread its own.
 */
public final class Rng {
    private long s0, s1, s2, s3;

    public Rng(long seed) {
        long x = seed;
        // SplitMix64 spreads any seed (even 0) over the four state words.
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1), from the top 24 bits. */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /** Uniform in [0, 1), from the top 53 bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, bound), without modulo bias (rejection sampling). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        // Draw 31 bits; reject the top partial copy of [0, bound) so every value is equally likely.
        int limit = Integer.MAX_VALUE - (int) (((long) Integer.MAX_VALUE + 1) % bound);
        while (true) {
            int r = (int) (nextLong() >>> 33);
            if (r <= limit) return r % bound;
        }
    }

    /** Standard normal, by Box-Muller (one value per call, so the state stays four longs). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) { return lo + (hi - lo) * nextFloat(); }

    /** Shuffles a[0..n) in place (Fisher-Yates); a[n..] is untouched. */
    public void shuffle(int[] a, int n) {
        if (n < 0 || n > a.length) throw new IllegalArgumentException("shuffle: n = " + n + " outside [0, " + a.length + "]");
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** A copy of the four state words. */
    public long[] state() { return new long[] {s0, s1, s2, s3}; }

    /** Restores a state from {@link #state()}: the sequence continues exactly from there. */
    public void restore(long[] state) {
        if (state == null || state.length != 4) throw new IllegalArgumentException("restore: need 4 state words");
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("restore: all-zero state is invalid for xoshiro256**");
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
    }
}
