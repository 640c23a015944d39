package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#forRange} and {@link Parallel#both}: every index exactly once, in grain-aligned ranges;
 * failures reach the caller; the spinning hand-off survives many rapid, nested and concurrent calls and
 * thread-count changes, and its workers park when idle.
 */
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
            // first waits until second has started, so the two must run at the same time, on two threads.
            java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
            Parallel.both(() -> {
                        runs.incrementAndGet(0);
                        runners.add(Thread.currentThread());
                        await(secondStarted);
                        inner.run();
                    },
                    () -> { secondStarted.countDown(); runs.incrementAndGet(1); runners.add(Thread.currentThread()); inner.run(); });
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

    /**
     * Parts are claimed, not assigned: with one worker and three parts, the worker takes part 1 and blocks
     * until part 2 has run, which only the caller can then do. With parts assigned to threads in advance
     * (the worker running 1, then 2) this would never finish.
     */
    @Test
    void aPartNoWorkerIsFreeToTakeIsRunByTheCaller() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            AtomicIntegerArray ran = new AtomicIntegerArray(3);
            Thread[] runner = new Thread[3];
            java.util.concurrent.CountDownLatch partTwoDone = new java.util.concurrent.CountDownLatch(1);
            Parallel.forRange(3, 1, 3, (from, to) -> {
                ran.incrementAndGet(from);
                runner[from] = Thread.currentThread();
                if (from == 1) await(partTwoDone);
                if (from == 2) partTwoDone.countDown();
            });
            for (int p = 0; p < 3; p++) assertEquals(1, ran.get(p), "part " + p);
            assertTrue(runner[1] != runner[2], "parts 1 and 2 ran at the same time, on two threads");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, java.util.concurrent.TimeUnit.SECONDS), "timed out waiting for another part");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
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

    @Test
    void manyRapidCallsEachRunEveryPartExactlyOnce() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            long[] sums = new long[2];           // part p adds its indices into sums[p == 0 ? 0 : 1]
            AtomicInteger bothRuns = new AtomicInteger();
            int calls = 20_000;
            for (int call = 0; call < calls; call++) {
                int n = 1 + call % 97;
                Parallel.forRange(n, 1, 2, (from, to) -> {
                    long s = 0;
                    for (int i = from; i < to; i++) s += i;
                    synchronized (sums) { sums[from == 0 ? 0 : 1] += s; }
                });
                Parallel.both(bothRuns::incrementAndGet, bothRuns::incrementAndGet);
            }
            long expected = 0;                   // sum over calls of 0 + 1 + ... + (n - 1) = n (n - 1) / 2
            for (int call = 0; call < calls; call++) {
                long n = 1 + call % 97;
                expected += n * (n - 1) / 2;
            }
            assertEquals(expected, sums[0] + sums[1]);
            assertTrue(sums[1] > 0, "the second parts ran");
            assertEquals(2 * calls, bothRuns.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aFailingPartDoesNotStopTheOtherPartsAndTheFirstFailureInPartOrderWins() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);                // the caller and one worker share parts 1, 2 and 3
            AtomicIntegerArray ran = new AtomicIntegerArray(4);
            IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                    Parallel.forRange(40, 10, 4, (from, to) -> {
                        ran.incrementAndGet(from / 10);
                        if (from >= 10 && from <= 20) throw new IllegalStateException("part " + from / 10);
                    }));
            assertEquals("part 1", e.getMessage());
            for (int p = 0; p < 4; p++) assertEquals(1, ran.get(p), "part " + p);
            // The team is still usable afterwards.
            AtomicInteger parts = new AtomicInteger();
            Parallel.forRange(40, 10, 4, (from, to) -> parts.incrementAndGet());
            assertEquals(4, parts.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aFailureOfTheCallersOwnPartWinsAndTheWorkersStillFinish() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            AtomicInteger second = new AtomicInteger();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.both(
                    () -> { throw new IllegalStateException("first"); },
                    () -> { second.incrementAndGet(); throw new IllegalArgumentException("second"); }));
            assertEquals("first", e.getMessage());
            assertEquals(1, second.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void changingTheThreadCountWhileIdleChangesHowManyThreadsRunTheParts() {
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {3, 2, 4, 1, 3}) {
                Parallel.setThreads(threads);
                java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
                AtomicIntegerArray visits = new AtomicIntegerArray(1000);
                java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(threads);
                Parallel.forRange(1000, 1, (from, to) -> {
                    runners.add(Thread.currentThread());
                    allStarted.countDown();
                    try {                          // every part waits for the others: they must run at once
                        assertTrue(allStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException ex) {
                        throw new IllegalStateException(ex);
                    }
                    for (int i = from; i < to; i++) visits.incrementAndGet(i);
                });
                assertEquals(threads, runners.size(), threads + " threads");
                for (int i = 0; i < 1000; i++) assertEquals(1, visits.get(i), "threads=" + threads + " i=" + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void callsFromInsideAPartOrFromAnotherThreadMeanwhileRunSeriallyAndComplete() throws Exception {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            AtomicInteger innerParts = new AtomicInteger();
            Parallel.forRange(100, 1, (from, to) ->
                    Parallel.forRange(1000, 1, (f, t) -> innerParts.incrementAndGet()));
            assertEquals(2, innerParts.get(), "each of the two outer parts ran its inner loop as one part");

            // Two unrelated threads calling at once: both finish and visit every index once.
            AtomicIntegerArray visits = new AtomicIntegerArray(2 * 500);
            Thread other = new Thread(() -> {
                for (int r = 0; r < 500; r++) {
                    int row = r;
                    Parallel.forRange(10, 1, (from, to) -> visits.addAndGet(row, to - from));
                }
            });
            other.start();
            for (int r = 0; r < 500; r++) {
                int row = 500 + r;
                Parallel.forRange(10, 1, (from, to) -> visits.addAndGet(row, to - from));
            }
            other.join(60_000);
            for (int r = 0; r < 1000; r++) assertEquals(10, visits.get(r), "call " + r);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Without wakeParked, a parked worker is left asleep during the job: the caller runs every part itself,
     * at once. The worker is woken after it, ready for the next job.
     */
    @Test
    void workThatDoesNotWakeParkedWorkersRunsOnTheCallerWhenTheyAreAsleep() throws InterruptedException {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Parallel.both(() -> {}, () -> {});   // the worker exists
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("twotower-kernel-1")).findFirst().orElseThrow();
            for (int i = 0; i < 1000 && worker.getState() != Thread.State.WAITING; i++) Thread.sleep(10);
            assertEquals(Thread.State.WAITING, worker.getState(), "the worker parked");
            java.util.Set<Thread> runners = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicIntegerArray visits = new AtomicIntegerArray(100);
            Parallel.forRange(100, 1, false, (from, to) -> {
                runners.add(Thread.currentThread());
                for (int i = from; i < to; i++) visits.incrementAndGet(i);
            });
            for (int i = 0; i < 100; i++) assertEquals(1, visits.get(i), "index " + i);
            assertEquals(java.util.Set.of(Thread.currentThread()), runners, "only the caller ran parts");
            // Woken after the job, the worker spins and takes parts of the next small jobs (without that wake-up
            // it would sleep through all of them): within a second of back-to-back jobs, one part runs on it.
            boolean helped = false;
            for (long until = System.nanoTime() + 1_000_000_000L; !helped && System.nanoTime() < until; ) {
                runners.clear();
                Parallel.forRange(100, 1, false, (from, to) -> {
                    runners.add(Thread.currentThread());
                    for (int i = 0; i < 20_000; i++) Thread.onSpinWait();   // a part long enough to share
                });
                helped = runners.contains(worker);
            }
            assertTrue(helped, "the worker, woken after the first job, took part in a later one");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void idleWorkersPark() throws InterruptedException {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Parallel.both(() -> {}, () -> {});
            // After its short spin the worker must block (WAITING in LockSupport.park), not keep a core busy.
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("twotower-kernel-1")).findFirst().orElseThrow();
            assertTrue(worker.isDaemon(), "workers must not keep the JVM alive");
            Thread.State state = worker.getState();
            for (int i = 0; i < 1000 && state != Thread.State.WAITING; i++) {
                Thread.sleep(10);
                state = worker.getState();
            }
            assertEquals(Thread.State.WAITING, state);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
