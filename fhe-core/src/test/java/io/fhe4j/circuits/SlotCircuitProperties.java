package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The circuits SIMD on the 16 GF(2^8) slots of a real BGV ciphertext at m = 255 (phi = 128):
 * random k-bit inputs per slot, results equal to the plain backend slot by slot, with the same
 * product and relinearization counts.
 */
class SlotCircuitProperties {
    private static final Context CONTEXT = new ContextBuilder().m(255).p(2).bits(480).c(3).allowInsecure().build();
    private static final GeneralEncryptedArray SLOTS = new GeneralEncryptedArray(CONTEXT);
    private static final SecretKey SK = KeyGenerator.deterministicForTests(CONTEXT, 3).secretKey();
    private static final Evaluator EVAL = new Evaluator(KeyGenerator.deterministicForTests(CONTEXT, 4).evaluationKeys(SK, true));
    private static final Encryptor ENC = new Encryptor(SK);
    private static final Decryptor DEC = new Decryptor(SK);

    private final EncryptedBitBackend encrypted = new EncryptedBitBackend(EVAL);
    private final BinaryArith<Ciphertext> enc = new BinaryArith<>(encrypted);
    private final PlainBitBackend plain = new PlainBitBackend(SLOTS.size());
    private final BinaryArith<long[]> ref = new BinaryArith<>(plain);

    private static long[] random(Random rnd, int k) {
        long[] v = new long[SLOTS.size()];
        for (int s = 0; s < v.length; s++) {
            v[s] = rnd.nextInt(1 << k);
        }
        return v;
    }

    private long[] check(long[] x, long[] y, int k, boolean signed,
            BiFunction<BinaryInt<Ciphertext>, BinaryInt<Ciphertext>, BinaryInt<Ciphertext>> onCiphertexts,
            BiFunction<BinaryInt<long[]>, BinaryInt<long[]>, BinaryInt<long[]>> onPlain) {
        long m0 = encrypted.multiplications();
        long pm0 = plain.multiplications();
        BinaryInt<Ciphertext> c = onCiphertexts.apply(encrypted.encryptSlots(ENC, SLOTS, x, k, signed),
                encrypted.encryptSlots(ENC, SLOTS, y, k, signed));
        BinaryInt<long[]> p = onPlain.apply(plain.encode(x, k, signed), plain.encode(y, k, signed));
        assertEquals(plain.multiplications() - pm0, encrypted.multiplications() - m0, "products");
        long[] expected = plain.decode(p);
        assertArrayEquals(expected, encrypted.decryptSlots(DEC, SLOTS, c));
        return expected;
    }

    @Property(tries = 2)
    void eightBitMultiplyAndAddOnEverySlot(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] x = random(rnd, 8);
        long[] y = random(rnd, 8);
        long[] product = check(x, y, 8, false, enc::multiply, ref::multiply);
        for (int s = 0; s < x.length; s++) {
            assertEquals(x[s] * y[s], product[s], "slot " + s);
        }
        long[] sum = check(x, y, 8, false, enc::add, ref::add);
        for (int s = 0; s < x.length; s++) {
            assertEquals((x[s] + y[s]) & 255, sum[s], "slot " + s);
        }
        check(x, y, 8, true, (a, b) -> BinaryInt.of(List.of(enc.lessThan(a, b)), false),
                (a, b) -> BinaryInt.of(List.of(ref.lessThan(a, b)), false));
    }

    @Property(tries = 2)
    void eightBitTableLookupOnEverySlot(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] table = new long[256];
        for (int i = 0; i < table.length; i++) {
            table[i] = rnd.nextInt(256);
        }
        TableLookup lookup = TableLookup.of(table, 8, 8, false);
        long[] x = random(rnd, 8);
        long[] out = check(x, x, 8, false, (a, b) -> lookup.apply(enc, a), (a, b) -> lookup.apply(ref, a));
        for (int s = 0; s < x.length; s++) {
            assertEquals(table[(int) x[s]], out[s], "slot " + s);
        }
    }

    @Test
    void refusesAnArrayOfAnotherContext() {
        GeneralEncryptedArray other = new GeneralEncryptedArray(
                new ContextBuilder().m(85).p(2).bits(200).allowInsecure().build());
        assertThrows(CircuitArgumentException.class, () -> encrypted.encryptSlots(ENC, other, new long[1], 8, false));
        assertThrows(CircuitArgumentException.class, () -> encrypted.encryptSlots(ENC, SLOTS, new long[17], 8, false));
    }
}
