package io.twotower.engine.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A team of daemon threads that the big kernels split their work over.
 *
 * <p>Work is always split into {@code parts} contiguous ranges by a rule that depends only on the range
 * length and the part count, part 0 runs on the calling thread and parts 1.. on the workers. The kernels
 * arrange that every output element is computed by exactly one part in a fixed order, so results do not
 * depend on which thread runs which part, nor (for {@link Matmul} and {@link TopK}) on the thread count.
 *
 * <p>The thread count defaults to the system property {@code twotower.threads}, else
 * {@code Runtime.availableProcessors()}; {@link #setThreads(int)} changes it (1 = single-threaded).
 * One parallel call runs at a time: a call made while another is in flight (from inside a part, from
 * inside either half of {@link #both}, from a worker, or from an unrelated thread) runs serially on its
 * own thread, so nested or concurrent use cannot deadlock.
 *
 * <h2>The hand-off</h2>
 * A training step at batch 32 takes about 340 µs and hands work to another core three times, so the
 * hand-off must cost a few µs, not the 5-50 µs of an executor's submit and {@code Future.get} (a queue
 * node, a future, and a park/unpark pair each way). Here each worker owns one pre-allocated slot: the
 * caller writes the job into shared fields, then sets the worker's volatile {@code assigned} flag (the
 * volatile write publishes the job); the worker runs its parts and clears the flag (publishing its
 * results and any failure). Nothing is allocated. Both sides wait by spinning ({@link Thread#onSpinWait})
 * for at most {@value #SPIN_NANOS} ns, which covers the gaps inside a training step, and then park, so
 * an idle program keeps no core busy. The flag-then-park protocol is the usual one: the waiter announces
 * that it parks, re-checks the flag, then parks; the other side changes the flag, then unparks the waiter
 * if it announced, so no wake-up is lost.
 */
public final class Parallel {
    private Parallel() {}

    /** The body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long a waiting thread spins before it parks: longer than the gaps between hand-offs in a step. */
    static final long SPIN_NANOS = 100_000;

    private static volatile int threads = defaultThreads();

    /** Workers 0.. of the team; grows with {@link #setThreads}, never shrinks (unused workers stay parked). */
    private static volatile Worker[] workers = new Worker[0];

    /** Held by the one caller whose job the workers are running; others run their work serially. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    // The job in flight, written by the caller holding BUSY before it assigns the workers.
    private static RangeBody jobBody;   // a range job: parts of [0, jobN) ...
    private static int jobN, jobGrain, jobParts, jobWorkers;
    private static Runnable jobTask;     // ... or the second half of both(), run by worker 0
    /** The thread waiting for the job (parks when its spin runs out). */
    private static volatile Thread jobCaller;
    private static volatile boolean callerParked;

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
        threads = n;   // workers are started on first use; surplus ones stay parked
    }

    /** The first {@code count} workers, started on first use. */
    private static Worker[] workers(int count) {
        Worker[] team = workers;
        if (team.length >= count) return team;
        synchronized (Parallel.class) {
            team = workers;
            if (team.length < count) {
                Worker[] grown = java.util.Arrays.copyOf(team, count);
                for (int w = team.length; w < count; w++) {
                    grown[w] = new Worker(w);
                    grown[w].start();
                }
                workers = team = grown;
            }
            return team;
        }
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
     * thread counts). With one part, or while another parallel call is in flight, the body runs once on
     * [0, n) on this thread. Range p is [grain * floor(G p / parts), grain * floor(G (p+1) / parts)) clipped
     * to n, where G = ceil(n / grain): it depends on n, grain and parts only. With more parts than workers,
     * worker w runs parts w+1, w+1+W, ... one after the other.
     */
    public static void forRange(int n, int grain, int maxParts, RangeBody body) {
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        int parts = Math.min(maxParts, Math.max(1, (n + grain - 1) / grain));
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            if (n > 0) body.run(0, n);
            return;
        }
        int used = Math.min(threads, parts) - 1;     // workers taking part; the caller is the remaining one
        if (used == 0) {                             // one thread: the parts one after the other, here
            BUSY.set(false);
            for (int p = 0; p < parts; p++) body.run(p == 0 ? 0 : partEnd(p - 1, n, grain, parts), partEnd(p, n, grain, parts));
            return;
        }
        try {
            jobBody = body;
            jobN = n;
            jobGrain = grain;
            jobParts = parts;
            jobWorkers = used;
            Worker[] team = assign(used);
            Throwable failure = null;
            try {
                body.run(0, partEnd(0, n, grain, parts));
            } catch (Throwable t) {
                failure = t;
            }
            rethrow(awaitAll(team, used, failure));
        } finally {
            jobBody = null;
            BUSY.set(false);
        }
    }

    /**
     * Runs two independent tasks at the same time, {@code first} on this thread and {@code second} on a
     * worker, and returns when both are done; kernels called inside either run serially on their thread.
     * With one thread (or while another parallel call is in flight) they run one after the other. For work
     * with two independent halves too small to split inside the kernels, such as the two towers of a model
     * at a small batch size. Results do not depend on the thread count, since every kernel's result does not.
     */
    public static void both(Runnable first, Runnable second) {
        if (threads <= 1 || !BUSY.compareAndSet(false, true)) {
            first.run();
            second.run();
            return;
        }
        try {
            jobTask = second;
            Worker[] team = assign(1);
            Throwable failure = null;
            try {
                first.run();
            } catch (Throwable t) {
                failure = t;
            }
            rethrow(awaitAll(team, 1, failure));
        } finally {
            jobTask = null;
            BUSY.set(false);
        }
    }

    /** End of part p of [0, n) in grains (its start is the end of part p - 1). */
    private static int partEnd(int p, int n, int grain, int parts) {
        int grains = (n + grain - 1) / grain;
        return Math.min(n, (int) ((long) grains * (p + 1) / parts) * grain);
    }

    /** Hands the job just written to workers [0, used), starting them if needed. */
    private static Worker[] assign(int used) {
        Worker[] team = workers(used);
        jobCaller = Thread.currentThread();
        for (int w = 0; w < used; w++) team[w].assign();
        return team;
    }

    /** Waits for workers [0, used); returns the first failure: the caller's own, else the workers' in order. */
    private static Throwable awaitAll(Worker[] team, int used, Throwable failure) {
        for (int w = 0; w < used; w++) {
            Worker worker = team[w];
            awaitDone(worker);
            if (failure == null) failure = worker.failure;
            worker.failure = null;
        }
        return failure;
    }

    /** Spins, then parks, until the worker has cleared its flag. */
    private static void awaitDone(Worker worker) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (worker.assigned) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            callerParked = true;
            if (worker.assigned) LockSupport.park(Parallel.class);
            callerParked = false;
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }

    /** A team thread: waits for its flag, runs its share of the job, clears the flag, waits again. */
    private static final class Worker extends Thread {
        private final int index;
        /** Set by the caller when a job is ready for this worker, cleared by the worker when it is done. */
        volatile boolean assigned;
        /** True while the worker is (about to be) parked: the caller must unpark it. */
        private volatile boolean parked;
        /** The first failure of this worker's parts in the current job, read by the caller after it is done. */
        Throwable failure;

        Worker(int index) {
            super("twotower-kernel-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        /** Called by the caller after it has written the job. */
        void assign() {
            assigned = true;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                awaitAssigned();
                runShare();
                assigned = false;
                if (callerParked) LockSupport.unpark(jobCaller);
            }
        }

        private void awaitAssigned() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!assigned) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (!assigned) LockSupport.park(this);
                parked = false;
            }
        }

        /**
         * The second half of both(), or parts index+1, index+1+W, ... of the range job (W workers); a failing
         * part does not stop the others, and the first failure is kept for the caller.
         */
        private void runShare() {
            Runnable task = jobTask;
            if (task != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    failure = t;
                }
                return;
            }
            RangeBody body = jobBody;
            int n = jobN, grain = jobGrain, parts = jobParts, team = jobWorkers;
            for (int p = index + 1; p < parts; p += team) {
                try {
                    body.run(partEnd(p - 1, n, grain, parts), partEnd(p, n, grain, parts));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                }
            }
        }
    }
}
