package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.ModPoly;
import io.fhe4j.math.Primes;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * GeneralSlotEncoder: round trips, slotwise products, automorphisms along the hypercube (good and bad
 * dimensions), Frobenius, and the slot value as the evaluation at zeta^e(s) computed independently.
 */
class GeneralSlotEncoderProperties {
    private static final int[] MS = {7, 9, 11, 13, 15, 17, 21, 31, 33, 35, 39, 45, 51, 63, 65, 73, 85, 91, 93, 105, 127};
    private static final long[] PS = {2, 3, 5, 7, 13};

    static long[] randomPoly(Random rnd, int n, long pr) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(rnd.nextLong(), pr);
        }
        return a;
    }

    static long[][] randomSlots(Random rnd, GeneralSlotEncoder enc) {
        long[][] v = new long[enc.nSlots()][];
        for (int s = 0; s < v.length; s++) {
            v[s] = randomPoly(rnd, enc.slotDegree(), enc.plaintextModulus());
        }
        return v;
    }

    static GeneralSlotEncoder encoder(int mi, int pi, int r) {
        int m = MS[mi];
        long p = PS[pi];
        if (m % p == 0) {
            p = 2;
        }
        return GeneralSlotEncoder.of(PAlgebra.general(m, p), r);
    }

    @Property(tries = 30)
    void roundTripsAndSlotwiseProducts(@ForAll @IntRange(min = 0, max = 20) int mi,
                                       @ForAll @IntRange(min = 0, max = 4) int pi,
                                       @ForAll @IntRange(min = 1, max = 3) int r, @ForAll long seed) {
        GeneralSlotEncoder enc = encoder(mi, pi, r);
        Random rnd = new Random(seed);
        long[][] v = randomSlots(rnd, enc);
        long[] a = enc.encode(v);
        assertEquals(enc.algebra().phiM(), a.length);
        assertArrayEquals(v, enc.decode(a));
        long[] b = randomPoly(rnd, enc.algebra().phiM(), enc.plaintextModulus());
        assertArrayEquals(b, enc.encode(enc.decode(b)));
        long[][] da = enc.decode(a);
        long[][] db = enc.decode(b);
        long[][] prod = enc.decode(enc.multiplyPlaintexts(a, b));
        for (int s = 0; s < enc.nSlots(); s++) {
            assertArrayEquals(enc.multiplySlots(da[s], db[s]), prod[s], "slot " + s);
        }
        // constants fill every slot
        long c = Math.floorMod(seed, enc.plaintextModulus());
        long[][] dc = enc.decode(new long[] {c});
        for (long[] slot : dc) {
            assertEquals(c, slot[0]);
        }
    }

    /** Slot s is a(zeta^e(s)) in Z_(p^r)[Y]/F_0: evaluate the plaintext at Y^e(s) directly. */
    @Property(tries = 40)
    void slotIsTheEvaluationAtZetaToTheRepresentative(@ForAll @IntRange(min = 0, max = 20) int mi,
                                                       @ForAll @IntRange(min = 0, max = 4) int pi,
                                                       @ForAll @IntRange(min = 1, max = 2) int r, @ForAll long seed) {
        GeneralSlotEncoder enc = encoder(mi, pi, r);
        ModPoly ring = ModPoly.of(enc.plaintextModulus());
        long[] f0 = enc.slotModulus();
        long[] a = randomPoly(new Random(seed), enc.algebra().phiM(), enc.plaintextModulus());
        long[][] slots = enc.decode(a);
        for (int s = 0; s < enc.nSlots(); s++) {
            long[] zetaE = ring.powMod(ring.x(), enc.algebra().slotExponent(s), f0);
            long[] expected = java.util.Arrays.copyOf(ring.compose(ring.reduce(a), zetaE, f0), enc.slotDegree());
            assertArrayEquals(expected, slots[s]);
            // and zeta^e(s) is a root of the slot's factor
            assertEquals(0, ring.compose(enc.slotFactor(s), zetaE, f0).length);
        }
    }

    /** X -> X^k sends slot s to sigma^j of slot slotOfElement(k e(s)), j = frobeniusPowerOf(k e(s)). */
    @Property(tries = 40)
    void automorphismsPermuteSlotsAsTheHypercubeSays(@ForAll @IntRange(min = 0, max = 20) int mi,
                                                      @ForAll @IntRange(min = 0, max = 4) int pi,
                                                      @ForAll @IntRange(min = 1, max = 2) int r, @ForAll long seed) {
        GeneralSlotEncoder enc = encoder(mi, pi, r);
        PAlgebra alg = enc.algebra();
        int m = alg.m();
        Random rnd = new Random(seed);
        long[][] v = randomSlots(rnd, enc);
        long[] a = enc.encode(v);
        long k;
        do {
            k = 1 + rnd.nextInt(m - 1);
        } while (Primes.gcd(k, m) != 1);
        long[][] w = enc.decode(enc.automorphism(a, k));
        for (int s = 0; s < enc.nSlots(); s++) {
            long u = k * alg.slotExponent(s) % m;
            long[] expected = v[alg.slotOfElement(u)];
            for (int j = 0; j < alg.frobeniusPowerOf(u); j++) {
                expected = enc.frobenius(expected);
            }
            assertArrayEquals(expected, w[s], "slot " + s + ", k = " + k);
        }
        // generators: a rotation by one along the dimension, twisted by Frobenius^FrobPerturb at the wrap
        for (int dim = 0; dim < alg.numDims(); dim++) {
            long[][] rot = enc.decode(enc.automorphism(a, alg.generator(dim)));
            for (int s = 0; s < enc.nSlots(); s++) {
                long[] expected = v[alg.addCoordinate(s, dim, 1)];
                boolean wraps = alg.coordinate(s, dim) == alg.order(dim) - 1;
                if (wraps && !alg.isGood(dim)) {
                    for (int j = 0; j < alg.frobeniusPerturbation(dim); j++) {
                        expected = enc.frobenius(expected);
                    }
                }
                assertArrayEquals(expected, rot[s], "dim " + dim + " slot " + s);
            }
        }
        // Frobenius X -> X^p acts slotwise; for r = 1 it is x -> x^p
        long[][] fr = enc.decode(enc.automorphism(a, alg.p()));
        for (int s = 0; s < enc.nSlots(); s++) {
            assertArrayEquals(enc.frobenius(v[s]), fr[s]);
            if (r == 1) {
                long[] pow = {1};
                for (long i = 0; i < alg.p(); i++) {
                    pow = enc.multiplySlots(pow, v[s]);
                }
                assertArrayEquals(java.util.Arrays.copyOf(pow, enc.slotDegree()), fr[s]);
            }
        }
    }

    @Test
    void helibRingM4369RoundTripBadDimensionsAndTiming() {
        GeneralSlotEncoder enc = GeneralSlotEncoder.of(PAlgebra.general(4369, 2), 1);
        Random rnd = new Random(4369);
        long[][] v = randomSlots(rnd, enc);
        long t0 = System.nanoTime();
        long[] a = enc.encode(v);
        long t1 = System.nanoTime();
        long[][] back = enc.decode(a);
        long t2 = System.nanoTime();
        assertArrayEquals(v, back);
        System.out.printf("m = 4369, p = 2: encode %.1f ms, decode %.1f ms (first call)%n", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
        PAlgebra alg = enc.algebra();
        // dimension 1 (generator 317, order 2) is bad: 317^2 = 2^k mod 4369 with k = FrobPerturb
        long[][] rot = enc.decode(enc.automorphism(a, alg.generator(1)));
        int k = alg.frobeniusPerturbation(1);
        assertTrue(k > 0, "bad dimension has a Frobenius twist");
        for (int s = 0; s < enc.nSlots(); s++) {
            long[] expected = v[alg.addCoordinate(s, 1, 1)];
            if (alg.coordinate(s, 1) == 1) {
                for (int j = 0; j < k; j++) {
                    expected = enc.frobenius(expected);
                }
            }
            assertArrayEquals(expected, rot[s]);
        }
    }

    @Test
    void rejectsBadInput() {
        GeneralSlotEncoder enc = GeneralSlotEncoder.of(PAlgebra.general(15, 2), 2);
        assertThrows(SlotCountMismatchException.class, () -> enc.encode(new long[3][]));
        assertThrows(IllegalArgumentException.class, () -> enc.decode(new long[] {4}));
        assertThrows(IllegalArgumentException.class, () -> enc.decode(new long[9]));
        assertThrows(UnsupportedAlgebraException.class, () -> GeneralSlotEncoder.of(PAlgebra.powerOfTwo(16, 17), 1));
    }
}
