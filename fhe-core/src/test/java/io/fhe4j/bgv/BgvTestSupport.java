package io.fhe4j.bgv;

import java.util.Random;

/** Small test contexts and the plaintext reference arithmetic of Z_t[X]/(X^N+1). */
final class BgvTestSupport {
    private BgvTestSupport() {
    }

    /** N = 1024, t = 65537, 3 ciphertext primes: fast and deliberately insecure. */
    static final Context SMALL = new ContextBuilder().m(2048).p(65537).bits(165).c(2).allowInsecure().build();

    /** N = 2048 with a deeper chain and 3 digits. */
    static final Context DEEP = new ContextBuilder().m(4096).p(65537).bits(300).c(3).allowInsecure().build();

    static long[] randomPlain(Random rnd, Context ctx) {
        long[] m = new long[ctx.n()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.floorMod(rnd.nextLong(), ctx.plaintextModulus());
        }
        return m;
    }

    static long[] add(long[] a, long[] b, long t) {
        long[] c = new long[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.floorMod(a[i] + b[i], t);
        }
        return c;
    }

    static long[] scale(long[] a, long k, long t) {
        long[] c = new long[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.floorMod(Math.floorMod(a[i], t) * Math.floorMod(k, t), t);
        }
        return c;
    }

    /** Schoolbook negacyclic product mod t (t below 2^20 keeps every sum below 2^63). */
    static long[] multiply(long[] a, long[] b, long t) {
        int n = a.length;
        long[] acc = new long[n];
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                int k = i + j;
                long p = a[i] * b[j] % t;
                if (k < n) {
                    acc[k] += p;
                } else {
                    acc[k - n] -= p;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            acc[i] = Math.floorMod(acc[i], t);
        }
        return acc;
    }

    /** a(X^k) mod (X^N+1, t). */
    static long[] automorphism(long[] a, long k, long t) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long e = Math.floorMod(i * k, 2L * n);
            if (e < n) {
                out[(int) e] = Math.floorMod(out[(int) e] + a[i], t);
            } else {
                out[(int) (e - n)] = Math.floorMod(out[(int) (e - n)] - a[i], t);
            }
        }
        return out;
    }
}
