package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Bluestein against the naive O(m^2) DFT with BigInteger, and interpolation mod Phi_m against evaluation. */
class BluesteinProperties {

    static long[] naiveDft(long[] a, long w, long q, int m) {
        BigInteger bq = BigInteger.valueOf(q);
        long[] out = new long[m];
        for (int j = 0; j < m; j++) {
            BigInteger x = BigInteger.valueOf(w).modPow(BigInteger.valueOf(j), bq);
            BigInteger s = BigInteger.ZERO;
            for (int i = a.length - 1; i >= 0; i--) {
                s = s.multiply(x).add(BigInteger.valueOf(a[i])).mod(bq);
            }
            out[j] = s.longValueExact();
        }
        return out;
    }

    @Property(tries = 80)
    void forwardMatchesNaiveDftAndInverseUndoesIt(@ForAll @IntRange(min = 1, max = 300) int m,
                                                  @ForAll @IntRange(min = 30, max = 60) int bits,
                                                  @ForAll long seed) {
        long q = Primes.generate(bits, BluesteinTransform.requiredDivisor(m));
        BluesteinTransform t = BluesteinTransform.of(q, m);
        assertSame(t, BluesteinTransform.of(q, m));
        Random rnd = new Random(seed);
        long[] a = ModPolyProperties.random(rnd, m, q);
        long[] out = new long[m];
        t.forward(a, out);
        assertArrayEquals(naiveDft(a, t.omega(), q, m), out);
        long[] back = new long[m];
        t.inverse(out, back);
        assertArrayEquals(a, back);
        assertTrue(t.convolutionLength() >= 2 * m - 1);
        assertEquals(1, new Modulus(q).pow(t.omega(), m));
    }

    @Property(tries = 80)
    void interpolationModPhiInvertsPrimitiveEvaluation(@ForAll @IntRange(min = 1, max = 400) int m,
                                                       @ForAll long seed) {
        long q = Primes.generate(55, BluesteinTransform.requiredDivisor(m));
        BluesteinTransform t = BluesteinTransform.of(q, m);
        int phi = Cyclotomic.eulerPhi(m);
        Random rnd = new Random(seed);
        long[] a = ModPolyProperties.random(rnd, phi, q);
        long[] vals = new long[phi];
        t.forwardPrimitive(a, vals);
        ModPoly ring = ModPoly.of(q);
        for (int k = 0; k < phi; k += Math.max(1, phi / 7)) {
            long x = new Modulus(q).pow(t.omega(), t.unit(k));
            assertEquals(ring.evaluate(ring.reduce(a), x), vals[k]);
        }
        long[] back = new long[phi];
        t.interpolatePrimitive(vals, back);
        assertArrayEquals(a, back);
        // a polynomial of degree < m: interpolation gives its remainder mod Phi_m
        long[] b = ModPolyProperties.random(rnd, m, q);
        t.forwardPrimitive(b, vals);
        t.interpolatePrimitive(vals, vals);
        long[] expected = java.util.Arrays.copyOf(ring.rem(ring.reduce(b), ring.reduce(Cyclotomic.phi(m))), phi);
        assertArrayEquals(expected, vals);
    }

    @Test
    void helibSizesRoundTrip() {
        for (int m : new int[] {4369, 8191}) {
            long q = Primes.generate(60, BluesteinTransform.requiredDivisor(m));
            BluesteinTransform t = BluesteinTransform.of(q, m);
            int phi = t.phiM();
            long[] a = ModPolyProperties.random(new Random(m), phi, q);
            long[] v = new long[phi];
            t.forwardPrimitive(a, v);
            long[] back = new long[phi];
            t.interpolatePrimitive(v, back);
            assertArrayEquals(a, back, "m = " + m);
        }
    }

    @Test
    void rejectsModuliWithoutTheRoots() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> BluesteinTransform.of(65537, 17));
        assertTrue(e.getMessage().contains("m = 17") && e.getMessage().contains("65537"), e.getMessage());
        assertThrows(InvalidDegreeException.class, () -> BluesteinTransform.of(65537, 0));
        assertThrows(InvalidDegreeException.class, () -> BluesteinTransform.of(65537, 65537));
        long q = Primes.generate(50, BluesteinTransform.requiredDivisor(5));
        assertThrows(IllegalArgumentException.class, () -> BluesteinTransform.of(q, 5).forward(new long[6], new long[5]));
    }
}
