package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Parallel#forEach} against the sequential loop: every item exactly once, whatever the
 * count, the nesting and the number of callers at once; an item's exception reaches the caller (a
 * checked one thrown undeclared, wrapped).
 */
class ParallelProperties {
    @Property(tries = 60)
    void everyItemRunsExactlyOnce(@ForAll @IntRange(min = 0, max = 300) int count,
            @ForAll @IntRange(min = 0, max = 3) int workShift) {
        long work = 1L << (4 * workShift + 6); // from below the parallel threshold to far above it
        AtomicIntegerArray runs = new AtomicIntegerArray(count);
        Parallel.forEach(count, work, i -> runs.incrementAndGet(i));
        int[] expected = new int[count];
        java.util.Arrays.fill(expected, 1);
        assertArrayEquals(expected, toArray(runs));
    }

    @Property(tries = 20)
    void nestedLoopsFromSeveralCallersAtOnceFinishAndCoverEverything(@ForAll @IntRange(min = 1, max = 12) int outer,
            @ForAll @IntRange(min = 1, max = 40) int inner, @ForAll @IntRange(min = 1, max = 4) int callers)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            AtomicIntegerArray[] runs = new AtomicIntegerArray[callers];
            Future<?>[] done = new Future<?>[callers];
            for (int c = 0; c < callers; c++) {
                AtomicIntegerArray r = runs[c] = new AtomicIntegerArray(outer * inner);
                done[c] = pool.submit(() -> Parallel.forEach(outer, 1L << 20,
                        i -> Parallel.forEach(inner, 1L << 20, j -> r.incrementAndGet(i * inner + j))));
            }
            for (int c = 0; c < callers; c++) {
                done[c].get(60, TimeUnit.SECONDS);
                for (int k = 0; k < outer * inner; k++) {
                    assertEquals(1, runs[c].get(k), "caller " + c + ", item " + k);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Property(tries = 20)
    void anItemsExceptionReachesTheCaller(@ForAll @IntRange(min = 2, max = 64) int count,
            @ForAll @IntRange(min = 0, max = 63) int failing) {
        int bad = failing % count;
        IllegalStateException thrown = new IllegalStateException("item " + bad);
        IllegalStateException got = assertThrows(IllegalStateException.class,
                () -> Parallel.forEach(count, 1L << 20, i -> {
                    if (i == bad) {
                        throw thrown;
                    }
                }));
        assertSame(thrown, got);
    }

    @Property(tries = 10)
    void aCheckedExceptionThrownUndeclaredIsNotLost(@ForAll @IntRange(min = 2, max = 64) int count) {
        java.io.IOException thrown = new java.io.IOException("undeclared");
        java.lang.reflect.UndeclaredThrowableException got = assertThrows(
                java.lang.reflect.UndeclaredThrowableException.class,
                () -> Parallel.forEach(count, 1L << 20, i -> {
                    if (i == count - 1) {
                        ParallelProperties.<RuntimeException>sneaky(thrown);
                    }
                }));
        assertSame(thrown, got.getCause());
    }

    /** Throws a checked exception past the compiler, as Scala code (Spark) can. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static int[] toArray(AtomicIntegerArray a) {
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }
}
