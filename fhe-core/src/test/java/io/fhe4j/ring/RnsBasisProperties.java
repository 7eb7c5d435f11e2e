package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** CRT composition and decomposition against BigInteger. */
class RnsBasisProperties {

    static RnsBasis basis(int count, int bits, long m) {
        return RnsBasis.of(Primes.generate(bits, m, count, List.of()).stream().mapToLong(Long::longValue).toArray());
    }

    @Property(tries = 300)
    void composeUndoesDecompose(@ForAll @IntRange(min = 1, max = 12) int count,
                                @ForAll @IntRange(min = 20, max = 62) int bits, @ForAll long seed) {
        RnsBasis b = basis(count, bits, 1 << 12);
        Random rnd = new Random(seed);
        BigInteger x = new BigInteger(b.product().bitLength() + 16, rnd).mod(b.product());
        long[] r = b.decompose(x);
        for (int i = 0; i < count; i++) {
            assertEquals(x.mod(BigInteger.valueOf(b.prime(i))).longValue(), r[i]);
        }
        assertEquals(x, b.compose(r));
        BigInteger centered = b.composeCentered(r);
        assertTrue(centered.shiftLeft(1).abs().compareTo(b.product()) <= 0);
        assertEquals(x, centered.mod(b.product()));
        // negative inputs decompose to the residues of their class
        assertArrayEquals(r, b.decompose(x.subtract(b.product())));
    }

    @Test
    void subBasesAndUnions() {
        RnsBasis b = basis(5, 40, 1 << 11);
        assertEquals(3, b.prefix(3).size());
        assertEquals(b.prefix(3), b.drop(2));
        assertEquals(b, b.prefix(2).concat(RnsBasis.of(b.prime(2), b.prime(3), b.prime(4))));
        assertEquals(b.product(), b.prefix(3).product().multiply(BigInteger.valueOf(b.prime(3)))
                .multiply(BigInteger.valueOf(b.prime(4))));
        assertEquals(200, Math.round(b.bits()), 1);
    }

    @Test
    void rejectsBadBases() {
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> RnsBasis.of(15, 21));
        assertTrue(e.getMessage().contains("15") && e.getMessage().contains("21"), e.getMessage());
        assertThrows(InvalidModulusException.class, () -> RnsBasis.of(97, 97));
        assertThrows(InvalidModulusException.class, () -> RnsBasis.of());
        RnsBasis b = RnsBasis.of(97, 193);
        CoefficientOutOfRangeException c = assertThrows(CoefficientOutOfRangeException.class,
                () -> b.compose(new long[] {3, 193}));
        assertTrue(c.getMessage().contains("193"), c.getMessage());
        assertThrows(MismatchedBasisException.class, () -> b.compose(new long[] {3}));
        assertThrows(IllegalArgumentException.class, () -> b.prefix(3));
    }
}
