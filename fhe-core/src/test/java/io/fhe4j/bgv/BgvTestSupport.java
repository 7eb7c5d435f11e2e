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

    /** Schoolbook negacyclic product mod t. */
    static long[] multiply(long[] a, long[] b, long t) {
        return io.fhe4j.testing.PlainRing.negacyclicProduct(a, b, t);
    }

    /** a(X^k) mod (X^N+1, t). */
    static long[] automorphism(long[] a, long k, long t) {
        return io.fhe4j.testing.PlainRing.automorphism(a, k, t);
    }
}
