package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Parallel#async}: results, exceptions, and the calling-thread mode. */
class ParallelTest {
    @Test
    void asyncYieldsTheResultOfWorkThatUsesThePool() {
        Supplier<Long> sum = Parallel.async(() -> {
            AtomicLong acc = new AtomicLong();
            Parallel.forEach(64, 1L << 20, i -> acc.addAndGet(i));
            return acc.get();
        });
        assertEquals(64L * 63 / 2, sum.get());
        assertEquals(64L * 63 / 2, sum.get(), "asking again gives the same result");
    }

    @Test
    void asyncReturnsBeforeTheWorkEnds() {
        assumeTrue(Parallel.threads() >= 2, "one pool thread here (-Dfhe4j.threads or one core): async runs inline");
        CountDownLatch release = new CountDownLatch(1);
        Supplier<Boolean> released = Parallel.async(() -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        release.countDown(); // had async run the work before returning, it would have timed out waiting for this
        assertTrue(released.get(), "the work saw the caller's release: it ran while the caller went on");
    }

    @Test
    void asyncRethrowsTheWorksOwnException() {
        IllegalStateException thrown = new IllegalStateException("noise budget");
        Supplier<Object> r = Parallel.async(() -> {
            throw thrown;
        });
        assertSame(thrown, assertThrows(IllegalStateException.class, r::get));
    }

    @Test
    void onTheCallingThreadAsyncRunsAtOnce() {
        Thread caller = Thread.currentThread();
        Thread[] ran = new Thread[1];
        Parallel.onCallingThread(() -> Parallel.async(() -> ran[0] = Thread.currentThread()));
        assertSame(caller, ran[0]);
    }
}
