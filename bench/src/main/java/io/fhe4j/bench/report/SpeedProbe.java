package io.fhe4j.bench.report;

import java.util.Locale;

/**
 * A host-speed probe for the report header: the time of one step of a chain of dependent 64-bit
 * multiply-adds ({@code x = x * K + (x >>> 61)}, which nothing can shorten or vectorize), best of several
 * runs: it moves with the clock the host gives this machine. On a shared virtual machine the host's speed moves
 * by tens of percent from minute to minute; two reports are comparable only at similar probe
 * figures. Stateless and thread-safe.
 */
final class SpeedProbe {
    private static final int STEPS = 20_000_000;
    private static final int RUNS = 7;
    /** Receives each chain's result, so the JIT cannot drop the chain. */
    private static volatile long sink;

    private SpeedProbe() {
    }

    /** Nanoseconds per step, best of the runs (after one warm-up run). */
    static double nanosPerStep() {
        long x = System.nanoTime() | 1;
        x = chain(x, STEPS);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < RUNS; r++) {
            long t0 = System.nanoTime();
            x = chain(x, STEPS);
            best = Math.min(best, (System.nanoTime() - t0) / (double) STEPS);
        }
        sink = x;
        return best;
    }

    private static long chain(long x, int steps) {
        for (int i = 0; i < steps; i++) {
            // the shift runs beside the multiply, so a step is still one multiply and one add long; it makes
            // the map non-affine (JDK 25's C2 shortened the affine x * K + C chain to 0.05-0.11 ns a step)
            x = x * 0x9E3779B97F4A7C15L + (x >>> 61);
        }
        return x;
    }

    /** The probe as the header states it, e.g. {@code 1.21 ns}. */
    static String describe(double nanos) {
        return String.format(Locale.ROOT, "%.2f ns", nanos);
    }
}
