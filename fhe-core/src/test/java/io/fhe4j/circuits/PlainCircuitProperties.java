package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongBinaryOperator;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every circuit on the plain backend against Java's arithmetic, on random k-bit numbers (k = 1 to
 * 16) in 64 slots whose first 36 slots hold every pair of the extremes 0, 1, 2^(k-1) - 1,
 * 2^(k-1), 2^k - 1 and a random value (so zero, sign, overflow and wrap-around are always hit);
 * and every circuit's product count and depth against its documented cost.
 */
class PlainCircuitProperties {
    private static final int SLOTS = 64;

    private final PlainBitBackend backend = new PlainBitBackend(SLOTS);
    private final BinaryArith<long[]> arith = new BinaryArith<>(backend);

    /** Slot values: x takes extreme i, y extreme j in slot 6 i + j; the rest random. */
    private static long[][] operands(Random rnd, int k) {
        long[] ext = {0, 1, (1L << (k - 1)) - 1, 1L << (k - 1), (1L << k) - 1, rnd.nextLong() & ((1L << k) - 1)};
        long[] x = new long[SLOTS];
        long[] y = new long[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            x[s] = s < 36 ? ext[s / 6] : rnd.nextLong();
            y[s] = s < 36 ? ext[s % 6] : rnd.nextLong();
        }
        return new long[][] {x, y};
    }

    /** v mod 2^k, read as unsigned or signed. */
    static long norm(long v, int k, boolean signed) {
        if (k == 64) {
            return v;
        }
        long u = v & ((1L << k) - 1);
        return signed ? u << (64 - k) >> (64 - k) : u;
    }

    private static long[] map(long[] x, long[] y, LongBinaryOperator f) {
        long[] r = new long[x.length];
        for (int s = 0; s < r.length; s++) {
            r[s] = f.applyAsLong(x[s], y[s]);
        }
        return r;
    }

    /** Runs a circuit and checks its product count and depth. */
    private <T> T costs(Supplier<T> circuit, int multiplications, int depth, String what) {
        long before = backend.multiplications();
        T r = circuit.get();
        assertEquals(multiplications, backend.multiplications() - before, what + ": products");
        int d = r instanceof Bit ? ((Bit<?>) r).depth() : ((BinaryInt<?>) r).depth();
        assertEquals(depth, d, what + ": depth");
        return r;
    }

    private long[] bitSlots(Bit<long[]> b) {
        return backend.bitSlots(b);
    }

    @Property(tries = 300)
    void addersSubtractionAndNegation(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll boolean signed,
            @ForAll long seed) {
        long[][] v = operands(new Random(seed), k);
        BinaryInt<long[]> x = backend.encode(v[0], k, signed);
        BinaryInt<long[]> y = backend.encode(v[1], k, signed);
        long[] xs = backend.decode(x);
        long[] ys = backend.decode(y);
        long[] sum = map(xs, ys, (a, b) -> norm(a + b, k, signed));
        assertArrayEquals(sum, backend.decode(costs(() -> arith.addRippleCarry(x, y), Costs.rippleMultiplications(k),
                Costs.rippleDepth(k), "ripple-carry")));
        assertArrayEquals(sum, backend.decode(costs(() -> arith.add(x, y), Costs.addMultiplications(k), Costs.addDepth(k),
                "add")));
        assertArrayEquals(map(xs, ys, (a, b) -> norm(a - b, k, signed)), backend.decode(costs(() -> arith.subtract(x, y),
                Costs.addMultiplications(k), Costs.addDepth(k), "subtract")));
        assertArrayEquals(map(xs, ys, (a, b) -> norm(-a, k, signed)), backend.decode(costs(() -> arith.negate(x),
                Costs.NEGATE[k - 1], Costs.negateDepth(k), "negate")));
    }

    @Property(tries = 300)
    void comparisonsAndSelection(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll boolean signed, @ForAll long seed) {
        Random rnd = new Random(seed);
        long[][] v = operands(rnd, k);
        BinaryInt<long[]> x = backend.encode(v[0], k, signed);
        BinaryInt<long[]> y = backend.encode(v[1], k, signed);
        long[] xs = backend.decode(x);
        long[] ys = backend.decode(y);
        assertArrayEquals(map(xs, ys, (a, b) -> a < b ? 1 : 0), bitSlots(costs(() -> arith.lessThan(x, y),
                Costs.lessThanMultiplications(k), Costs.lessThanDepth(k), "lessThan")));
        assertArrayEquals(map(xs, ys, (a, b) -> a <= b ? 1 : 0), bitSlots(arith.lessOrEqual(x, y)));
        assertArrayEquals(map(xs, ys, (a, b) -> a > b ? 1 : 0), bitSlots(arith.greaterThan(x, y)));
        assertArrayEquals(map(xs, ys, (a, b) -> a >= b ? 1 : 0), bitSlots(arith.greaterOrEqual(x, y)));
        assertArrayEquals(map(xs, ys, (a, b) -> a == b ? 1 : 0), bitSlots(costs(() -> arith.equal(x, y),
                Costs.equalMultiplications(k), Costs.equalDepth(k), "equal")));
        assertArrayEquals(map(xs, ys, Math::max), backend.decode(costs(() -> arith.max(x, y), Costs.maxMultiplications(k),
                Costs.maxDepth(k), "max")));
        assertArrayEquals(map(xs, ys, Math::min), backend.decode(arith.min(x, y)));
        long[] c = new long[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            c[s] = rnd.nextInt(2);
        }
        Bit<long[]> cb = Bit.of(c);
        long[] expected = new long[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            expected[s] = c[s] == 1 ? xs[s] : ys[s];
        }
        assertArrayEquals(expected, backend.decode(costs(() -> arith.select(cb, x, y), k, 1, "select")));
    }

    @Property(tries = 200)
    void bitwiseOperations(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll boolean signed, @ForAll long seed) {
        long[][] v = operands(new Random(seed), k);
        BinaryInt<long[]> x = backend.encode(v[0], k, signed);
        BinaryInt<long[]> y = backend.encode(v[1], k, signed);
        long[] xs = backend.decode(x);
        long[] ys = backend.decode(y);
        assertArrayEquals(map(xs, ys, (a, b) -> a & b), backend.decode(costs(() -> arith.and(x, y), k, 1, "and")));
        assertArrayEquals(map(xs, ys, (a, b) -> a ^ b), backend.decode(costs(() -> arith.xor(x, y), 0, 0, "xor")));
        assertArrayEquals(map(xs, ys, (a, b) -> norm(~a, k, signed)), backend.decode(costs(() -> arith.not(x), 0, 0, "not")));
    }

    @Property(tries = 300)
    void multiplication(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll boolean signed, @ForAll long seed) {
        Random rnd = new Random(seed);
        long[][] v = operands(rnd, k);
        BinaryInt<long[]> x = backend.encode(v[0], k, signed);
        BinaryInt<long[]> y = backend.encode(v[1], k, signed);
        long[] xs = backend.decode(x);
        long[] ys = backend.decode(y);
        assertArrayEquals(map(xs, ys, (a, b) -> a * b), backend.decode(costs(() -> arith.multiply(x, y),
                Costs.MULTIPLY[k - 1], Costs.MULTIPLY_DEPTH[k - 1], "multiply")));
        assertTrue(Costs.MULTIPLY_DEPTH[k - 1] <= 1 + Costs.daddaStages(k) + 1 + Costs.lg(2 * k),
                "depth within partial products + Dadda stages + adder");
        int w = 1 + rnd.nextInt(2 * k);
        long before = backend.multiplications();
        BinaryInt<long[]> low = arith.multiply(x, y, w);
        assertTrue(backend.multiplications() - before <= Costs.MULTIPLY[k - 1], "a truncated product costs no more");
        assertEquals(w, low.width());
        assertArrayEquals(map(xs, ys, (a, b) -> norm(a * b, w, signed)), backend.decode(low));
        // mixed widths: a k-bit times a j-bit number
        int j = 1 + rnd.nextInt(16);
        BinaryInt<long[]> z = backend.encode(operands(rnd, j)[0], j, signed);
        assertArrayEquals(map(xs, backend.decode(z), (a, b) -> a * b), backend.decode(arith.multiply(x, z)));
    }

    @Property(tries = 200)
    void fixedPointTruncationAndRounding(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll boolean signed,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        long[][] v = operands(rnd, k);
        BinaryInt<long[]> x = backend.encode(v[0], k, signed);
        BinaryInt<long[]> y = backend.encode(v[1], k, signed);
        long[] xs = backend.decode(x);
        long[] ys = backend.decode(y);
        int f = rnd.nextInt(k);
        assertArrayEquals(map(xs, ys, (a, b) -> Math.floorDiv(a, 1L << f)), backend.decode(costs(() -> x.shiftRight(f), 0,
                0, "shiftRight")));
        assertArrayEquals(map(xs, ys, (a, b) -> norm(Math.floorDiv(a * b, 1L << f), k, signed)),
                backend.decode(arith.multiplyFixedPoint(x, y, f)));
        if (k >= 2) {
            int g = 1 + rnd.nextInt(k - 1);
            BinaryInt<long[]> r = arith.roundShiftRight(x, g);
            assertEquals(k - g + 1, r.width());
            assertArrayEquals(map(xs, ys, (a, b) -> Math.floorDiv(a + (1L << (g - 1)), 1L << g)), backend.decode(r));
            assertTrue(r.depth() <= 1 + Costs.lg(k - g), "rounding depth " + r.depth());
        }
        assertArrayEquals(map(xs, ys, (a, b) -> a << 3), backend.decode(x.shiftLeft(3)));
        assertArrayEquals(xs, backend.decode(x.resize(k + 5)));
    }

    @Property(tries = 150)
    void sumOfManyNumbers(@ForAll @IntRange(min = 1, max = 16) int k, @ForAll @IntRange(min = 1, max = 12) int count,
            @ForAll boolean signed, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<BinaryInt<long[]>> xs = new ArrayList<>();
        long[] exact = new long[SLOTS];
        int widest = 0;
        for (int i = 0; i < count; i++) {
            int width = 1 + rnd.nextInt(k);
            widest = Math.max(widest, width);
            BinaryInt<long[]> x = backend.encode(operands(rnd, width)[i % 2], width, signed);
            xs.add(x);
            long[] d = backend.decode(x);
            for (int s = 0; s < SLOTS; s++) {
                exact[s] += d[s];
            }
        }
        BinaryInt<long[]> total = arith.sum(xs);
        assertEquals(widest + Costs.lg(count), total.width());
        assertArrayEquals(exact, backend.decode(total));
        int w = 1 + rnd.nextInt(20);
        long[] wrapped = new long[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            wrapped[s] = norm(exact[s], w, signed);
        }
        assertArrayEquals(wrapped, backend.decode(arith.sum(xs, w)));
    }

    @Property(tries = 100)
    void manyEqualWidthNumbersCostAboutOneProductPerBit(@ForAll @IntRange(min = 2, max = 16) int k,
            @ForAll @IntRange(min = 3, max = 16) int count, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<BinaryInt<long[]>> xs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            xs.add(backend.encode(operands(rnd, k)[0], k, false));
        }
        int w = k + Costs.lg(count);
        long before = backend.multiplications();
        BinaryInt<long[]> total = arith.sum(xs);
        long products = backend.multiplications() - before;
        // each full adder removes one of the count*k input bits and costs one product, half adders are few,
        // and one w-bit Sklansky adder costs at most 2 w (1 + lg w)
        assertTrue(products <= (long) count * k + 2L * w * (1 + Costs.lg(w)), products + " products");
        assertTrue(total.depth() <= Costs.daddaStages(count) + 1 + Costs.lg(w) + 2, "depth " + total.depth());
    }

    @Test
    void constantsAreFreeAndFolded() {
        BinaryInt<long[]> x = backend.encode(new long[SLOTS], 8, true);
        BinaryInt<long[]> five = BinaryInt.constant(5, 8, true);
        long before = backend.multiplications();
        BinaryInt<long[]> r = arith.multiply(five, BinaryInt.constant(-3, 8, true));
        assertEquals(before, backend.multiplications(), "constant x constant costs nothing");
        assertTrue(r.isConstant());
        assertEquals(-15, r.constantValue());
        assertEquals(0, arith.and(x, BinaryInt.constant(0, 8, true)).depth());
        assertEquals(before, backend.multiplications());
    }

    @Test
    void rejectsMixedSignednessAndBadWidths() {
        BinaryInt<long[]> s = backend.encode(new long[SLOTS], 8, true);
        BinaryInt<long[]> u = backend.encode(new long[SLOTS], 8, false);
        CircuitArgumentException e = assertThrows(CircuitArgumentException.class, () -> arith.add(s, u));
        assertTrue(e.getMessage().contains("signed 8-bit") && e.getMessage().contains("unsigned 8-bit"), e.getMessage());
        assertThrows(CircuitArgumentException.class, () -> arith.multiply(s, s, 17));
        assertThrows(CircuitArgumentException.class, () -> arith.multiply(s, s, 0));
        assertThrows(CircuitArgumentException.class, () -> s.shiftRight(8));
        assertThrows(CircuitArgumentException.class, () -> arith.roundShiftRight(s, 0));
        assertThrows(CircuitArgumentException.class, () -> BinaryInt.constant(0, 65, false));
        assertThrows(CircuitArgumentException.class, () -> arith.sum(List.of()));
        assertThrows(CircuitArgumentException.class, () -> backend.encode(new long[3], 8, false));
        assertThrows(CircuitArgumentException.class, () -> arith.xor(s, backend.encode(new long[SLOTS], 8, true).withSigned(false)));
        assertThrows(CircuitArgumentException.class, () -> new PlainBitBackend(0));
    }
}
