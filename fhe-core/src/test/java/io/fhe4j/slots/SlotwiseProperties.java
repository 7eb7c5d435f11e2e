package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.fhe4j.bgv.NoiseBudgetExhaustedException;
import io.fhe4j.bgv.SecretKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * decrypt(op(encrypt(a), encrypt(b))) == op(a, b) slot-wise mod t for random slot vectors and
 * every operation, including rotations by random amounts; chains of products up to the depth the
 * parameters allow and a refusal right after; concurrent evaluations on one evaluator.
 */
class SlotwiseProperties {
    private static final Context CTX = new ContextBuilder().m(2048).p(65537).bits(300).c(3).allowInsecure().build();
    private static final long T = CTX.plaintextModulus();
    private static final EncryptedArray EA = new EncryptedArray(CTX);
    private static final KeyGenerator KG = new KeyGenerator(CTX);
    private static final SecretKey SK = KG.secretKey();
    private static final Encryptor ENC = new Encryptor(KG.publicKey(SK));
    private static final Decryptor DEC = new Decryptor(SK);
    private static final Evaluator EVAL = new Evaluator(KG.evaluationKeys(SK, true, EA.babyStepGiantStepKeyElements()));

    private static long[] random(Random rnd) {
        return LongStream.range(0, EA.size()).map(i -> rnd.nextInt((int) T)).toArray();
    }

    private static long[] apply(long[] a, long[] b, java.util.function.LongBinaryOperator op) {
        long[] out = new long[a.length];
        for (int s = 0; s < a.length; s++) {
            out[s] = Math.floorMod(op.applyAsLong(a[s], b[s]), T);
        }
        return out;
    }

    private static long[] rotated(long[] v, int k, boolean rowsOnly) {
        int n = v.length;
        int h = n / 2;
        long[] out = new long[n];
        for (int s = 0; s < n; s++) {
            out[s] = rowsOnly ? v[s / h * h + Math.floorMod(s % h + k, h)] : v[Math.floorMod(s + k, n)];
        }
        return out;
    }

    @Property(tries = 25)
    void everyOperationMatchesThePlainSlotComputation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int op,
                                                      @ForAll @IntRange(min = -5000, max = 5000) int k) {
        Random rnd = new Random(seed);
        long[] a = random(rnd);
        long[] b = random(rnd);
        Ciphertext ca = EA.encrypt(ENC, a);
        Ciphertext cb = EA.encrypt(ENC, b);
        long c = rnd.nextInt((int) T);
        long[] expected;
        Ciphertext got;
        switch (op) {
            case 0 -> { expected = apply(a, b, Long::sum); got = EVAL.add(ca, cb); }
            case 1 -> { expected = apply(a, b, (x, y) -> x - y); got = EVAL.sub(ca, cb); }
            case 2 -> { expected = apply(a, b, (x, y) -> x * y % T); got = EVAL.multiply(ca, cb); }
            case 3 -> { expected = apply(a, b, (x, y) -> x * y % T); got = EVAL.multiplyPlain(ca, EA.encode(b)); }
            case 4 -> { expected = apply(a, a, (x, y) -> x * c % T); got = EVAL.multiplyConstant(ca, c); }
            case 5 -> { expected = apply(a, a, (x, y) -> x + c); got = EVAL.addConstant(ca, c); }
            case 6 -> { expected = rotated(a, k, true); got = EA.rotateRows(EVAL, ca, k); }
            case 7 -> { expected = rotated(a, k, false); got = EA.rotate(EVAL, ca, k); }
            default -> { expected = apply(a, a, (x, y) -> -x); got = EVAL.negate(ca); }
        }
        assertArrayEquals(expected, EA.decrypt(DEC, got), "operation " + op + ", k = " + k);
    }

    @Test
    void productChainsUpToTheDepthThenARefusal() {
        Random rnd = new Random(1);
        long[] v = random(rnd);
        long[] factor = random(rnd);
        Ciphertext acc = EA.encrypt(ENC, v);
        Ciphertext f = EA.encrypt(ENC, factor);
        int depth = 0;
        while (true) {
            Ciphertext last = acc;
            Ciphertext spent = EVAL.allowingExhaustedNoise().multiply(acc, f);
            if (spent.capacity() <= 0) { // the product is refused, and decryption would refuse it too
                NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class,
                        () -> EVAL.multiply(last, f));
                assertTrue(e.getMessage().startsWith("multiply refused"), e.getMessage());
                assertThrows(NoiseBudgetExhaustedException.class, () -> DEC.decrypt(spent));
                break;
            }
            Ciphertext next = EVAL.multiply(acc, f);
            long[] expected = apply(v, factor, (x, y) -> x * y % T);
            assertArrayEquals(expected, EA.decrypt(DEC, next), "depth " + (depth + 1));
            v = expected;
            acc = next;
            depth++;
        }
        assertTrue(depth >= 3, "5 primes of 60 bits allow at least 3 sequential products, got " + depth);
    }

    @Test
    void concurrentEvaluationsOnOneEvaluatorAgree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                int id = task;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(id);
                    long[] a = random(rnd);
                    long[] b = random(rnd);
                    int k = rnd.nextInt(EA.size());
                    Ciphertext prod;
                    synchronized (ENC) { // an Encryptor owns a sampler: one thread at a time
                        prod = EVAL.multiply(EA.encrypt(ENC, a), EA.encrypt(ENC, b));
                    }
                    Ciphertext r = EA.rotate(EVAL, prod, k);
                    long[] expected = rotated(apply(a, b, (x, y) -> x * y % T), k, false);
                    return java.util.Arrays.equals(expected, EA.decrypt(DEC, r));
                }));
            }
            for (Future<Boolean> f : results) {
                assertEquals(true, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Keys expand their uniform parts on first use: threads that first use a fresh key together all rotate right. */
    @Test
    void firstUseOfAFreshKeyFromManyThreadsAgrees() throws Exception {
        Evaluator fresh = new Evaluator(KG.evaluationKeys(SK, false, EA.rotationKeyElements(3)));
        long[] a = random(new Random(7));
        Ciphertext c;
        synchronized (ENC) {
            c = EA.encrypt(ENC, a);
        }
        long[] expected = rotated(a, 3, false);
        int threads = 6;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return EA.decrypt(DEC, EA.rotate(fresh, c, 3));
                }));
            }
            for (Future<long[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
