package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Parallel#forRange}: every index exactly once, in grain-aligned ranges; failures reach the caller. */
class ParallelTest {

    @Test
    void everyIndexIsVisitedExactlyOnceInGrainAlignedRanges() {
        for (int n : new int[] {0, 1, 7, 64, 1001}) {
            for (int grain : new int[] {1, 4, 100}) {
                for (int parts = 1; parts <= 4; parts++) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(n);
                    AtomicInteger misaligned = new AtomicInteger();
                    Parallel.forRange(n, grain, parts, (from, to) -> {
                        if (from % grain != 0 || (to % grain != 0 && to != n)) misaligned.incrementAndGet();
                        for (int i = from; i < to; i++) visits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, visits.get(i), "n=" + n + " grain=" + grain + " i=" + i);
                    assertEquals(0, misaligned.get(), "n=" + n + " grain=" + grain + " parts=" + parts);
                }
            }
        }
    }

    @Test
    void aFailureInAnyPartIsRethrownToTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Parallel.forRange(100, 10, 2, (from, to) -> {
                    if (from > 0) throw new IllegalStateException("part starting at " + from);
                }));
        assertTrue(e.getMessage().startsWith("part starting at"), e.getMessage());
    }

    @Test
    void bothRunsEachTaskOnceOnTwoThreadsAndKeepsKernelsInsideSerial() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger innerParts = new AtomicInteger();
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            Runnable inner = () -> Parallel.forRange(1000, 1, (from, to) -> innerParts.incrementAndGet());
            Parallel.both(() -> { runs.incrementAndGet(0); runners.add(Thread.currentThread()); inner.run(); },
                    () -> { runs.incrementAndGet(1); runners.add(Thread.currentThread()); inner.run(); });
            assertEquals(1, runs.get(0));
            assertEquals(1, runs.get(1));
            assertEquals(2, runners.size(), "the two tasks ran on two threads");
            assertEquals(2, innerParts.get(), "a loop inside either half runs as one part on its own thread");
            // Afterwards the caller may split work again.
            innerParts.set(0);
            inner.run();
            assertEquals(2, innerParts.get());

            Parallel.setThreads(1);
            runners.clear();
            Parallel.both(() -> runners.add(Thread.currentThread()), () -> runners.add(Thread.currentThread()));
            assertEquals(java.util.Set.of(Thread.currentThread()), runners, "one thread: both on the caller");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void bothRethrowsAFailureOfEitherTask() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.both(() -> {}, () -> { throw new IllegalStateException("second"); }));
        assertEquals("second", e.getMessage());
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(Parallel.threads() >= 1);
    }
}
