package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Every row of the cost table in the package documentation, at k = 8 and k = 16, exactly. */
class CostTableTest {
    private final PlainBitBackend backend = new PlainBitBackend(1);
    private final BinaryArith<long[]> arith = new BinaryArith<>(backend);

    private BinaryInt<long[]> fresh(int k, boolean signed) {
        return backend.encode(new long[] {3}, k, signed);
    }

    private List<BinaryInt<long[]>> many(int count, int k) {
        List<BinaryInt<long[]>> xs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            xs.add(fresh(k, true));
        }
        return xs;
    }

    /** Asserts {products at 8, depth at 8, products at 16, depth at 16}. */
    private void row(String circuit, IntFunction<Object> f, int... expected) {
        int[] k = {8, 16};
        for (int i = 0; i < 2; i++) {
            long before = backend.multiplications();
            Object r = f.apply(k[i]);
            int depth = r instanceof Bit ? ((Bit<?>) r).depth() : ((BinaryInt<?>) r).depth();
            assertEquals(expected[2 * i], backend.multiplications() - before, circuit + " products at k = " + k[i]);
            assertEquals(expected[2 * i + 1], depth, circuit + " depth at k = " + k[i]);
        }
    }

    @Test
    void packageTable() {
        row("bitwise AND", k -> arith.and(fresh(k, false), fresh(k, false)), 8, 1, 16, 1);
        row("select", k -> arith.select(Bit.of(new long[] {1}), fresh(k, true), fresh(k, true)), 8, 1, 16, 1);
        row("xor", k -> arith.xor(fresh(k, false), fresh(k, false)), 0, 0, 0, 0);
        row("addRippleCarry", k -> arith.addRippleCarry(fresh(k, false), fresh(k, false)), 7, 7, 15, 15);
        row("add", k -> arith.add(fresh(k, false), fresh(k, false)), 19, 4, 57, 5);
        row("subtract", k -> arith.subtract(fresh(k, true), fresh(k, true)), 19, 4, 57, 5);
        row("negate", k -> arith.negate(fresh(k, true)), 9, 3, 28, 4);
        row("lessThan", k -> arith.lessThan(fresh(k, true), fresh(k, true)), 19, 4, 42, 5);
        row("lessOrEqual", k -> arith.lessOrEqual(fresh(k, false), fresh(k, false)), 19, 4, 42, 5);
        row("equal", k -> arith.equal(fresh(k, true), fresh(k, true)), 7, 3, 15, 4);
        row("max", k -> arith.max(fresh(k, true), fresh(k, true)), 27, 5, 58, 6);
        row("multiply signed", k -> arith.multiply(fresh(k, true), fresh(k, true)), 161, 9, 615, 12);
        row("multiply unsigned", k -> arith.multiply(fresh(k, false), fresh(k, false)), 161, 9, 615, 12);
        row("multiply mod 2^k", k -> arith.multiply(fresh(k, true), fresh(k, true), k), 68, 6, 282, 9);
        row("multiplyFixedPoint", k -> arith.multiplyFixedPoint(fresh(k, true), fresh(k, true), k / 2), 127, 8, 505, 11);
        row("roundShiftRight", k -> arith.roundShiftRight(fresh(k, true), k / 2), 5, 3, 13, 4);
        row("sum of 8", k -> arith.sum(many(8, k)), 79, 8, 167, 9);
        row("sum of 64", k -> arith.sum(many(64, k)), 548, 13, 1084, 15);
    }

    @Test
    void tableLookupRows() {
        TableLookup full = TableLookup.of(8, false, 1, false, x -> x == 0 ? 1 : 0);
        assertEquals(247, full.multiplications());
        assertEquals(3, full.depth());
        TableLookup sigmoid = TableLookup.of(8, true, 8, false,
                v -> Math.min(255, Math.round(256 / (1 + Math.exp(-v / 16.0)))));
        assertEquals(240, sigmoid.multiplications());
        assertEquals(3, sigmoid.depth());
        assertEquals(29, sigmoid.relinearizations());
    }
}
