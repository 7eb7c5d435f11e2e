package io.fhe4j.io;

import java.lang.management.ManagementFactory;

/**
 * The bytes a piece of code allocates on the calling thread
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}) and the time it takes, for the
 * readers' resource bounds.
 */
final class Cost {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    final long bytes;
    final long nanos;
    /** CPU time of the calling thread: the code's own work, without waits for other processes or GC threads. */
    final long cpuNanos;
    /** What the code threw, or null. */
    final Throwable thrown;

    private Cost(long bytes, long nanos, long cpuNanos, Throwable thrown) {
        this.bytes = bytes;
        this.nanos = nanos;
        this.cpuNanos = cpuNanos;
        this.thrown = thrown;
    }

    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Runs the code, catching whatever it throws (OutOfMemoryError included). */
    static Cost of(Runnable code) {
        long id = Thread.currentThread().getId();
        long a0 = THREADS.getThreadAllocatedBytes(id);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Throwable thrown = null;
        try {
            code.run();
        } catch (Throwable e) {
            thrown = e;
        }
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        return new Cost(THREADS.getThreadAllocatedBytes(id) - a0, t1 - t0, c1 - c0, thrown);
    }

    double millis() {
        return nanos / 1e6;
    }

    double cpuMillis() {
        return cpuNanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format("%.1f ms (%.1f ms CPU), %.2f MB allocated, %s", millis(), cpuMillis(), bytes / 1e6,
                thrown == null ? "returned" : "threw " + thrown);
    }
}
