package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

/** Every operation of {@link Modulus} against BigInteger arithmetic. */
class ModulusProperties {

    /** Moduli of every size from 2 to 62 bits, with operands in [0, q). */
    @Provide
    Arbitrary<Tuple3<Long, Long, Long>> operands() {
        Arbitrary<Long> q = Arbitraries.integers().between(2, 62).flatMap(bits ->
                Arbitraries.longs().between(bits == 2 ? 2 : 1L << (bits - 1), (1L << bits) - 1)
                        .edgeCases(c -> c.includeOnly((1L << bits) - 1, bits == 2 ? 2 : 1L << (bits - 1))));
        return q.flatMap(m -> Combinators.combine(
                Arbitraries.longs().between(0, m - 1), Arbitraries.longs().between(0, m - 1))
                .as((a, b) -> Tuple.of(m, a, b)));
    }

    private static BigInteger big(long x) {
        return BigInteger.valueOf(x);
    }

    @Property(tries = 3000)
    void addSubNegateMatchBigInteger(@ForAll("operands") Tuple3<Long, Long, Long> t) {
        Modulus m = new Modulus(t.get1());
        long a = t.get2();
        long b = t.get3();
        BigInteger q = big(m.value());
        assertEquals(big(a).add(big(b)).mod(q).longValue(), m.add(a, b));
        assertEquals(big(a).subtract(big(b)).mod(q).longValue(), m.sub(a, b));
        assertEquals(big(a).negate().mod(q).longValue(), m.negate(a));
    }

    @Property(tries = 3000)
    void barrettAndShoupMatchBigInteger(@ForAll("operands") Tuple3<Long, Long, Long> t) {
        Modulus m = new Modulus(t.get1());
        long a = t.get2();
        long b = t.get3();
        long expected = big(a).multiply(big(b)).mod(big(m.value())).longValue();
        assertEquals(expected, m.mul(a, b));
        long bs = m.shoup(b);
        assertEquals(expected, m.mulShoup(a, b, bs));
        long lazy = m.mulShoupLazy(a, b, bs);
        assertEquals(expected, lazy % m.value());
        assert lazy >= 0 && lazy < 2 * m.value();
    }

    @Property(tries = 2000)
    void shoupAcceptsUnsignedOperandsUpTo4q(@ForAll("operands") Tuple3<Long, Long, Long> t,
                                             @ForAll long anyBits) {
        Modulus m = new Modulus(t.get1());
        long w = t.get3();
        // any 64-bit pattern read as unsigned
        BigInteger a = new BigInteger(Long.toUnsignedString(anyBits));
        long expected = a.multiply(big(w)).mod(big(m.value())).longValue();
        long lazy = m.mulShoupLazy(anyBits, w, m.shoup(w));
        assertEquals(expected, Long.remainderUnsigned(lazy, m.value()));
        assert Long.compareUnsigned(lazy, 2 * m.value()) < 0;
    }

    @Property(tries = 1000)
    void powAndInverseMatchBigInteger(@ForAll("operands") Tuple3<Long, Long, Long> t,
                                      @ForAll("exponents") long e) {
        Modulus m = new Modulus(t.get1());
        BigInteger q = big(m.value());
        long a = t.get2();
        assertEquals(big(a).modPow(big(e), q).longValue(), m.pow(a, e));
        if (big(a).gcd(q).equals(BigInteger.ONE)) {
            assertEquals(big(a).modInverse(q).longValue(), m.inverse(a));
        } else {
            assertThrows(ArithmeticException.class, () -> m.inverse(a));
        }
    }

    @Provide
    Arbitrary<Long> exponents() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    @Property(tries = 2000)
    void reduceHandlesEverySignedValue(@ForAll("operands") Tuple3<Long, Long, Long> t, @ForAll long x) {
        Modulus m = new Modulus(t.get1());
        BigInteger q = big(m.value());
        assertEquals(big(x).mod(q).longValue(), m.reduce(x));
        assertEquals(new BigInteger(Long.toUnsignedString(x)).mod(q).longValue(), m.reduceUnsigned(x));
        long c = m.centered(t.get2());
        assert 2 * c > -m.value() && 2 * c <= m.value();
        assertEquals(t.get2().longValue(), m.reduce(c));
    }

    @Property(tries = 500)
    void reduce128AcceptsEveryProductOfReducedValues(@ForAll("operands") Tuple3<Long, Long, Long> t) {
        Modulus m = new Modulus(t.get1());
        // the largest products exercise the correction steps
        long a = m.value() - 1 - t.get2() % 4;
        long b = m.value() - 1 - t.get3() % 4;
        long expected = big(Math.max(a, 0)).multiply(big(Math.max(b, 0))).mod(big(m.value())).longValue();
        assertEquals(expected, m.mul(Math.max(a, 0), Math.max(b, 0)));
    }

    @Test
    void rejectsOutOfRangeModuli() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> new Modulus(1L << 62));
        assert e.getMessage().contains("4611686018427387904");
        assertThrows(InvalidModulusException.class, () -> new Modulus(1));
        assertThrows(InvalidModulusException.class, () -> new Modulus(-7));
        assertThrows(IllegalArgumentException.class, () -> new Modulus(17).shoup(17));
    }

    /** Shoup companions without division (odd moduli) against BigInteger. */
    @Property(tries = 3000)
    void shoupCompanionIsExact(@ForAll("operands") Tuple3<Long, Long, Long> t) {
        Modulus m = new Modulus(t.get1());
        long w = Math.floorMod(t.get2(), t.get1());
        for (long x : new long[] {w, 0, 1, t.get1() - 1, t.get1() / 2}) {
            long expected = BigInteger.valueOf(x).shiftLeft(64).divide(BigInteger.valueOf(t.get1())).longValue();
            assertEquals(expected, m.shoup(x), "q=" + t.get1() + " w=" + x);
        }
    }

    /**
     * The prepared pointwise Shoup product and multiply-accumulate (the vector code, with a scalar
     * tail for lengths that are not multiples of eight, and the scalar code) against BigInteger, on
     * random and extreme values.
     */
    @Property(tries = 300)
    void preparedPointwiseProductMatchesBigInteger(@ForAll @net.jqwik.api.constraints.IntRange(min = 20, max = 60) int bits,
                                                   @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 100) int length,
                                                   @ForAll long seed) {
        long q = Primes.generate(bits, 1L << 11);
        Modulus mod = new Modulus(q);
        java.util.Random rnd = new java.util.Random(seed);
        long[] edge = {0, 1, q - 1, q / 2, q / 2 + 1};
        long[] x = new long[length];
        long[] w = new long[length];
        for (int j = 0; j < length; j++) {
            x[j] = rnd.nextBoolean() ? edge[rnd.nextInt(edge.length)] : Math.floorMod(rnd.nextLong(), q);
            w[j] = rnd.nextBoolean() ? edge[rnd.nextInt(edge.length)] : Math.floorMod(rnd.nextLong(), q);
        }
        long[] expected = new long[length];
        for (int j = 0; j < length; j++) {
            expected[j] = BigInteger.valueOf(x[j]).multiply(BigInteger.valueOf(w[j])).mod(BigInteger.valueOf(q)).longValue();
        }
        long[] acc = new long[length];
        long[] accumulated = new long[length];
        for (int j = 0; j < length; j++) {
            acc[j] = rnd.nextBoolean() ? edge[rnd.nextInt(edge.length)] : Math.floorMod(rnd.nextLong(), q);
            accumulated[j] = Math.floorMod(expected[j] + acc[j], q); // below 2^61
        }
        long[] companions = mod.prepareShoupInPlace(w);
        long[] sums = acc.clone();
        mod.mulShoupAdd(x, w, companions, sums);
        org.junit.jupiter.api.Assertions.assertArrayEquals(accumulated, sums, "multiply-accumulate");
        for (boolean vector : Simd.ENABLED ? new boolean[] {false, true} : new boolean[] {false}) {
            // either code explicitly (the dispatch waits for the warm-up)
            long[] products = x.clone();
            mod.mulShoup(products, w, companions, null, vector);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, products, vector ? "vector" : "scalar");
            sums = acc.clone();
            mod.mulShoup(x, w, companions, sums, vector);
            org.junit.jupiter.api.Assertions.assertArrayEquals(accumulated, sums, (vector ? "vector" : "scalar")
                    + " multiply-accumulate");
        }
        mod.mulShoupInPlace(x, w, companions);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, x);
    }

    /**
     * Row products {@code x[j] y[j] mod q} against BigInteger, and row sums and differences, for
     * any modulus from 2 to 62 bits, values with the extremes 0 and q - 1, any length, the output
     * in place of an input or not; the products in scalar code and, when {@link Simd#ENABLED}, in
     * vector code (whatever the warm-up measured).
     */
    @Property(tries = 300)
    void rowProductsMatchBigInteger(@ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 62) int bits,
                                    @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 70) int n,
                                    @ForAll boolean inPlace, @ForAll long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        long q = bits == 62 ? (1L << 62) - 1 - rnd.nextInt(1000) : (1L << (bits - 1)) + (rnd.nextLong() >>> (65 - bits));
        Modulus mod = new Modulus(q);
        long[] x = new long[n];
        long[] y = new long[n];
        long[] expected = new long[n];
        BigInteger bq = BigInteger.valueOf(q);
        for (int j = 0; j < n; j++) {
            int kind = rnd.nextInt(8);
            x[j] = kind == 0 ? q - 1 : kind == 1 ? 0 : Math.floorMod(rnd.nextLong(), q);
            y[j] = rnd.nextInt(4) == 0 ? q - 1 : Math.floorMod(rnd.nextLong(), q);
            expected[j] = BigInteger.valueOf(x[j]).multiply(BigInteger.valueOf(y[j])).mod(bq).longValue();
        }
        for (boolean vector : Simd.ENABLED ? new boolean[] {false, true} : new boolean[] {false}) {
            long[] out = inPlace ? x.clone() : new long[n];
            mod.mul(inPlace ? out : x, y, out, vector);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out, (vector ? "vector" : "scalar") + " code, q = " + q);
        }
        long[] out = new long[n];
        mod.mul(x, y, out); // whichever code the warm-up chose
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out, "q = " + q);
        // acc + x y, with acc = y (accumulating into an operand) or independent values
        long[] acc = new long[n];
        long[] accumulated = new long[n];
        for (int j = 0; j < n; j++) {
            acc[j] = inPlace ? y[j] : rnd.nextInt(4) == 0 ? q - 1 : Math.floorMod(rnd.nextLong(), q);
            accumulated[j] = BigInteger.valueOf(expected[j]).add(BigInteger.valueOf(acc[j])).mod(bq).longValue();
        }
        for (boolean vector : Simd.ENABLED ? new boolean[] {false, true} : new boolean[] {false}) {
            long[] a = acc.clone();
            mod.mulAdd(x, inPlace ? a : y, a, vector);
            org.junit.jupiter.api.Assertions.assertArrayEquals(accumulated, a, (vector ? "vector" : "scalar")
                    + " multiply-accumulate, q = " + q);
        }
        long[] a = acc.clone();
        mod.mulAdd(x, inPlace ? a : y, a);
        org.junit.jupiter.api.Assertions.assertArrayEquals(accumulated, a, "multiply-accumulate, q = " + q);
        long[] sum = new long[n];
        long[] difference = new long[n];
        for (int j = 0; j < n; j++) {
            sum[j] = Math.floorMod(x[j] + y[j], q); // x + y below 2^63
            difference[j] = Math.floorMod(x[j] - y[j], q);
        }
        out = inPlace ? x.clone() : new long[n];
        mod.add(inPlace ? out : x, y, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sum, out, "sum, q = " + q);
        out = inPlace ? y.clone() : new long[n];
        mod.sub(x, inPlace ? out : y, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(difference, out, "difference, q = " + q);
    }

    @Test
    void rowOperationsRejectShortRowsAndBadCounts() {
        Modulus mod = new Modulus(Primes.generate(50, 1L << 11));
        long[] four = new long[4];
        long[] three = new long[3];
        assertThrows(IllegalArgumentException.class, () -> mod.mul(three, four, four));
        assertThrows(IllegalArgumentException.class, () -> mod.mulAdd(four, three, four));
        assertThrows(IllegalArgumentException.class, () -> mod.add(four, three, four));
        assertThrows(IllegalArgumentException.class, () -> mod.sub(four, three, four));
        long[][] rows = {four, four};
        assertThrows(IllegalArgumentException.class, () -> mod.keySwitchSums(rows, rows, rows, 0, four, four, four, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> mod.keySwitchSums(rows, rows, rows, 3, four, four, four, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> mod.keySwitchSums(rows, rows, rows, 2, four, four, three, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> mod.keySwitchSums(new long[][] {four, three}, rows, rows, 2, four, four, four, 1, 1, 1, 1));
    }

    /**
     * Key switching's scaled sums of one to three products against BigInteger, on the prefix the
     * vector code takes (all whole vectors once the warm-up chose it, else none), with inputs up to
     * q - 1 and any scale.
     */
    @Property(tries = 200)
    void keySwitchSumsMatchBigInteger(@ForAll @net.jqwik.api.constraints.IntRange(min = 20, max = 60) int bits,
                                      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 3) int count,
                                      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int blocks,
                                      @ForAll boolean ragged, @ForAll long seed) throws InterruptedException {
        boolean vector = Simd.awaitReady(java.time.Duration.ofSeconds(30));
        long q = Primes.generate(bits, 1L << 11);
        Modulus mod = new Modulus(q);
        java.util.Random rnd = new java.util.Random(seed);
        int n = 8 * blocks + (ragged ? 1 + rnd.nextInt(7) : 0);
        long[][][] uvw = new long[3][count][n];
        for (long[][] m : uvw) {
            for (long[] row : m) {
                for (int x = 0; x < n; x++) {
                    row[x] = rnd.nextInt(4) == 0 ? q - 1 : Math.floorMod(rnd.nextLong(), q);
                }
            }
        }
        long scale = Math.floorMod(rnd.nextLong(), q);
        BigInteger bq = BigInteger.valueOf(q);
        long[] multipliers = {BigInteger.ONE.shiftLeft(62).multiply(BigInteger.valueOf(scale)).mod(bq).longValue(), scale};
        long[] companions = mod.prepareShoupInPlace(multipliers);
        long[] out0 = new long[n];
        long[] out1 = new long[n];
        int done = mod.keySwitchSums(uvw[0], uvw[1], uvw[2], count, out0, out1, new long[n], multipliers[0], companions[0],
                multipliers[1], companions[1]);
        assertEquals(vector ? n / 8 * 8 : 0, done);
        for (int x = 0; x < done; x++) {
            BigInteger s0 = BigInteger.ZERO;
            BigInteger s1 = BigInteger.ZERO;
            for (int j = 0; j < count; j++) {
                BigInteger u = BigInteger.valueOf(uvw[0][j][x]);
                s0 = s0.add(u.multiply(BigInteger.valueOf(uvw[1][j][x])));
                s1 = s1.add(u.multiply(BigInteger.valueOf(uvw[2][j][x])));
            }
            BigInteger s = BigInteger.valueOf(scale);
            assertEquals(s0.multiply(s).mod(bq).longValue(), out0[x], "x = " + x + ", q = " + q);
            assertEquals(s1.multiply(s).mod(bq).longValue(), out1[x], "x = " + x + ", q = " + q);
        }
    }

    /**
     * The base conversion's inner sum {@code sum_s y_s w_s - table[v]} (on the Vector API for
     * lengths that are multiples of eight, once the warm-up is done; scalar otherwise) against
     * BigInteger, for one to five sources and inputs up to 2^62.
     */
    @Property(tries = 200)
    void dotMinusTableMatchesBigInteger(@ForAll @net.jqwik.api.constraints.IntRange(min = 20, max = 60) int bits,
                                        @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5) int sources,
                                        @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int blocks,
                                        @ForAll boolean ragged, @ForAll long seed) throws InterruptedException {
        Ntt.awaitVectorized(java.time.Duration.ofSeconds(30));
        long q = Primes.generate(bits, 1L << 11);
        Modulus mod = new Modulus(q);
        java.util.Random rnd = new java.util.Random(seed);
        int n = 8 * blocks + (ragged ? 1 + rnd.nextInt(7) : 0);
        long[][] y = new long[sources][n];
        long[] w = new long[sources];
        for (int s = 0; s < sources; s++) {
            for (int x = 0; x < n; x++) {
                y[s][x] = rnd.nextBoolean() ? Math.floorMod(rnd.nextLong(), q) : rnd.nextLong() >>> 2;
            }
            w[s] = rnd.nextInt(4) == 0 ? q - 1 : Math.floorMod(rnd.nextLong(), q);
        }
        long[] table = new long[sources + 1];
        for (int i = 0; i < table.length; i++) {
            table[i] = Math.floorMod(rnd.nextLong(), q);
        }
        int[] v = new int[n];
        for (int x = 0; x < n; x++) {
            v[x] = rnd.nextInt(table.length);
        }
        BigInteger bq = BigInteger.valueOf(q);
        long[] expected = new long[n];
        for (int x = 0; x < n; x++) {
            BigInteger sum = BigInteger.valueOf(table[v[x]]).negate();
            for (int s = 0; s < sources; s++) {
                sum = sum.add(BigInteger.valueOf(y[s][x]).multiply(BigInteger.valueOf(w[s])));
            }
            expected[x] = sum.mod(bq).longValue();
        }
        long[] multipliers = w.clone();
        long[] companions = mod.prepareShoupInPlace(multipliers);
        long[] out = new long[n];
        mod.dotMinusTable(y, multipliers, companions, table, v, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out, "q = " + q + ", " + sources + " sources");
    }

    @Test
    void preparedProductRejectsWideModuliAndShortMultipliers() {
        Modulus wide = new Modulus(Primes.generate(61, 1L << 11));
        assertThrows(InvalidModulusException.class, () -> wide.prepareShoupInPlace(new long[] {1}));
        Modulus mod = new Modulus(Primes.generate(40, 1L << 11));
        long[] w = mod.prepareShoupInPlace(new long[] {3, 4});
        assertThrows(IllegalArgumentException.class, () -> mod.mulShoupInPlace(new long[3], w, w));
        assertThrows(IllegalArgumentException.class, () -> mod.mulShoupAdd(new long[2], w, w, new long[3]));
        assertThrows(IllegalArgumentException.class, () -> mod.mulShoupAdd(new long[3], w, w, new long[3]));
    }
}
