package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The power-of-two hypercube against HElib's own generator search and its printout. */
class PAlgebraTest {

    @Test
    void helibHypercubeAtM16384And32768() {
        for (int m : new int[] {16384, 32768}) {
            PAlgebra a = PAlgebra.powerOfTwo(m, 65537);
            assertEquals(m, a.m());
            assertEquals(65537, a.t());
            assertEquals(m / 2, a.phiM());
            assertEquals(1, a.ordP());
            assertEquals(m / 2, a.nSlots());
            assertEquals(2, a.numDims());
            assertEquals(3, a.generator(0));
            assertEquals(m / 4, a.order(0));
            assertTrue(a.isGood(0));
            assertEquals(m / 2 - 1, a.generator(1));
            assertEquals(2, a.order(1));
            assertTrue(a.isGood(1));
            assertEquals(m / 4, a.rowLength());
            assertEquals(m / 2 - 1, a.swapRowsElement());
        }
        assertEquals("m = 32768, p = 65537, phi(m) = 16384\n"
                + "  ord(p) = 1\n"
                + "  normBnd = 1\n"
                + "  polyNormBnd = 1\n"
                + "  factors = [2]\n"
                + "  generator 3 has order (== Z_m^*) of 8192\n"
                + "  generator 16383 has order (== Z_m^*) of 2\n", PAlgebra.powerOfTwo(32768, 65537).toString());
    }

    @Test
    void printsTheSlotTableForSmallM() {
        assertEquals("m = 16, p = 17, phi(m) = 8\n"
                + "  ord(p) = 1\n"
                + "  normBnd = 1\n"
                + "  polyNormBnd = 1\n"
                + "  factors = [2]\n"
                + "  generator 3 has order (== Z_m^*) of 4\n"
                + "  generator 7 has order (== Z_m^*) of 2\n"
                + "  T = [ 1 3 9 11 7 5 15 13 ]\n", PAlgebra.powerOfTwo(16, 17).toString());
    }

    @Test
    void t65537WorksUpToM65536AndLargerMTakeAGeneratedPrime() {
        for (int m = 4; m <= 65536; m <<= 1) {
            PAlgebra a = PAlgebra.powerOfTwo(m, 65537);
            assertEquals(m / 2, a.nSlots());
        }
        for (int m : new int[] {131072, 262144}) {
            UnsupportedAlgebraException e = assertThrows(UnsupportedAlgebraException.class,
                    () -> PAlgebra.powerOfTwo(m, 65537));
            assertTrue(e.getMessage().contains("t = 65537") && e.getMessage().contains("m = " + m)
                    && e.getMessage().contains("d = " + (m / 65536)), e.getMessage());
            long t = Primes.generate(40, m);
            PAlgebra a = PAlgebra.powerOfTwo(m, t);
            assertEquals(m / 2, a.nSlots());
            assertEquals(3, a.generator(0));
            assertEquals(m / 4, a.order(0));
            assertEquals(m / 2 - 1, a.generator(1));
            assertEquals(2, a.order(1));
        }
    }

    /** Every power-of-two m up to 2^13: generators, orders and good flags exactly as HElib's search finds them. */
    @Test
    void generatorsMatchHelibsSearch() {
        for (int m = 4; m <= 8192; m <<= 1) {
            long t = Primes.generate(30, m);
            PAlgebra a = PAlgebra.powerOfTwo(m, t);
            List<SlotReference.Dim> dims = SlotReference.helibGenerators(m, t);
            assertEquals(dims.size(), a.numDims(), "m = " + m);
            for (int d = 0; d < dims.size(); d++) {
                assertEquals(dims.get(d).generator(), a.generator(d), "m = " + m + ", dim " + d);
                assertEquals(dims.get(d).order(), a.order(d), "m = " + m + ", dim " + d);
                assertEquals(dims.get(d).good(), a.isGood(d), "m = " + m + ", dim " + d);
            }
        }
    }

    /** The slot exponents are the documented products and enumerate Z_m^* (all odd residues) once each. */
    @Test
    void slotExponentsFollowTheLayoutAndCoverZmStar() {
        for (int m = 4; m <= 1 << 18; m <<= 1) {
            long t = m <= 65536 ? 65537 : Primes.generate(40, m);
            PAlgebra a = PAlgebra.powerOfTwo(m, t);
            int half = a.rowLength();
            assertEquals(m / 4, half);
            BitSet seen = new BitSet(m);
            BigInteger bm = BigInteger.valueOf(m);
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < half; i++) {
                    int s = a.slotIndex(j, i);
                    assertEquals(j * half + i, s);
                    int e = a.slotExponent(s);
                    if (i < 3 || i == half - 1) { // spot checks against the formula, all of them would be slow
                        long expected = BigInteger.valueOf(3).modPow(BigInteger.valueOf(i), bm)
                                .multiply(BigInteger.valueOf(a.swapRowsElement()).pow(j)).mod(bm).longValue();
                        assertEquals(expected, e, "m = " + m + ", slot " + s);
                    }
                    assertEquals(1, e & 1);
                    assertFalse(seen.get(e), "exponent " + e + " repeats at m = " + m);
                    seen.set(e);
                }
            }
            assertEquals(m / 2, seen.cardinality());
        }
    }

    @Property(tries = 200)
    void galoisElementsArePowersOfTheGenerators(@ForAll @IntRange(min = 2, max = 18) int logM,
                                                 @ForAll @IntRange(min = -100000, max = 100000) int steps) {
        int m = 1 << logM;
        PAlgebra a = PAlgebra.powerOfTwo(m, m <= 65536 ? 65537 : Primes.generate(40, m));
        BigInteger bm = BigInteger.valueOf(m);
        for (int dim = 0; dim < a.numDims(); dim++) {
            long expected = BigInteger.valueOf(a.generator(dim)).modPow(BigInteger.valueOf(steps), bm).longValue();
            assertEquals(expected, a.galoisElement(dim, steps));
        }
        long rotate = BigInteger.valueOf(3).modPow(BigInteger.valueOf(Math.floorMod(steps, a.rowLength())), bm)
                .longValue();
        assertEquals(rotate, a.rotateRowsElement(steps));
        if (m >= 8) {
            assertEquals(a.galoisElement(0, steps), a.rotateRowsElement(steps));
            assertEquals(BigInteger.valueOf(3).modPow(BigInteger.valueOf(steps), bm).longValue(),
                    a.rotateRowsElement(steps));
            assertEquals(a.galoisElement(1, 1), a.swapRowsElement());
        } else {
            assertEquals(1, a.rotateRowsElement(steps)); // rows of length 1
            assertEquals(3, a.swapRowsElement());
        }
        // h has order 2 and lies outside <3>
        assertEquals(1, (long) a.swapRowsElement() * a.swapRowsElement() % m);
    }

    @Test
    void smallAlgebrasFollowHelib() {
        PAlgebra a4 = PAlgebra.powerOfTwo(4, 5);
        assertEquals(1, a4.numDims());
        assertEquals(3, a4.generator(0));
        assertEquals(2, a4.order(0));
        assertEquals(1, a4.rowLength());
        PAlgebra a8 = PAlgebra.powerOfTwo(8, 17);
        assertEquals(2, a8.numDims());
        assertEquals(3, a8.generator(0));
        assertEquals(5, a8.generator(1));
        assertEquals(5, a8.swapRowsElement());
    }

    @Test
    void equalityIsByMAndT() {
        assertEquals(PAlgebra.powerOfTwo(64, 193), PAlgebra.powerOfTwo(64, 193));
        assertEquals(PAlgebra.powerOfTwo(64, 193).hashCode(), PAlgebra.powerOfTwo(64, 193).hashCode());
        assertNotEquals(PAlgebra.powerOfTwo(64, 193), PAlgebra.powerOfTwo(64, 65537));
        assertNotEquals(PAlgebra.powerOfTwo(32, 65537), PAlgebra.powerOfTwo(64, 65537));
    }

    @Test
    void rejectsMThatIsNotAPowerOfTwoOrOutOfRange() {
        for (int m : new int[] {3, 6, 4369, 21845, 31775, 65535}) {
            UnsupportedAlgebraException e = assertThrows(UnsupportedAlgebraException.class,
                    () -> PAlgebra.powerOfTwo(m, 65537));
            assertTrue(e.getMessage().contains("m = " + m) && e.getMessage().contains("power of two"), e.getMessage());
        }
        for (int m : new int[] {0, -16, 1, 2, 1 << 19, 1 << 30}) {
            InvalidDegreeException e = assertThrows(InvalidDegreeException.class, () -> PAlgebra.powerOfTwo(m, 65537));
            assertTrue(e.getMessage().contains("m = " + m), e.getMessage());
        }
    }

    @Test
    void rejectsBadPlaintextModuli() {
        for (long t : new long[] {65535, 65541, 1L << 40, 17 * 257}) {
            InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> PAlgebra.powerOfTwo(64, t));
            assertTrue(e.getMessage().contains("t = " + t) && e.getMessage().contains("not prime"), e.getMessage());
        }
        for (long t : new long[] {-65537, 0, 1, 1L << 61, Long.MAX_VALUE}) {
            InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> PAlgebra.powerOfTwo(64, t));
            assertTrue(e.getMessage().contains("t = " + t) && e.getMessage().contains("out of range"), e.getMessage());
        }
        InvalidModulusException two = assertThrows(InvalidModulusException.class, () -> PAlgebra.powerOfTwo(64, 2));
        assertTrue(two.getMessage().contains("t = 2 divides m = 64"), two.getMessage());
        // 7 has order 8 mod 64; 257 = 1 mod 256 but has order 2 mod 512
        UnsupportedAlgebraException seven = assertThrows(UnsupportedAlgebraException.class,
                () -> PAlgebra.powerOfTwo(64, 7));
        assertTrue(seven.getMessage().contains("t = 7") && seven.getMessage().contains("m = 64")
                && seven.getMessage().contains("d = 8") && seven.getMessage().contains("65537"), seven.getMessage());
        UnsupportedAlgebraException e257 = assertThrows(UnsupportedAlgebraException.class,
                () -> PAlgebra.powerOfTwo(512, 257));
        assertTrue(e257.getMessage().contains("d = 2"), e257.getMessage());
        assertEquals(128, PAlgebra.powerOfTwo(256, 257).nSlots());
    }

    @Test
    void rejectsBadIndices() {
        PAlgebra a = PAlgebra.powerOfTwo(64, 193);
        assertThrows(IndexOutOfBoundsException.class, () -> a.generator(2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.order(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.isGood(2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.galoisElement(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slotExponent(32));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slotExponent(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slotIndex(2, 0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.slotIndex(0, 16));
        assertTrue(e.getMessage().contains("column 16") && e.getMessage().contains("2 x 16"), e.getMessage());
    }
}
