package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Table lookup on the plain backend: every input pattern in its own slot gives back the table,
 * for random tables of k = 1 to 10 input and l = 1 to 16 output bits; the product, relinearization
 * and depth counts match the documented ones, with the extreme cases (full ANF support, constant
 * and linear functions) exactly.
 */
class TableLookupProperties {

    /** Evaluates t on all 2^k inputs at once (input x in slot x) and returns the decoded outputs. */
    private static long[] evaluateAll(TableLookup t, PlainBitBackend backend, BinaryArith<long[]> arith) {
        int n = 1 << t.inputWidth();
        long[] inputs = new long[n];
        for (int x = 0; x < n; x++) {
            inputs[x] = x;
        }
        long m0 = backend.multiplications();
        long r0 = backend.relinearizations();
        BinaryInt<long[]> out = t.apply(arith, backend.encode(inputs, t.inputWidth(), false));
        assertEquals(t.multiplications(), backend.multiplications() - m0, "products");
        assertEquals(t.relinearizations(), backend.relinearizations() - r0, "relinearizations");
        assertEquals(t.depth(), out.depth(), "depth");
        assertTrue(t.depth() <= Costs.lg(t.inputWidth()), "depth at most lg k");
        assertTrue(t.multiplications() <= (1 << t.inputWidth()) - t.inputWidth() - 1, "at most 2^k - k - 1 products");
        return backend.decode(out.withSigned(false));
    }

    @Property(tries = 200)
    void randomTablesAreReproducedExactly(@ForAll @IntRange(min = 1, max = 10) int k,
            @ForAll @IntRange(min = 1, max = 16) int l, @ForAll long seed) {
        Random rnd = new Random(seed);
        long[] table = new long[1 << k];
        for (int x = 0; x < table.length; x++) {
            table[x] = rnd.nextLong() & ((1L << l) - 1);
        }
        PlainBitBackend backend = new PlainBitBackend(1 << k);
        TableLookup t = TableLookup.of(table, k, l, false);
        assertArrayEquals(table, evaluateAll(t, backend, new BinaryArith<>(backend)));
    }

    @Property(tries = 20)
    void fullSupportCostsEveryMonomial(@ForAll @IntRange(min = 1, max = 10) int k) {
        // f(x) = [x == 0] = prod (1 + x_i) has every monomial in its ANF
        TableLookup t = TableLookup.of(k, false, 1, false, x -> x == 0 ? 1 : 0);
        assertEquals((1 << k) - k - 1, t.multiplications());
        assertEquals(Costs.lg(k), t.depth());
        PlainBitBackend backend = new PlainBitBackend(1 << k);
        long[] out = evaluateAll(t, backend, new BinaryArith<>(backend));
        for (int x = 0; x < out.length; x++) {
            assertEquals(x == 0 ? 1 : 0, out[x]);
        }
        // the factors are the monomials of the lower levels of the split; one relinearization for the output
        assertTrue(t.relinearizations() < t.multiplications() || k <= 2);
    }

    @Test
    void constantAndLinearFunctionsCostNothing() {
        PlainBitBackend backend = new PlainBitBackend(256);
        BinaryArith<long[]> arith = new BinaryArith<>(backend);
        TableLookup constant = TableLookup.of(8, false, 8, false, x -> 77);
        TableLookup linear = TableLookup.of(8, false, 8, false, x -> x ^ (x >> 1) ^ 0x5A); // Gray code xor a mask
        assertEquals(0, constant.multiplications());
        assertEquals(0, linear.multiplications());
        long[] c = evaluateAll(constant, backend, arith);
        long[] g = evaluateAll(linear, backend, arith);
        for (int x = 0; x < 256; x++) {
            assertEquals(77, c[x]);
            assertEquals((x ^ (x >> 1) ^ 0x5A) & 0xFF, g[x]);
        }
    }

    @Test
    void sigmoidOnSignedFixedPoint() {
        // 8-bit signed input with 4 fractional bits, output in [0, 1] with 8 fractional bits (saturating at 255)
        TableLookup sigmoid = TableLookup.of(8, true, 8, false,
                v -> Math.min(255, Math.round(256 / (1 + Math.exp(-v / 16.0)))));
        PlainBitBackend backend = new PlainBitBackend(256);
        BinaryArith<long[]> arith = new BinaryArith<>(backend);
        long[] inputs = new long[256];
        for (int s = 0; s < 256; s++) {
            inputs[s] = s - 128;
        }
        long[] out = backend.decode(sigmoid.apply(arith, backend.encode(inputs, 8, true)));
        for (int s = 0; s < 256; s++) {
            assertEquals(Math.min(255, Math.round(256 / (1 + Math.exp(-inputs[s] / 16.0)))), out[s], "sigmoid(" + inputs[s] + ")");
        }
        assertTrue(sigmoid.depth() <= 3);
    }

    @Test
    void mobiusTransformIsAnInvolution() {
        long[] table = new Random(5).longs(64).toArray();
        assertArrayEquals(table, TableLookup.mobius(TableLookup.mobius(table, 6), 6));
    }

    @Test
    void rejectsMalformedTables() {
        assertThrows(CircuitArgumentException.class, () -> TableLookup.of(new long[15], 4, 1, false));
        assertThrows(CircuitArgumentException.class, () -> TableLookup.of(new long[1], 0, 1, false));
        assertThrows(CircuitArgumentException.class, () -> TableLookup.of(new long[16], 4, 0, false));
        PlainBitBackend backend = new PlainBitBackend(1);
        TableLookup t = TableLookup.of(new long[16], 4, 1, false);
        CircuitArgumentException e = assertThrows(CircuitArgumentException.class,
                () -> t.apply(new BinaryArith<>(backend), backend.encode(new long[1], 5, false)));
        assertTrue(e.getMessage().contains("4-bit") && e.getMessage().contains("5-bit"), e.getMessage());
    }
}
