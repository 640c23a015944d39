package io.twotower.engine.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of daemon threads that the big kernels split their work over.
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

    /** Pool threads are of this class, so a nested call can recognise it is already inside the pool. */
    private static final class KernelThread extends Thread {
        KernelThread(Runnable task, int number) {
            super(task, "twotower-kernel-" + number);
            setDaemon(true);
        }
    }

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /** Set on a caller thread while it runs one half of {@link #both}: its kernels then stay on it. */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * threads() - 1 workers (the caller is the remaining one). Never shut down, only resized, so a call in
     * flight while {@link #setThreads} runs cannot find it closed; surplus parts wait in the queue.
     */
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(
            Math.max(1, threads - 1), Math.max(1, threads - 1), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            task -> new KernelThread(task, THREAD_NUMBER.incrementAndGet()));

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
        int workers = Math.max(1, n - 1);
        if (workers > POOL.getMaximumPoolSize()) {     // grow: raise the maximum first, shrink: the core first
            POOL.setMaximumPoolSize(workers);
            POOL.setCorePoolSize(workers);
        } else {
            POOL.setCorePoolSize(workers);
            POOL.setMaximumPoolSize(workers);
        }
        threads = n;
    }

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
        if (parts <= 1 || Thread.currentThread() instanceof KernelThread || SERIAL.get()) {
            if (n > 0) body.run(0, n);
            return;
        }
        int grains = (n + grain - 1) / grain;
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = Math.min(n, (int) ((long) grains * p / parts) * grain);
            int to = Math.min(n, (int) ((long) grains * (p + 1) / parts) * grain);
            futures[p - 1] = POOL.submit(() -> body.run(from, to));
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

    /**
     * Runs two independent tasks at the same time, {@code first} on this thread and {@code second} on a
     * pool thread, and returns when both are done; kernels called inside either run serially on their
     * thread. With one thread (or from inside the pool) they run one after the other. For work with two
     * independent halves too small to split inside the kernels, such as the two towers of a model at a
     * small batch size. Results do not depend on the thread count, since every kernel's result does not.
     */
    public static void both(Runnable first, Runnable second) {
        if (threads <= 1 || Thread.currentThread() instanceof KernelThread || SERIAL.get()) {
            first.run();
            second.run();
            return;
        }
        Future<?> other = POOL.submit(second);
        Throwable failure = null;
        SERIAL.set(Boolean.TRUE);
        try {
            first.run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            SERIAL.set(Boolean.FALSE);
        }
        try {
            other.get();
        } catch (ExecutionException e) {
            if (failure == null) failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure == null) failure = e;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }
}
