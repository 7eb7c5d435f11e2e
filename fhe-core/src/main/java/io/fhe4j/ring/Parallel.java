package io.fhe4j.ring;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The bounded thread pool that fhe4j uses to work on RNS primes (and, in the scheme layer, on
 * ciphertexts) in parallel.
 *
 * <p>The pool has {@link #threads()} workers: the value of the system property
 * {@code fhe4j.threads} if set, else the number of available processors. Work is split only when
 * there is enough of it ({@code count >= 2} items and at least {@value #MIN_PARALLEL_WORK}
 * elementary operations in all), so small rings stay on the calling thread.
 *
 * <p>Thread-safe.
 */
public final class Parallel {
    /** Below this many elementary operations, work runs on the calling thread. */
    public static final long MIN_PARALLEL_WORK = 1L << 14;

    private static final int THREADS = Math.max(1, Integer.getInteger("fhe4j.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    /** Per thread: how many {@link #onCallingThread} bodies it is in (0: work goes to the pool). */
    private static final ThreadLocal<int[]> INLINE = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {
    }

    /**
     * Runs {@code body} with every {@link #forEach} it reaches on this thread running its items on
     * this thread, in index order, and {@link #threads()} answering 1, as with {@code
     * -Dfhe4j.threads=1}: for comparing single-threaded and pooled results in one JVM. Other
     * threads are not affected.
     */
    public static <T> T onCallingThread(Supplier<T> body) {
        int[] depth = INLINE.get();
        depth[0]++;
        try {
            return body.get();
        } finally {
            depth[0]--;
        }
    }

    /**
     * Number of worker threads (from {@code -Dfhe4j.threads}, default: available processors); 1 on a
     * thread inside {@link #onCallingThread}.
     */
    public static int threads() {
        return INLINE.get()[0] > 0 ? 1 : THREADS;
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, count), in parallel when worthwhile.
     *
     * @param count number of independent items (for example RNS primes)
     * @param workPerItem rough number of elementary operations per item (for example N)
     * @param body the work; must be safe to run concurrently for distinct i
     */
    public static void forEach(int count, long workPerItem, IntConsumer body) {
        if (POOL == null || count < 2 || (long) count * workPerItem < MIN_PARALLEL_WORK || INLINE.get()[0] > 0) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Thread current = Thread.currentThread();
        if (current instanceof ForkJoinWorkerThread && ((ForkJoinWorkerThread) current).getPool() == POOL) {
            // already inside the pool: the parallel stream forks into it
            IntStream.range(0, count).parallel().forEach(body);
            return;
        }
        POOL.submit(() -> IntStream.range(0, count).parallel().forEach(body)).join();
    }
}
