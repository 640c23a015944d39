package io.twotower.engine.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of daemon threads that the big kernels split their work over.
 *
 * <p>Work is always split into {@code parts} contiguous ranges by a rule that depends only on the range
 * length and the part count, part 0 runs on the calling thread and parts 1.. on the pool. The kernels
 * arrange that every output element is computed by exactly one part in a fixed order, so results do not
 * depend on which thread runs which part, nor (for {@link Matmul} and {@link TopK}) on the thread count.
 *
 * <p>The thread count defaults to the system property {@code twotower.threads}, else
 * {@code Runtime.availableProcessors()}; {@link #setThreads(int)} changes it (1 = single-threaded).
 * Calls made from inside a pool thread run serially, so nested use cannot deadlock.
 */
public final class Parallel {
    private Parallel() {}

    /** The body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = defaultThreads();
    private static ExecutorService pool;

    private static int defaultThreads() {
        String property = System.getProperty("twotower.threads");
        if (property == null || property.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(property.trim());
            if (n < 1) throw new IllegalArgumentException("twotower.threads must be >= 1, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("twotower.threads must be an integer, got '" + property + "'", e);
        }
    }

    /** The number of threads a parallel kernel uses (>= 1). */
    public static int threads() { return threads; }

    /** Sets the number of threads the kernels use; 1 runs everything on the calling thread. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        if (n == threads) return;
        threads = n;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    private static synchronized ExecutorService pool(int workers) {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread t = new Thread(runnable, "twotower-kernel");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * Splits [0, n) into {@code min(threads(), ceil(n / grain))} contiguous ranges, each a multiple of
     * {@code grain} long except the last, and runs {@code body} on them in parallel; returns when all are done.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        forRange(n, grain, threads, body);
    }

    /**
     * As {@link #forRange(int, int, RangeBody)} with an explicit number of parts (tests use it to compare
     * thread counts). With one part, or when called from a pool thread, the body runs once on [0, n)
     * on this thread. Range p is [grain * floor(G p / parts), grain * floor(G (p+1) / parts)) clipped to n,
     * where G = ceil(n / grain): it depends on n, grain and parts only.
     */
    public static void forRange(int n, int grain, int maxParts, RangeBody body) {
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        int parts = Math.min(maxParts, Math.max(1, (n + grain - 1) / grain));
        if (parts <= 1 || IN_POOL.get()) {
            if (n > 0) body.run(0, n);
            return;
        }
        int grains = (n + grain - 1) / grain;
        ExecutorService executor = pool(Math.max(1, threads - 1));
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = Math.min(n, (int) ((long) grains * p / parts) * grain);
            int to = Math.min(n, (int) ((long) grains * (p + 1) / parts) * grain);
            futures[p - 1] = executor.submit(() -> {
                IN_POOL.set(Boolean.TRUE);
                body.run(from, to);
            });
        }
        int firstEnd = Math.min(n, (int) ((long) grains / parts) * grain);
        Throwable failure = null;
        try {
            body.run(0, firstEnd);
        } catch (Throwable t) {
            failure = t;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }
}
