package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The circuits on BGV ciphertexts over GF(2) (one number per ciphertext set, in the constant
 * coefficient: see {@link EncryptedBitBackend}) agree bit for bit with the plain backend, with the
 * same product and relinearization counts and depths: an 8-bit add, subtraction, comparison and
 * multiplication and a 4-bit table lookup, including the extremes. The context is small and
 * insecure on purpose (N = 1024, five 60-bit primes: about 10 levels of AND at p = 2).
 */
class EncryptedCircuitTest {
    private static final Context CONTEXT = new ContextBuilder().m(2048).p(2).bits(300).c(3).allowInsecure().build();
    private static final SecretKey SK = KeyGenerator.deterministicForTests(CONTEXT, 7).secretKey();
    private static final Evaluator EVALUATOR = new Evaluator(
            KeyGenerator.deterministicForTests(CONTEXT, 8).evaluationKeys(SK, true));
    private static final Encryptor ENCRYPTOR = new Encryptor(SK);
    private static final Decryptor DECRYPTOR = new Decryptor(SK);

    private final EncryptedBitBackend encrypted = new EncryptedBitBackend(EVALUATOR);
    private final BinaryArith<Ciphertext> enc = new BinaryArith<>(encrypted);
    private final PlainBitBackend plain = new PlainBitBackend(1);
    private final BinaryArith<long[]> ref = new BinaryArith<>(plain);

    /** Runs one binary circuit on both backends and checks bits, costs and depths; returns the plain result. */
    private long check(String what, long x, long y, int k, boolean signed,
            BiFunction<BinaryInt<Ciphertext>, BinaryInt<Ciphertext>, BinaryInt<Ciphertext>> onCiphertexts,
            BiFunction<BinaryInt<long[]>, BinaryInt<long[]>, BinaryInt<long[]>> onPlain) {
        BinaryInt<Ciphertext> cx = encrypted.encrypt(ENCRYPTOR, x, k, signed);
        BinaryInt<Ciphertext> cy = encrypted.encrypt(ENCRYPTOR, y, k, signed);
        long m0 = encrypted.multiplications();
        long r0 = encrypted.relinearizations();
        long start = System.nanoTime();
        BinaryInt<Ciphertext> c = onCiphertexts.apply(cx, cy);
        double ms = (System.nanoTime() - start) / 1e6;
        long pm0 = plain.multiplications();
        long pr0 = plain.relinearizations();
        BinaryInt<long[]> p = onPlain.apply(plain.encode(new long[] {x}, k, signed), plain.encode(new long[] {y}, k, signed));
        assertEquals(plain.multiplications() - pm0, encrypted.multiplications() - m0, what + ": products");
        assertEquals(plain.relinearizations() - pr0, encrypted.relinearizations() - r0, what + ": relinearizations");
        assertEquals(p.width(), c.width(), what + ": width");
        double capacity = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.width(); i++) {
            assertEquals(p.bit(i).depth(), c.bit(i).depth(), what + ": depth of bit " + i);
            if (!c.bit(i).isConstant()) {
                capacity = Math.min(capacity, c.bit(i).value().capacity());
            }
        }
        long expected = plain.decode(p)[0];
        assertEquals(expected, encrypted.decrypt(DECRYPTOR, c), what + "(" + x + ", " + y + ")");
        System.out.printf("encrypted %-28s %4d products, depth %2d, %7.1f ms, min capacity %.1f bits%n",
                what + "(" + x + ", " + y + ")", encrypted.multiplications() - m0, c.depth(), ms, capacity);
        return expected;
    }

    @Test
    void eightBitAdditionSubtractionAndMultiplication() {
        // the first pair is the extremes: -128 + 127, -128 - 127 (overflows), -128 * 127
        Random rnd = new Random(3);
        long[][] pairs = {{-128, 127}, {(byte) rnd.nextInt(), (byte) rnd.nextInt()}};
        for (long[] xy : pairs) {
            assertEquals((byte) (xy[0] + xy[1]), check("add", xy[0], xy[1], 8, true, enc::add, ref::add));
            assertEquals((byte) (xy[0] - xy[1]), check("subtract", xy[0], xy[1], 8, true, enc::subtract, ref::subtract));
        }
        assertEquals(-128L * 127, check("signed multiply", -128, 127, 8, true, enc::multiply, ref::multiply));
        assertEquals(255L * 255, check("unsigned multiply", 255, 255, 8, false, enc::multiply, ref::multiply));
        long x = rnd.nextInt(256);
        long y = rnd.nextInt(256);
        assertEquals(x + y, check("ripple-carry add", x, y, 9, false, enc::addRippleCarry, ref::addRippleCarry));
        // 8-bit signed fixed point with 4 fractional bits: floor(a b / 16) mod 2^8, the trainer's product
        long a = (byte) rnd.nextInt();
        long b = (byte) rnd.nextInt();
        assertEquals((byte) Math.floorDiv(a * b, 16), check("fixed-point multiply", a, b, 8, true,
                (p, q) -> enc.multiplyFixedPoint(p, q, 4), (p, q) -> ref.multiplyFixedPoint(p, q, 4)));
    }

    @Test
    void eightBitComparison() {
        long[][] pairs = {{-128, 127}, {-1, -1}, {6, 5}};
        for (long[] xy : pairs) {
            long lt = check("lessThan", xy[0], xy[1], 8, true,
                    (a, b) -> BinaryInt.of(List.of(enc.lessThan(a, b)), false),
                    (a, b) -> BinaryInt.of(List.of(ref.lessThan(a, b)), false));
            assertEquals(xy[0] < xy[1] ? 1 : 0, lt);
            long eq = check("equal", xy[0], xy[1], 8, true,
                    (a, b) -> BinaryInt.of(List.of(enc.equal(a, b)), false),
                    (a, b) -> BinaryInt.of(List.of(ref.equal(a, b)), false));
            assertEquals(xy[0] == xy[1] ? 1 : 0, eq);
        }
        assertEquals(127, check("max", -128, 127, 8, true, enc::max, ref::max));
    }

    @Test
    void fourBitTableLookup() {
        Random rnd = new Random(11);
        long[] table = new long[16];
        for (int i = 0; i < 16; i++) {
            table[i] = rnd.nextInt(16);
        }
        table[0] = 15; // makes the ANF of output bit 0..3 contain the constant and (almost surely) high degrees
        TableLookup t = TableLookup.of(table, 4, 4, false);
        for (long x : new long[] {0, 15, 9}) {
            assertEquals(table[(int) x], check("table lookup", x, 0, 4, false, (a, b) -> t.apply(enc, a),
                    (a, b) -> t.apply(ref, a)));
        }
    }

    @Test
    void refusesOtherPlaintextModuli() {
        Context t3 = new ContextBuilder().m(2048).p(3).bits(120).c(2).allowInsecure().build();
        CircuitArgumentException e = assertThrows(CircuitArgumentException.class,
                () -> new EncryptedBitBackend(new Evaluator(t3)));
        assertTrue(e.getMessage().contains("t = 3"), e.getMessage());
    }
}
