package io.twotower.engine.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A team of daemon threads that the big kernels split their work over.
 *
 * <p>Work is always split into {@code parts} contiguous ranges by a rule that depends only on the range
 * length and the part count. The kernels arrange that every output element is computed by exactly one
 * part in a fixed order, so results depend neither on which thread runs which part nor (for
 * {@link Matmul} and {@link TopK}) on the thread count.
 *
 * <p>The thread count defaults to the system property {@code twotower.threads}, else
 * {@code Runtime.availableProcessors()}; {@link #setThreads(int)} changes it (1 = single-threaded).
 * One parallel call runs at a time: a call made while another is in flight (from inside a part, from
 * inside either half of {@link #both}, from a worker, or from an unrelated thread) runs serially on its
 * own thread, so nested or concurrent use cannot deadlock.
 *
 * <h2>The hand-off</h2>
 * A training step at batch 32 takes about 150 µs and hands work to another core twice, so the hand-off
 * must cost a few µs, not the 5-50 µs of an executor's submit and {@code Future.get} (a queue node, a
 * future, and a park/unpark pair each way). Here a job is a handful of static fields and one
 * {@link AtomicLong}, {@code claims}, holding the job's generation, its part count and the next part
 * nobody has taken yet. The caller writes the fields, then publishes them with one volatile write of
 * {@code claims}; from then on every participant, the caller included, takes parts by compare-and-set
 * on {@code claims}, so each part runs exactly once, and counts it in {@code finished} when done.
 * Nothing is allocated.
 *
 * <h2>Why parts are claimed, not assigned</h2>
 * On a shared machine a worker's core may be taken by another process for milliseconds. A part assigned
 * to that worker would stall the whole step until it is scheduled again. Instead, the caller runs part 0,
 * then keeps taking the parts no worker has claimed yet, and waits only for parts a worker has actually
 * started. A late worker finds nothing left (or a newer generation) and goes back to waiting. On a quiet
 * machine the workers, spinning, take their parts within a microsecond and the split is the same as a
 * fixed assignment.
 *
 * <h2>Waiting</h2>
 * Both sides wait by spinning ({@link Thread#onSpinWait}) for at most {@value #SPIN_NANOS} ns, which covers
 * the gaps inside a training step, and then park, so an idle program keeps no core busy. The
 * flag-then-park protocol is the usual one: the waiter announces that it parks, re-checks, then parks;
 * the other side changes the state, then unparks the waiter if it announced, so no wake-up is lost.
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

    /** The most parts one call may have (the part count is packed into 16 bits of {@link #CLAIMS}). */
    static final int MAX_PARTS = 0xFFFF;

    private static volatile int threads = defaultThreads();

    /** Workers 0.. of the team; grows with {@link #setThreads}, never shrinks (unused workers stay parked). */
    private static volatile Worker[] workers = new Worker[0];

    /** Held by the one caller whose job is in flight; others run their work serially. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    // The job in flight, written by the caller holding BUSY before it publishes the job in CLAIMS.
    private static RangeBody jobBody;   // a range job: parts of [0, jobN) ...
    private static int jobN, jobGrain;
    private static Runnable jobFirst, jobSecond;   // ... or both(): part 0 and part 1
    /** How many workers may take part in the job (the thread count minus the caller). */
    private static int jobWorkers;
    /** The failure of the lowest-numbered failing part, and that part's number (MAX_PARTS: none). */
    private static Throwable jobFailure;
    private static int jobFailedPart;
    private static final Object FAILURE_LOCK = new Object();

    /** generation (32 bits) | part count (16 bits) | next unclaimed part (16 bits). */
    private static final AtomicLong CLAIMS = new AtomicLong();
    /** Parts of the current generation that have finished. */
    private static final AtomicInteger FINISHED = new AtomicInteger();
    /** The generation of the next job (only the caller holding BUSY changes it). */
    private static int nextGeneration = 1;
    /** The thread waiting for the job to finish (parks when its spin runs out). */
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
     * to n, where G = ceil(n / grain): it depends on n, grain and parts only. With more parts than threads,
     * each thread takes the next unclaimed part when it finishes one. A failing part does not stop the
     * others; the failure of the lowest-numbered failing part is rethrown.
     */
    public static void forRange(int n, int grain, int maxParts, RangeBody body) {
        forRange(n, grain, maxParts, true, body);
    }

    /**
     * As {@link #forRange(int, int, RangeBody)}, but for work too small to pay for waking a parked worker
     * (an unpark is a system call of several µs): with {@code wakeParked} false, only workers still spinning
     * after their last job take parts, and the caller runs the rest itself; parked workers are woken after
     * the job, for the next one. Kernels use it for mid-sized products, which then get a second core when
     * one is at hand and never wait for one.
     */
    public static void forRange(int n, int grain, boolean wakeParked, RangeBody body) {
        forRange(n, grain, threads, wakeParked, body);
    }

    private static void forRange(int n, int grain, int maxParts, boolean wakeParked, RangeBody body) {
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        int parts = Math.min(Math.min(maxParts, MAX_PARTS), Math.max(1, (n + grain - 1) / grain));
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            if (n > 0) body.run(0, n);
            return;
        }
        try {
            jobBody = body;
            jobN = n;
            jobGrain = grain;
            runJob(parts, wakeParked);
        } finally {
            jobBody = null;
            BUSY.set(false);
        }
    }

    /**
     * Runs two independent tasks, {@code first} on this thread and {@code second} on a worker when one takes
     * it in time (else on this thread after {@code first}), and returns when both are done; kernels called
     * inside either run serially on their thread. With one thread (or while another parallel call is in
     * flight) they run one after the other. For work with two independent halves too small to split inside
     * the kernels, such as the two towers of a model at a small batch size. Results do not depend on the
     * thread count, since every kernel's result does not. A failure of {@code first} wins over one of
     * {@code second}.
     */
    public static void both(Runnable first, Runnable second) {
        if (threads <= 1 || !BUSY.compareAndSet(false, true)) {
            first.run();
            second.run();
            return;
        }
        try {
            jobFirst = first;
            jobSecond = second;
            runJob(2, true);
        } finally {
            jobFirst = jobSecond = null;
            BUSY.set(false);
        }
    }

    /**
     * Publishes the job whose fields are set (and unparks the parked workers, if asked), runs part 0 and then
     * any part no worker has claimed, waits for the parts workers took, and rethrows the lowest-numbered
     * part's failure. Called holding BUSY.
     */
    private static void runJob(int parts, boolean wakeParked) {
        int workerCount = Math.min(threads, parts) - 1;
        Worker[] team = workers(workerCount);
        int generation = nextGeneration++;
        jobWorkers = workerCount;
        jobFailure = null;
        jobFailedPart = MAX_PARTS;
        jobCaller = Thread.currentThread();
        FINISHED.set(0);
        CLAIMS.set(pack(generation, parts, 1));   // the volatile write that publishes the job; part 0 is ours
        if (wakeParked) for (int w = 0; w < workerCount; w++) team[w].wake();
        runPart(0);
        for (int p; (p = claim(generation)) >= 0; ) runPart(p);
        awaitFinished(parts);
        // A job too small to wake a parked worker wakes it now, after the work, so that the next job (a loop of
        // such products, say) finds it spinning.
        if (!wakeParked) for (int w = 0; w < workerCount; w++) team[w].wake();
        Throwable failure = jobFailure;
        jobFailure = null;
        rethrow(failure);
    }

    private static long pack(int generation, int parts, int next) {
        return ((long) generation << 32) | ((long) parts << 16) | next;
    }

    /** Claims the next unclaimed part of the job of this generation; -1 when none is left or the job is over. */
    private static int claim(int generation) {
        while (true) {
            long state = CLAIMS.get();
            int next = (int) (state & 0xFFFF), parts = (int) ((state >>> 16) & 0xFFFF);
            if ((int) (state >>> 32) != generation || next >= parts) return -1;
            if (CLAIMS.compareAndSet(state, state + 1)) return next;
        }
    }

    /** Runs part p of the current job, records a failure, counts the part as finished. */
    private static void runPart(int p) {
        try {
            if (jobBody != null) {
                int parts = (int) ((CLAIMS.get() >>> 16) & 0xFFFF);
                jobBody.run(p == 0 ? 0 : partEnd(p - 1, jobN, jobGrain, parts), partEnd(p, jobN, jobGrain, parts));
            } else if (p == 0) {
                jobFirst.run();
            } else {
                jobSecond.run();
            }
        } catch (Throwable t) {
            synchronized (FAILURE_LOCK) {
                if (p < jobFailedPart) {
                    jobFailedPart = p;
                    jobFailure = t;
                }
            }
        }
        int parts = (int) ((CLAIMS.get() >>> 16) & 0xFFFF);
        if (FINISHED.incrementAndGet() == parts && callerParked) LockSupport.unpark(jobCaller);
    }

    /** End of part p of [0, n) in grains (its start is the end of part p - 1). */
    private static int partEnd(int p, int n, int grain, int parts) {
        int grains = (n + grain - 1) / grain;
        return Math.min(n, (int) ((long) grains * (p + 1) / parts) * grain);
    }

    /** Spins, then parks, until every part of the job has finished. */
    private static void awaitFinished(int parts) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (FINISHED.get() < parts) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            callerParked = true;
            if (FINISHED.get() < parts) LockSupport.park(Parallel.class);
            callerParked = false;
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }

    /** A team thread: waits for a new job, takes parts of it while any is left, waits again. */
    private static final class Worker extends Thread {
        private final int index;
        /** True while the worker is (about to be) parked: a caller publishing a job must unpark it. */
        private volatile boolean parked;

        Worker(int index) {
            super("twotower-kernel-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        /** Called by the caller after it has published a job. */
        void wake() {
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                int generation = awaitGenerationAfter(seen);
                seen = generation;
                // jobWorkers was written before the job was published, which this thread has seen: it is this
                // job's or a newer one's, and a newer job makes claim(generation) fail anyway.
                if (index >= jobWorkers) continue;
                for (int p; (p = claim(generation)) >= 0; ) runPart(p);
            }
        }

        /** Spins, then parks, until a job of a generation other than {@code seen} is published. */
        private int awaitGenerationAfter(int seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                int generation = (int) (CLAIMS.get() >>> 32);
                if (generation != seen) return generation;
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if ((int) (CLAIMS.get() >>> 32) == seen) LockSupport.park(this);
                parked = false;
            }
        }
    }
}
