package io.fhe4j.slots;

import static io.fhe4j.slots.SlotReference.mod;
import static io.fhe4j.slots.SlotReference.plaintextPrime;
import static io.fhe4j.slots.SlotReference.randomValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Encoding and decoding against schoolbook ring arithmetic, direct evaluation and the ring's automorphisms. */
class PAlgebraModProperties {

    static PAlgebraMod encoder(int logN, int bits) {
        return PAlgebraMod.of(PAlgebra.powerOfTwo(2 << logN, plaintextPrime(logN, bits)));
    }

    @Property(tries = 150)
    void decodeUndoesEncode(@ForAll @IntRange(min = 1, max = 13) int logN,
                            @ForAll @IntRange(min = 17, max = 60) int bits, @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, bits);
        long t = enc.t();
        long[] x = randomValues(new Random(seed), enc.nSlots(), t);
        long[] xCopy = x.clone();
        long[] c = enc.encode(x);
        assertArrayEquals(xCopy, x, "encode must not modify its input");
        for (long v : c) {
            assertTrue(v >= 0 && v < t);
        }
        long[] cCopy = c.clone();
        assertArrayEquals(mod(x, t), enc.decode(c));
        assertArrayEquals(cCopy, c, "decode must not modify its input");
        // and the other way round: any polynomial, given with signed coefficients, is encode(decode(.))
        long[] poly = randomValues(new Random(~seed), enc.nSlots(), t);
        assertArrayEquals(mod(poly, t), enc.encode(enc.decode(poly)));
    }

    @Property(tries = 80)
    void decodeOfSumAndProductIsSlotwise(@ForAll @IntRange(min = 1, max = 7) int logN,
                                         @ForAll @IntRange(min = 17, max = 60) int bits, @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, bits);
        long t = enc.t();
        int n = enc.nSlots();
        Random rnd = new Random(seed);
        long[] x = randomValues(rnd, n, t);
        long[] y = randomValues(rnd, n, t);
        long[] cx = enc.encode(x);
        long[] cy = enc.encode(y);
        long[] sum = new long[n];
        long[] expectedSum = new long[n];
        long[] expectedProduct = new long[n];
        BigInteger bt = BigInteger.valueOf(t);
        for (int i = 0; i < n; i++) {
            sum[i] = Math.floorMod(cx[i] + cy[i], t);
            expectedSum[i] = BigInteger.valueOf(x[i]).add(BigInteger.valueOf(y[i])).mod(bt).longValueExact();
            expectedProduct[i] = BigInteger.valueOf(x[i]).multiply(BigInteger.valueOf(y[i])).mod(bt).longValueExact();
        }
        assertArrayEquals(expectedSum, enc.decode(sum));
        assertArrayEquals(expectedProduct, enc.decode(SlotReference.negacyclicProduct(cx, cy, t)));
    }

    /** Slot s is the evaluation at zeta^e(s), zeta the NTT tables' psi, by Horner's rule. */
    @Property(tries = 60)
    void slotIsTheEvaluationAtZetaToTheSlotExponent(@ForAll @IntRange(min = 1, max = 7) int logN,
                                                    @ForAll @IntRange(min = 17, max = 60) int bits,
                                                    @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, bits);
        long t = enc.t();
        int n = enc.nSlots();
        long zeta = NttTables.of(t, logN).psi();
        assertEquals(zeta, enc.rootOfUnity());
        BigInteger bt = BigInteger.valueOf(t);
        BigInteger bz = BigInteger.valueOf(zeta);
        assertEquals(BigInteger.ONE.negate().mod(bt), bz.modPow(BigInteger.valueOf(n), bt)); // order exactly 2N
        long[] poly = randomValues(new Random(seed), n, t);
        long[] slots = enc.decode(poly);
        for (int s = 0; s < n; s++) {
            long x = bz.modPow(BigInteger.valueOf(enc.algebra().slotExponent(s)), bt).longValueExact();
            long expected = SlotReference.evaluate(mod(poly, t), x, t);
            assertEquals(expected, slots[s], "slot " + s);
            assertEquals(expected, enc.decodeSlot(poly, s), "decodeSlot " + s);
        }
    }

    /**
     * X -> X^(3^k) rotates both rows left by k and X -> X^h swaps them, checked with the ring's
     * automorphism in coefficient and in evaluation form and with a schoolbook reference.
     */
    @Property(tries = 120)
    void automorphismsRotateAndSwapRows(@ForAll @IntRange(min = 1, max = 11) int logN,
                                        @ForAll @IntRange(min = 17, max = 60) int bits,
                                        @ForAll @IntRange(min = -5000, max = 5000) int k, @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, bits);
        PAlgebra alg = enc.algebra();
        long t = enc.t();
        int n = enc.nSlots();
        int half = alg.rowLength();
        Random rnd = new Random(seed);
        long[] x = mod(randomValues(rnd, n, t), t);
        long[] c = enc.encode(x);
        PolyRing ring = PolyRing.of(n, t);

        long[] rotated = new long[n];
        long[] swapped = new long[n];
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < half; i++) {
                rotated[j * half + i] = x[j * half + Math.floorMod(i + k, half)];
                swapped[j * half + i] = x[(1 - j) * half + i];
            }
        }
        int rotate = alg.rotateRowsElement(k);
        int swap = alg.swapRowsElement();
        assertArrayEquals(rotated, enc.decode(applyInCoefficientForm(ring, c, rotate)));
        assertArrayEquals(rotated, enc.decode(applyInEvaluationForm(ring, c, rotate)));
        assertArrayEquals(rotated, enc.decode(SlotReference.automorphism(c, rotate, t)));
        assertArrayEquals(swapped, enc.decode(applyInCoefficientForm(ring, c, swap)));
        assertArrayEquals(swapped, enc.decode(SlotReference.automorphism(c, swap, t)));
        // 3^k itself (not reduced mod the row length) and 3^k * h rotate-and-swap
        long g3k = BigInteger.valueOf(3).modPow(BigInteger.valueOf(k), BigInteger.valueOf(2L * n)).longValue();
        if (n >= 4) {
            assertArrayEquals(rotated, enc.decode(SlotReference.automorphism(c, g3k, t)));
        }
        long[] both = new long[n];
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < half; i++) {
                both[j * half + i] = rotated[(1 - j) * half + i];
            }
        }
        assertArrayEquals(both, enc.decode(applyInCoefficientForm(ring, c, (long) rotate * swap % (2L * n))));
    }

    /** Any Galois element g: slot s of a(X^g) is slot s' of a, where e(s') = e(s) * g mod m. */
    @Property(tries = 60)
    void everyGaloisElementPermutesSlotsByItsExponent(@ForAll @IntRange(min = 1, max = 9) int logN,
                                                      @ForAll @IntRange(min = 0, max = 1 << 20) int r,
                                                      @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, 17);
        PAlgebra alg = enc.algebra();
        int n = enc.nSlots();
        int m = 2 * n;
        long g = 2L * (r % n) + 1;
        int[] slotOf = new int[m];
        for (int s = 0; s < n; s++) {
            slotOf[alg.slotExponent(s)] = s;
        }
        long[] x = mod(randomValues(new Random(seed), n, enc.t()), enc.t());
        long[] y = enc.decode(SlotReference.automorphism(enc.encode(x), g, enc.t()));
        for (int s = 0; s < n; s++) {
            assertEquals(x[slotOf[(int) (alg.slotExponent(s) * g % m)]], y[s]);
        }
    }

    @Property(tries = 60)
    void constantsAndRowConstantsMatchTheGeneralEncoder(@ForAll @IntRange(min = 1, max = 12) int logN,
                                                        @ForAll @IntRange(min = 17, max = 60) int bits,
                                                        @ForAll long a, @ForAll long b) {
        PAlgebraMod enc = encoder(logN, bits);
        int n = enc.nSlots();
        long t = enc.t();
        long[] all = new long[n];
        java.util.Arrays.fill(all, a);
        assertArrayEquals(enc.encode(all), enc.encodeConstant(a));
        long[] rows = new long[n];
        java.util.Arrays.fill(rows, 0, n / 2, a);
        java.util.Arrays.fill(rows, n / 2, n, b);
        long[] c = enc.encodeRowConstants(a, b);
        assertArrayEquals(enc.encode(rows), c);
        assertArrayEquals(mod(rows, t), enc.decode(c));
        long[] out = new long[n];
        java.util.Arrays.fill(out, 42);
        assertSame(out, enc.encodeRowConstants(a, b, out));
        assertArrayEquals(c, out);
    }

    @Property(tries = 60)
    void centeredDecodeIsTheSymmetricRepresentative(@ForAll @IntRange(min = 1, max = 10) int logN,
                                                    @ForAll @IntRange(min = 17, max = 60) int bits,
                                                    @ForAll long seed) {
        PAlgebraMod enc = encoder(logN, bits);
        long t = enc.t();
        long[] x = randomValues(new Random(seed), enc.nSlots(), t);
        long[] centered = enc.decodeCentered(enc.encode(x));
        for (int i = 0; i < x.length; i++) {
            long v = centered[i];
            assertTrue(v >= -(t / 2) && v <= t / 2, v + " is not in (-t/2, t/2] for t = " + t);
            assertEquals(Math.floorMod(x[i], t), Math.floorMod(v, t));
        }
        // the boundary values: (t-1)/2 stays, (t+1)/2 becomes -(t-1)/2
        long[] edge = new long[enc.nSlots()];
        edge[0] = (t - 1) / 2;
        edge[edge.length - 1] = (t + 1) / 2;
        long[] d = enc.decodeCentered(enc.encode(edge));
        assertEquals((t - 1) / 2, d[0]);
        assertEquals(-(t - 1) / 2, d[edge.length - 1]);
    }

    @Test
    void outputsMayAliasInputs() {
        PAlgebraMod enc = encoder(9, 40);
        long[] x = randomValues(new Random(3), enc.nSlots(), enc.t());
        long[] expected = enc.encode(x);
        long[] buffer = x.clone();
        assertSame(buffer, enc.encode(buffer, buffer));
        assertArrayEquals(expected, buffer);
        assertSame(buffer, enc.decode(buffer, buffer));
        assertArrayEquals(mod(x, enc.t()), buffer);
        long[] out = new long[enc.nSlots()];
        assertSame(out, enc.decode(expected, out));
        assertSame(out, enc.decodeCentered(expected, out));
        assertSame(out, enc.encodeConstant(5, out));
    }

    /** The sizes the scheme uses: N = 2^13 .. 2^15 with t = 65537, and N = 2^17 with a 40-bit t. */
    @Test
    void largeRingsRoundTripAndRotate() {
        for (int logN : new int[] {13, 14, 15, 17}) {
            long t = logN <= 15 ? 65537 : Primes.generate(40, 2L << logN);
            PAlgebraMod enc = PAlgebraMod.of(PAlgebra.powerOfTwo(2 << logN, t));
            int n = enc.nSlots();
            long[] x = randomValues(new Random(logN), n, t);
            long[] c = enc.encode(x);
            assertArrayEquals(mod(x, t), enc.decode(c));
            PAlgebra alg = enc.algebra();
            int half = alg.rowLength();
            long[] y = enc.decode(SlotReference.automorphism(c, alg.rotateRowsElement(-5), t));
            for (int s = 0; s < n; s++) {
                int j = s / half;
                int i = s % half;
                assertEquals(Math.floorMod(x[j * half + Math.floorMod(i - 5, half)], t), y[s]);
            }
            assertEquals(Math.floorMod(x[n - 1], t), enc.decodeSlot(c, n - 1));
        }
    }

    @Test
    void rejectsWrongLengths() {
        PAlgebraMod enc = encoder(5, 17); // N = 32
        SlotCountMismatchException e1 = assertThrows(SlotCountMismatchException.class,
                () -> enc.encode(new long[31]));
        assertTrue(e1.getMessage().contains("31 slot values") && e1.getMessage().contains("32 slots")
                && e1.getMessage().contains("m = 64"), e1.getMessage());
        InvalidDegreeException e2 = assertThrows(InvalidDegreeException.class,
                () -> enc.encode(new long[32], new long[64]));
        assertTrue(e2.getMessage().contains("64 coefficients") && e2.getMessage().contains("N = 32"),
                e2.getMessage());
        InvalidDegreeException e3 = assertThrows(InvalidDegreeException.class, () -> enc.decode(new long[33]));
        assertTrue(e3.getMessage().contains("33 coefficients"), e3.getMessage());
        SlotCountMismatchException e4 = assertThrows(SlotCountMismatchException.class,
                () -> enc.decode(new long[32], new long[16]));
        assertTrue(e4.getMessage().contains("16 slot values"), e4.getMessage());
        assertThrows(SlotCountMismatchException.class, () -> enc.decodeCentered(new long[32], new long[0]));
        assertThrows(InvalidDegreeException.class, () -> enc.encodeConstant(1, new long[1]));
        assertThrows(InvalidDegreeException.class, () -> enc.encodeRowConstants(1, 2, new long[64]));
        assertThrows(InvalidDegreeException.class, () -> enc.decodeSlot(new long[31], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> enc.decodeSlot(new long[32], 32));
    }

    @Test
    void describesItself() {
        PAlgebraMod enc = encoder(13, 17);
        assertEquals("PAlgebraMod(m = 16384, t = 65537, 8192 slots of Z_t)", enc.toString());
        assertEquals(65537, enc.t());
        assertEquals(8192, enc.nSlots());
        assertEquals(PAlgebra.powerOfTwo(16384, 65537), enc.algebra());
    }

    private static long[] applyInCoefficientForm(PolyRing ring, long[] c, long k) {
        DoubleCrt a = ring.fromCoefficients(c).toCoefficientForm();
        return a.automorphism(k).row(0).clone();
    }

    private static long[] applyInEvaluationForm(PolyRing ring, long[] c, long k) {
        DoubleCrt a = ring.fromCoefficients(c);
        return a.automorphism(k).toCoefficientForm().row(0).clone();
    }
}
