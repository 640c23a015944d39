package io.twotower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void splitMix64SeedingMatchesTheReferenceImplementation() {
        // Vigna's splitmix64.c from x = 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ...: our first state words.
        long[] state = new Rng(0).state();
        assertEquals(0xE220A8397B1DCDAFL, state[0]);
        assertEquals(0x6E789E6AA1B965F4L, state[1]);
    }

    @Test
    void xoshiroStepMatchesItsDefinition() {
        // Hand-run one xoshiro256** step on the state (1, 2, 3, 4): result = rotl(2 · 5, 7) · 9 = 1280 · 9 = 11520.
        Rng rng = new Rng(0);
        rng.restore(new long[] {1, 2, 3, 4});
        assertEquals(11520L, rng.nextLong());
        // Then: t = 2 << 17; s2 = 3^1 = 2; s3 = 4^2 = 6; s1 = 2^2 = 0; s0 = 1^6 = 7; s2 ^= t; s3 = rotl(6, 45).
        assertArrayEquals(new long[] {7, 0, 2 ^ (2L << 17), Long.rotateLeft(6L, 45)}, rng.state());
    }

    @Test
    void sameSeedSameSequenceAndRestoreResumes() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
        long[] saved = a.state();
        double expected = a.nextGaussian();
        Rng c = new Rng(7);
        c.restore(saved);
        assertEquals(expected, c.nextGaussian());
        assertNotEquals(new Rng(1).nextLong(), new Rng(2).nextLong());
    }

    @Test
    void distributionsHaveTheRightRangeAndMoments() {
        Rng rng = new Rng(3);
        int n = 100_000;
        double sum = 0, sumSq = 0;
        int[] counts = new int[7];
        for (int i = 0; i < n; i++) {
            float u = rng.uniform(-2f, 3f);
            assertTrue(u >= -2f && u < 3f);
            double g = rng.nextGaussian();
            sum += g;
            sumSq += g * g;
            counts[rng.nextInt(7)]++;
        }
        // Mean 0 and variance 1 within ~5 standard errors (1/sqrt(n) ≈ 0.003 and sqrt(2/n) ≈ 0.0045).
        assertEquals(0, sum / n, 0.015);
        assertEquals(1, sumSq / n, 0.025);
        for (int count : counts) assertEquals(n / 7.0, count, 5 * Math.sqrt(n / 7.0));
    }

    @Test
    void shufflePermutesOnlyThePrefix() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        new Rng(5).shuffle(a, 6);
        assertArrayEquals(new int[] {6, 7, 8, 9}, Arrays.copyOfRange(a, 6, 10));
        int[] prefix = Arrays.copyOf(a, 6);
        Arrays.sort(prefix);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, prefix);
        assertTrue(!Arrays.equals(new int[] {0, 1, 2, 3, 4, 5}, Arrays.copyOf(a, 6)), "a 6-element shuffle moved something");
    }
}
