package io.twotower.engine.kernels;

import java.util.Random;

/**
 * Throwaway timing harness (not a test): milliseconds for top-100 of 1,000,000 x 32 items, 1 and 2 threads.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 *      io.twotower.engine.kernels.TopKSpeedCheck
 */
public final class TopKSpeedCheck {
    private TopKSpeedCheck() {}

    public static void main(String[] args) {
        int numItems = 1_000_000, dim = 32, k = 100;
        Random random = new Random(1);
        float[] items = new float[numItems * dim];
        for (int i = 0; i < items.length; i++) items[i] = (float) random.nextGaussian();
        float[] query = new float[dim];
        for (int d = 0; d < dim; d++) query[d] = (float) random.nextGaussian();
        int[] index = new int[k];
        float[] score = new float[k];
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 30; round++) {
                long t0 = System.nanoTime();
                TopK.topK(items, numItems, dim, query, k, i -> i % 1000 == 0, index, score);
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            System.out.printf("topK 1M x 32, k=100, threads=%d: %.2f ms (best of 30); best item %d score %.3f%n",
                    threads, best, index[0], score[0]);
        }
    }
}
