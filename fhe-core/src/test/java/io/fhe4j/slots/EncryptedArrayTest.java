package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.MissingKeyException;
import io.fhe4j.bgv.SecretKey;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Encrypted slot operations against the same operations on plain long[] vectors. */
class EncryptedArrayTest {
    private static final Context CTX = new ContextBuilder().m(2048).p(65537).bits(300).c(3).allowInsecure().build();
    private static final long T = CTX.plaintextModulus();
    private static EncryptedArray ea;
    private static SecretKey sk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static KeyGenerator kg;

    @BeforeAll
    static void keys() {
        ea = new EncryptedArray(CTX);
        kg = new KeyGenerator(CTX);
        sk = kg.secretKey();
        enc = new Encryptor(kg.publicKey(sk));
        dec = new Decryptor(sk);
    }

    private static long[] random(long seed) {
        Random rnd = new Random(seed);
        return LongStream.range(0, ea.size()).map(i -> rnd.nextInt((int) T)).toArray();
    }

    private static long[] rotateRowsPlain(long[] v, int k) {
        int h = v.length / 2;
        long[] out = new long[v.length];
        for (int s = 0; s < v.length; s++) {
            int row = s / h;
            int col = s % h;
            out[s] = v[row * h + Math.floorMod(col + k, h)];
        }
        return out;
    }

    private static long[] rotatePlain(long[] v, int k) {
        long[] out = new long[v.length];
        for (int s = 0; s < v.length; s++) {
            out[s] = v[Math.floorMod(s + k, v.length)];
        }
        return out;
    }

    private static long[] shiftPlain(long[] v, int k) {
        long[] out = new long[v.length];
        for (int s = 0; s < v.length; s++) {
            int src = s + k;
            out[s] = src >= 0 && src < v.length ? v[src] : 0;
        }
        return out;
    }

    @Test
    void encodeEncryptDecryptAndSlotwiseArithmetic() {
        long[] a = random(1);
        long[] b = random(2);
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, true));
        Ciphertext ca = ea.encrypt(enc, a);
        Ciphertext cb = ea.encrypt(enc, b);
        assertArrayEquals(a, ea.decrypt(dec, ca));
        long[] prod = new long[a.length];
        for (int s = 0; s < a.length; s++) {
            prod[s] = a[s] * b[s] % T;
        }
        assertArrayEquals(prod, ea.decrypt(dec, eval.multiply(ca, cb)));
        assertArrayEquals(prod, ea.decrypt(dec, eval.multiplyPlain(ca, ea.encode(b))));
    }

    @Test
    void rowRotationsWithEveryKeySet() {
        long[] v = random(3);
        Ciphertext c = ea.encrypt(enc, v);
        int[] all = {0, 1, 5, 300, -7, 511};
        int[] direct = {5, 300};
        Object[][] cases = {
            {ea.babyStepGiantStepKeyElements(), all},
            {ea.powerOfTwoKeyElements(), all},
            {ea.rotationKeyElements(direct), direct},
        };
        for (Object[] kase : cases) {
            Evaluator eval = new Evaluator(kg.evaluationKeys(sk, false, (long[]) kase[0]));
            for (int k : (int[]) kase[1]) {
                assertArrayEquals(rotateRowsPlain(v, k), ea.decrypt(dec, ea.rotateRows(eval, c, k)), "k = " + k);
            }
        }
    }

    @Test
    void minimalKeysRotateByRepetition() {
        long[] v = random(4);
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, false, ea.minimalKeyElements()));
        Ciphertext c = ea.encrypt(enc, v);
        assertArrayEquals(rotateRowsPlain(v, 3), ea.decrypt(dec, ea.rotateRows(eval, c, 3)));
        long[] swapped = new long[v.length];
        for (int s = 0; s < v.length; s++) {
            swapped[s] = v[(s + v.length / 2) % v.length];
        }
        assertArrayEquals(swapped, ea.decrypt(dec, ea.swapRows(eval, c)));
    }

    @Test
    void fullRotationsAndShifts() {
        long[] v = random(5);
        int[] steps = {1, 37, 511, 512, 513, 1000, -1, -600};
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, false, ea.rotationKeyElements(steps)));
        Ciphertext c = ea.encrypt(enc, v);
        for (int k : steps) {
            assertArrayEquals(rotatePlain(v, k), ea.decrypt(dec, ea.rotate(eval, c, k)), "rotate " + k);
        }
        for (int k : new int[] {37, -600}) {
            assertArrayEquals(shiftPlain(v, k), ea.decrypt(dec, ea.shift(eval, c, k)), "shift " + k);
        }
    }

    @Test
    void sumsReplicationAndInnerProduct() {
        long[] a = random(6);
        long[] b = random(7);
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, true, ea.powerOfTwoKeyElements()));
        Ciphertext ca = ea.encrypt(enc, a);
        long total = 0;
        long dot = 0;
        long[] rows = new long[2];
        for (int s = 0; s < a.length; s++) {
            total = (total + a[s]) % T;
            dot = (dot + a[s] * b[s]) % T;
            rows[s / ea.rowLength()] = (rows[s / ea.rowLength()] + a[s]) % T;
        }
        long finalTotal = total;
        assertArrayEquals(LongStream.range(0, a.length).map(s -> finalTotal).toArray(),
                ea.decrypt(dec, ea.totalSums(eval, ca)));
        assertArrayEquals(LongStream.range(0, a.length).map(s -> rows[(int) s / ea.rowLength()]).toArray(),
                ea.decrypt(dec, ea.rowSums(eval, ca)));
        assertArrayEquals(LongStream.range(0, a.length).map(s -> a[700]).toArray(),
                ea.decrypt(dec, ea.replicate(eval, ca, 700)));
        long finalDot = dot;
        assertArrayEquals(LongStream.range(0, a.length).map(s -> finalDot).toArray(),
                ea.decrypt(dec, ea.innerProduct(eval, ca, ea.encrypt(enc, b))));
    }

    @Test
    void missingKeysAndUnsupportedModuliAreExplained() {
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, false, ea.algebra().swapRowsElement()));
        Ciphertext c = ea.encrypt(enc, random(8));
        MissingKeyException e = assertThrows(MissingKeyException.class, () -> ea.rotateRows(eval, c, 9));
        assertTrue(e.getMessage().contains("rotationKeyElements"), e.getMessage());
        Context notSplitting = new ContextBuilder().m(2048).p(65539).bits(165).allowInsecure().build();
        assertThrows(UnsupportedAlgebraException.class, () -> new EncryptedArray(notSplitting));
    }

    /** Values outside [-(t-1)/2, t-1] are refused (70000 used to become 4463 at t = 65537), naming index and value. */
    @Test
    void slotValuesOutsideTheRangeAreRefused() {
        long[] v = new long[ea.size()];
        v[3] = 70000;
        SlotValueOutOfRangeException e = assertThrows(SlotValueOutOfRangeException.class, () -> ea.encrypt(enc, v));
        assertTrue(e.getMessage().contains("slot 3 holds 70000") && e.getMessage().contains("encryptReduced"),
                e.getMessage());
        long[] low = {0, -(T - 1) / 2 - 1};
        SlotValueOutOfRangeException l = assertThrows(SlotValueOutOfRangeException.class, () -> ea.encode(low));
        assertTrue(l.getMessage().contains("slot 1 holds -32769"), l.getMessage());
        assertThrows(SlotValueOutOfRangeException.class, () -> ea.encode(new long[] {T}));
        assertThrows(SlotValueOutOfRangeException.class, () -> ea.encode(new long[] {Long.MIN_VALUE}));
        // the ends of the range are accepted, negatives stand for t + v
        long[] ends = {-(T - 1) / 2, T - 1, -1, 0};
        assertArrayEquals(new long[] {(T + 1) / 2, T - 1, T - 1, 0},
                java.util.Arrays.copyOf(ea.decrypt(dec, ea.encrypt(enc, ends)), 4));
        // reducing on purpose is explicit
        assertTrue(ea.decrypt(dec, ea.encryptReduced(enc, v))[3] == 70000 % T);
        assertTrue(ea.decode(ea.encodeReduced(new long[] {-70000}))[0] == Math.floorMod(-70000, T));
    }
}
