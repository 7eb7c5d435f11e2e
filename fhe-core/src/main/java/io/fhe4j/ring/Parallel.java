package io.fhe4j.ring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The bounded thread pool that fhe4j uses to work on RNS primes (and, in the scheme layer, on
 * ciphertexts) in parallel.
 *
 * <p>A {@link #forEach} loop is run by the calling thread itself and up to {@code threads() - 1}
 * pool workers, each taking the next item until none is left: the caller never waits for a worker
 * to wake up before the work starts, and a worker that comes late finds less or nothing to do.
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

    /** How long a caller spins for the last items of its loop before it parks. */
    private static final int SPINS = 1 << 12;

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
        new Loop(count, body).run(Math.min(THREADS - 1, count - 1));
    }

    /** One forEach: items handed out in index order to whichever thread asks next. */
    private static final class Loop implements Runnable {
        private final int count;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();

        Loop(int count, IntConsumer body) {
            this.count = count;
            this.body = body;
        }

        /** Starts {@code helpers} workers, takes items itself, then waits for the items others took. */
        void run(int helpers) {
            for (int h = 0; h < helpers; h++) {
                POOL.execute(this);
            }
            run();
            for (int spins = 0; done.get() < count; spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable t = failure.get();
            if (t != null) {
                throwIfUnchecked(t);
                throw new java.lang.reflect.UndeclaredThrowableException(t); // a checked one thrown undeclared
            }
        }

        /** Takes items until none is left (a helper that starts late returns at once). */
        @Override
        public void run() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == count && Thread.currentThread() != caller) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }

    /**
     * Starts {@code work} on the pool and returns at once: the returned supplier waits for the
     * result (or rethrows the exception {@code work} threw, unwrapped). Lets a caller go on with
     * independent work; the {@link #forEach} loops inside {@code work} share the pool with the
     * caller's. With one thread ({@link #threads()} is 1 here) {@code work} runs now, on the calling
     * thread.
     */
    public static <T> Supplier<T> async(Supplier<T> work) {
        if (POOL == null || INLINE.get()[0] > 0) {
            T done = work.get();
            return () -> done;
        }
        CompletableFuture<T> f = CompletableFuture.supplyAsync(work, POOL);
        return () -> {
            try {
                return f.join();
            } catch (CompletionException e) {
                throwIfUnchecked(e.getCause());
                throw e;
            }
        };
    }

    /** Throws {@code t} itself if it is a RuntimeException or an Error; returns otherwise. */
    private static void throwIfUnchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
