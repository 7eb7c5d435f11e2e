package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.Cyclotomic;
import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Primes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** PAlgebra.general: HElib's table rows, HElib's generator search (literal port), and the slot index maps. */
class PAlgebraGeneralTest {

    static void assertRow(PAlgebra a, int phi, int d, int slots) {
        assertEquals(phi, a.phiM(), "phi(m)");
        assertEquals(d, a.ordP(), "d");
        assertEquals(slots, a.nSlots(), "slots");
    }

    static void assertDims(PAlgebra a, int[] gens, int[] ords, boolean[] good) {
        assertEquals(gens.length, a.numDims());
        for (int i = 0; i < gens.length; i++) {
            assertEquals(gens[i], a.generator(i), "generator " + i);
            assertEquals(ords[i], a.order(i), "order " + i);
            assertEquals(good[i], a.isGood(i), "good " + i);
        }
    }

    @Test
    void helibTableRowsForPEquals2() {
        PAlgebra a = PAlgebra.general(4369, 2);
        assertRow(a, 4096, 16, 256);
        assertDims(a, new int[] {3, 317}, new int[] {128, 2}, new boolean[] {false, false});
        PAlgebra b = PAlgebra.general(21845, 2);
        assertRow(b, 16384, 16, 1024);
        assertDims(b, new int[] {3, 197}, new int[] {128, 8}, new boolean[] {false, false});
        // DESIGN's row for 31775 is HElib with the bootstrapping table's explicit gens and ords
        PAlgebra c = PAlgebra.general(31775, 2, new int[] {6976, 24806}, new int[] {40, 30});
        assertRow(c, 24000, 20, 1200);
        assertDims(c, new int[] {6976, 24806}, new int[] {40, 30}, new boolean[] {true, true});
        // HElib's own search (findGenerators) at 31775, 4095 and 8191
        PAlgebra c2 = PAlgebra.general(31775, 2);
        assertRow(c2, 24000, 20, 1200);
        assertDims(c2, new int[] {3, 139}, new int[] {120, 10}, new boolean[] {true, true});
        PAlgebra e = PAlgebra.general(4095, 2);
        assertRow(e, 1728, 12, 144);
        assertDims(e, new int[] {11, 61, 701}, new int[] {12, 6, 2}, new boolean[] {true, true, true});
        PAlgebra f = PAlgebra.general(8191, 2);
        assertRow(f, 8190, 13, 630);
        assertDims(f, new int[] {39}, new int[] {630}, new boolean[] {true});
        assertTrue(a.toString().startsWith("m = 4369, p = 2, phi(m) = 4096\n  ord(p) = 16\n"), a.toString());
        assertTrue(a.toString().contains("  factors = [17 257]\n  generator 3 has order (!= Z_m^*) of 128\n"
                + "  generator 317 has order (!= Z_m^*) of 2\n"), a.toString());
        assertTrue(c.toString().contains("generator 6976 has order (== Z_m^*) of 40"));
    }

    @Test
    void literalPortOfHElibAgreesOnTheTableRings() {
        for (int m : new int[] {4369, 21845, 31775, 4095, 8191}) {
            checkAgainstLiteralPort(m, 2);
        }
    }

    @Property(tries = 150)
    void generatorSearchMatchesHElibsLiteralCode(@ForAll @IntRange(min = 3, max = 3000) int m,
                                                 @ForAll @IntRange(min = 0, max = 5) int pi) {
        long p = new long[] {2, 3, 5, 7, 17, 65537}[pi];
        if (m % p == 0) {
            return;
        }
        checkAgainstLiteralPort(m, p);
        checkSlotMaps(PAlgebra.general(m, p));
    }

    static void checkAgainstLiteralPort(int m, long p) {
        PAlgebra a = PAlgebra.general(m, p);
        List<SlotReference.Dim> ref = SlotReference.helibGenerators(m, p);
        assertEquals(ref.size(), a.numDims(), "m = " + m + ", p = " + p);
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(ref.get(i).generator(), a.generator(i), "m = " + m + ", p = " + p + ", dim " + i);
            assertEquals(ref.get(i).order(), a.order(i));
            assertEquals(ref.get(i).good(), a.isGood(i));
        }
        assertEquals(Cyclotomic.eulerPhi(m), a.phiM());
        assertEquals(Cyclotomic.multiplicativeOrder(p, m), a.ordP());
    }

    /** Coordinates, representatives and cosets are consistent bijections. */
    static void checkSlotMaps(PAlgebra a) {
        int m = a.m();
        Set<Integer> units = new HashSet<>();
        for (int s = 0; s < a.nSlots(); s++) {
            int[] c = a.coordinates(s);
            assertEquals(s, a.slotAt(c));
            long e = 1;
            for (int i = 0; i < c.length; i++) {
                e = e * a.galoisElement(i, c[i]) % m;
            }
            assertEquals(e, a.slotExponent(s), "e(s) = prod g_i^c_i");
            long x = e;
            for (int k = 0; k < a.ordP(); k++) {
                assertTrue(units.add((int) x));
                assertEquals(s, a.slotOfElement(x));
                assertEquals(k, a.frobeniusPowerOf(x));
                assertEquals(x, (long) a.slotExponent(s) * a.frobeniusElement(k) % m);
                x = x * (a.p() % m) % m;
            }
            for (int dim = 0; dim < a.numDims(); dim++) {
                int next = a.addCoordinate(s, dim, 1);
                assertEquals((c[dim] + 1) % a.order(dim), a.coordinate(next, dim));
                // g * e(s) lies in the coset of the slot one step further along dim, up to a Frobenius twist
                // that is trivial except at the wrap-around of a bad dimension
                long ge = (long) a.generator(dim) * a.slotExponent(s) % m;
                if (c[dim] + 1 < a.order(dim)) {
                    assertEquals(next, a.slotOfElement(ge));
                    assertEquals(0, a.frobeniusPowerOf(ge));
                } else if (a.frobeniusPerturbation(dim) >= 0) {
                    // wrap-around: g^order = p^k, so the slot is reached twisted by Frobenius^k (k = 0 if good)
                    assertEquals(next, a.slotOfElement(ge));
                    assertEquals(a.frobeniusPerturbation(dim), a.frobeniusPowerOf(ge));
                    assertEquals(a.isGood(dim), a.frobeniusPerturbation(dim) == 0);
                }
            }
        }
        assertEquals(Cyclotomic.eulerPhi(m), units.size());
    }

    @Test
    void rejectsBadInputAndRowMethods() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> PAlgebra.general(4095, 3));
        assertTrue(e.getMessage().contains("p = 3") && e.getMessage().contains("m = 4095"), e.getMessage());
        assertThrows(InvalidModulusException.class, () -> PAlgebra.general(17, 4));
        assertThrows(io.fhe4j.math.InvalidDegreeException.class, () -> PAlgebra.general(1, 2));
        PAlgebra a = PAlgebra.general(4369, 2);
        UnsupportedAlgebraException u = assertThrows(UnsupportedAlgebraException.class, a::rowLength);
        assertTrue(u.getMessage().contains("m = 4369"), u.getMessage());
        // PAlgebraMod (the NTT encoder) needs the two-row layout; it fails on a general algebra
        assertThrows(IllegalArgumentException.class, () -> PAlgebraMod.of(PAlgebra.general(11, 23)));
        assertThrows(InvalidHypercubeException.class,
                () -> PAlgebra.general(31775, 2, new int[] {6976, 24806}, new int[] {40, 20}));
        assertThrows(InvalidHypercubeException.class,
                () -> PAlgebra.general(31775, 2, new int[] {6976, 6976}, new int[] {40, 30}));
        assertThrows(IllegalArgumentException.class, () -> a.slotOfElement(17));
        assertFalse(a.hasRowLayout());
        assertTrue(PAlgebra.powerOfTwo(16, 17).hasRowLayout());
    }

    @Test
    void powerOfTwoThroughGeneralHasHElibsGeneratorsInHElibsOrder() {
        for (int m = 16; m <= 4096; m <<= 1) {
            PAlgebra g = PAlgebra.general(m, 65537 % m == 1 ? 65537 : Primes.generate(30, m));
            PAlgebra r = PAlgebra.powerOfTwo(m, g.p());
            assertEquals(r.numDims(), g.numDims());
            for (int i = 0; i < r.numDims(); i++) {
                assertEquals(r.generator(i), g.generator(i));
                assertEquals(r.order(i), g.order(i));
            }
            // the two-row layout keeps rows contiguous; the general one is row-major (HElib's)
            assertEquals(r.slotExponent(1), g.slotExponent(2));
            checkSlotMaps(r);
        }
        assertArrayEquals(new int[] {1, 0}, PAlgebra.powerOfTwo(16, 17).coordinates(1));
    }
}
