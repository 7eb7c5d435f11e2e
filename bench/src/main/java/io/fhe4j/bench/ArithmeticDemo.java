package io.fhe4j.bench;

import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.Parallel;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.Sampler;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.List;

/**
 * The {@code demo} command: multiplies random elements of {@code Z_Q[X]/(X^N+1)} in double-CRT
 * form, checks the product against a BigInteger computation, and prints a table of rough timings
 * per ring size. The timings are wall-clock medians for orientation only; the published figures
 * come from JMH ({@code NttBenchmark}).
 */
final class ArithmeticDemo {
    private static final int PRIMES = 4;
    private static final int BITS = 60;

    private ArithmeticDemo() {
    }

    static void run(String[] args, PrintStream out) {
        out.println("fhe4j ring arithmetic: Z_Q[X]/(X^N+1) with Q = " + PRIMES + " NTT primes of " + BITS
                + " bits, " + Parallel.threads() + " thread(s)");
        out.println();
        out.printf("%-7s %-12s %-14s %-14s %-20s %s%n", "N", "log2 Q", "NTT fwd (us)", "NTT inv (us)",
                "multiply 4 primes (us)", "check");
        out.println("-".repeat(88));
        Sampler sampler = Sampler.secure();
        boolean allOk = true;
        for (int logN = 10; logN <= 16; logN++) {
            int n = 1 << logN;
            long[] primes = Primes.generate(BITS, 2L * n, PRIMES, List.of()).stream()
                    .mapToLong(Long::longValue).toArray();
            PolyRing ring = PolyRing.of(n, primes);
            NttTables tables = ring.tables(0);
            long[] poly = sampler.uniform(n, primes[0]);
            double fwd = medianMicros(() -> Ntt.forward(poly, tables));
            double inv = medianMicros(() -> Ntt.inverse(poly, tables));
            DoubleCrt a = sampler.uniform(ring);
            DoubleCrt b = sampler.uniform(ring);
            DoubleCrt c = a.copy();
            double mul = medianMicros(() -> c.setFrom(a).multiplyInPlace(b));
            boolean ok = check(ring, sampler);
            allOk &= ok;
            out.printf("%-7d %-12.1f %-14.1f %-14.1f %-20.1f %s%n", n, ring.basis().bits(), fwd, inv, mul,
                    ok ? "ok" : "FAILED");
        }
        out.println();
        out.println(allOk ? "All products matched the BigInteger reference." : "A product did NOT match: please report.");
        if (!allOk) {
            System.exit(1);
        }
    }

    /**
     * A product of two random elements whose coefficients are small enough that the exact
     * integer product is known: compare a few coefficients with a BigInteger schoolbook sum.
     */
    private static boolean check(PolyRing ring, Sampler sampler) {
        int n = ring.n();
        long[] a = sampler.gaussian(n);
        long[] b = sampler.ternary(n);
        BigInteger[] got = ring.fromCoefficients(a).multiply(ring.fromCoefficients(b)).toCenteredBigIntegers();
        for (int k : new int[] {0, 1, n / 2, n - 1}) {
            long expected = 0;
            for (int i = 0; i < n; i++) {
                int j = k - i;
                expected += j >= 0 ? a[i] * b[j] : -a[i] * b[j + n];
            }
            if (!got[k].equals(BigInteger.valueOf(expected))) {
                return false;
            }
        }
        return true;
    }

    private static double medianMicros(Runnable r) {
        for (int i = 0; i < 200; i++) {
            r.run();
        }
        double[] t = new double[31];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            for (int k = 0; k < 10; k++) {
                r.run();
            }
            t[i] = (System.nanoTime() - s) / 10e3;
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }
}
