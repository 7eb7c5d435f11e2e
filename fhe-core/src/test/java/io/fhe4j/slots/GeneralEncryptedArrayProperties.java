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
import io.fhe4j.bgv.MissingKeyException;
import io.fhe4j.bgv.SecretKey;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * GeneralEncryptedArray on real BGV ciphertexts at small odd m (good and bad dimensions, one to
 * three of them, GF(2^d) and GF(3^d) slots): encode/decode, every rotate1D amount along every
 * dimension, whole-vector rotations and shifts, Frobenius powers, totalSums and replicate, each
 * against the same movement of random plaintext slot values.
 */
class GeneralEncryptedArrayProperties {
    /** An array with its keys. */
    record Setup(GeneralEncryptedArray ea, Encryptor enc, Decryptor dec, Evaluator eval) {
    }

    private static final Map<String, Setup> SETUPS = new ConcurrentHashMap<>();

    static Setup setup(int m, long p, int r) {
        return SETUPS.computeIfAbsent(m + "/" + p + "/" + r, key -> {
            Context ctx = new ContextBuilder().m(m).p(p).r(r).bits(400).c(2).primeBits(50).allowInsecure().build();
            GeneralEncryptedArray ea = new GeneralEncryptedArray(ctx);
            KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, m);
            SecretKey sk = kg.secretKey();
            Set<Long> elements = new LinkedHashSet<>();
            for (int dim = 0; dim < ea.algebra().numDims(); dim++) {
                for (int k = 1; k < ea.algebra().order(dim); k++) {
                    for (long e : ea.rotationKeyElements(dim, k)) {
                        elements.add(e);
                    }
                }
            }
            for (long e : ea.frobeniusKeyElements()) {
                elements.add(e);
            }
            long[] all = elements.stream().mapToLong(Long::longValue).toArray();
            return new Setup(ea, Encryptor.deterministicForTests(kg.publicKey(sk), m), new Decryptor(sk),
                    new Evaluator(kg.evaluationKeys(sk, true, all)));
        });
    }

    /** p = 2: m = 21, 31, 91, 127 (one good dimension), 85 and 151 (one bad), 105 (two good), 255 (bad and good); p = 3: 85, and 35 mod 9. */
    private static final int[][] PARAMETERS = {{21, 2, 1}, {31, 2, 1}, {85, 2, 1}, {91, 2, 1}, {105, 2, 1},
        {127, 2, 1}, {255, 2, 1}, {151, 2, 1}, {85, 3, 1}, {35, 3, 2}};

    /** Runs the check on every parameter set, so that each property covers all of them every time. */
    private static void forEachSetup(java.util.function.Consumer<Setup> check) {
        for (int[] a : PARAMETERS) {
            check.accept(setup(a[0], a[1], a[2]));
        }
    }

    static long[][] random(Random rnd, GeneralEncryptedArray ea) {
        long t = ea.context().plaintextModulus();
        long[][] v = new long[ea.size()][ea.slotDegree()];
        for (long[] slot : v) {
            for (int k = 0; k < slot.length; k++) {
                slot[k] = Math.floorMod(rnd.nextLong(), t);
            }
        }
        return v;
    }

    private static long[][] zeros(GeneralEncryptedArray ea) {
        return new long[ea.size()][ea.slotDegree()];
    }

    private static long[] add(long[] a, long[] b, long t) {
        long[] c = new long[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.floorMod(a[i] + b[i], t);
        }
        return c;
    }

    /** Reference rotate1D: new coordinate c holds old c + k. */
    static long[][] rotate1D(PAlgebra a, long[][] v, int dim, int k) {
        long[][] out = new long[v.length][];
        for (int s = 0; s < v.length; s++) {
            out[s] = v[a.addCoordinate(s, dim, k)];
        }
        return out;
    }

    private static void assertSlots(long[][] expected, long[][] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int s = 0; s < expected.length; s++) {
            assertArrayEquals(expected[s], actual[s], what + ", slot " + s);
        }
    }

    @Property(tries = 3)
    void encodeDecodeRoundTripAndSlotwiseArithmetic(@ForAll long seed) {
        forEachSetup(st -> checkEncodeDecodeRoundTripAndSlotwiseArithmetic(st, seed));
    }

    private static void checkEncodeDecodeRoundTripAndSlotwiseArithmetic(Setup st, long seed) {
        GeneralEncryptedArray ea = st.ea;
        Random rnd = new Random(seed);
        long[][] x = random(rnd, ea);
        long[][] y = random(rnd, ea);
        assertSlots(x, ea.decode(ea.encode(x)), "plain round trip");
        Ciphertext cx = ea.encrypt(st.enc, x);
        Ciphertext cy = ea.encrypt(st.enc, y);
        assertSlots(x, ea.decrypt(st.dec, cx), "encrypted round trip");
        long[][] sum = new long[x.length][];
        long[][] prod = new long[x.length][];
        for (int s = 0; s < x.length; s++) {
            sum[s] = add(x[s], y[s], ea.context().plaintextModulus());
            prod[s] = ea.codec().multiplySlots(x[s], y[s]);
        }
        assertSlots(sum, ea.decrypt(st.dec, st.eval.add(cx, cy)), "sum");
        assertSlots(prod, ea.decrypt(st.dec, st.eval.multiply(cx, cy)), "product");
    }

    @Property(tries = 3)
    void everyRotate1DAmountAlongEveryDimension(@ForAll long seed) {
        forEachSetup(st -> checkEveryRotate1DAmountAlongEveryDimension(st, seed));
    }

    private static void checkEveryRotate1DAmountAlongEveryDimension(Setup st, long seed) {
        GeneralEncryptedArray ea = st.ea;
        PAlgebra a = ea.algebra();
        long[][] x = random(new Random(seed), ea);
        Ciphertext cx = ea.encrypt(st.enc, x);
        for (int dim = 0; dim < a.numDims(); dim++) {
            for (int k = -1; k <= a.order(dim); k++) {
                assertSlots(rotate1D(a, x, dim, k), ea.decrypt(st.dec, ea.rotate1D(st.eval, cx, dim, k)),
                        "rotate1D(dim " + dim + ", " + k + ") at m = " + a.m());
            }
            int k = a.order(dim) / 2 + 1;
            long[][] shifted = rotate1D(a, x, dim, k);
            for (int s = 0; s < x.length; s++) {
                if (a.coordinate(s, dim) + k >= a.order(dim)) {
                    shifted[s] = new long[ea.slotDegree()];
                }
            }
            assertSlots(shifted, ea.decrypt(st.dec, ea.shift1D(st.eval, cx, dim, k)), "shift1D");
        }
    }

    @Property(tries = 3)
    void wholeVectorRotationsShiftsAndFrobenius(@ForAll long seed) {
        forEachSetup(st -> checkWholeVectorRotationsShiftsAndFrobenius(st, seed));
    }

    private static void checkWholeVectorRotationsShiftsAndFrobenius(Setup st, long seed) {
        GeneralEncryptedArray ea = st.ea;
        Random rnd = new Random(seed);
        long[][] x = random(rnd, ea);
        Ciphertext cx = ea.encrypt(st.enc, x);
        int n = ea.size();
        for (int k : new int[] {1, -1, rnd.nextInt(n), n - 1, n + 2}) {
            long[][] rot = new long[n][];
            long[][] sh = new long[n][];
            for (int s = 0; s < n; s++) {
                rot[s] = x[Math.floorMod(s + k, n)];
                sh[s] = s + k >= 0 && s + k < n ? x[s + k] : new long[ea.slotDegree()];
            }
            assertSlots(rot, ea.decrypt(st.dec, ea.rotate(st.eval, cx, k)), "rotate " + k + " at m = " + ea.algebra().m());
            assertSlots(sh, ea.decrypt(st.dec, ea.shift(st.eval, cx, k)), "shift " + k);
        }
        for (int j = 0; j < ea.slotDegree(); j++) {
            long[][] frob = new long[n][];
            for (int s = 0; s < n; s++) {
                frob[s] = x[s];
                for (int i = 0; i < j; i++) {
                    frob[s] = ea.codec().frobenius(frob[s]);
                }
            }
            assertSlots(frob, ea.decrypt(st.dec, ea.frobenius(st.eval, cx, j)), "frobenius " + j);
        }
    }

    @Property(tries = 3)
    void totalSumsAndReplicate(@ForAll long seed) {
        forEachSetup(st -> checkTotalSumsAndReplicate(st, seed));
    }

    private static void checkTotalSumsAndReplicate(Setup st, long seed) {
        GeneralEncryptedArray ea = st.ea;
        Random rnd = new Random(seed);
        long t = ea.context().plaintextModulus();
        long[][] x = random(rnd, ea);
        Ciphertext cx = ea.encrypt(st.enc, x);
        long[] total = new long[ea.slotDegree()];
        for (long[] v : x) {
            total = add(total, v, t);
        }
        long[][] expected = new long[ea.size()][];
        Arrays.fill(expected, total);
        assertSlots(expected, ea.decrypt(st.dec, ea.totalSums(st.eval, cx)), "totalSums at m = " + ea.algebra().m());
        int slot = rnd.nextInt(ea.size());
        Arrays.fill(expected, x[slot]);
        assertSlots(expected, ea.decrypt(st.dec, ea.replicate(st.eval, cx, slot)), "replicate " + slot);
    }

    @Test
    void missingKeysNameTheDimensionAndTheFix() {
        Setup st = setup(85, 2, 1);
        Context ctx = st.ea.context();
        Evaluator bare = new Evaluator(KeyGenerator.deterministicForTests(ctx, 1).evaluationKeys(
                KeyGenerator.deterministicForTests(ctx, 1).secretKey(), true));
        Ciphertext c = st.ea.encrypt(st.enc, zeros(st.ea));
        MissingKeyException e = assertThrows(MissingKeyException.class, () -> st.ea.rotate1D(bare, c, 0, 1));
        assertTrue(e.getMessage().contains("dimension 0") && e.getMessage().contains("powerOfTwoKeyElements"),
                e.getMessage());
        assertThrows(UnsupportedAlgebraException.class, () -> new GeneralEncryptedArray(
                new ContextBuilder().m(2048).p(65537).bits(165).allowInsecure().build()));
        assertThrows(SlotCountMismatchException.class, () -> st.ea.encode(new long[st.ea.size() + 1][]));
    }

    @Test
    void minimalAndPowerOfTwoKeySetsReachEveryRotation() {
        for (int m : new int[] {85, 127}) {
            Setup st = setup(m, 2, 1);
            Context ctx = st.ea.context();
            KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 5);
            SecretKey sk = kg.secretKey();
            Encryptor enc = new Encryptor(sk);
            Decryptor dec = new Decryptor(sk);
            long[][] x = random(new Random(m), st.ea);
            Ciphertext cx = st.ea.encrypt(enc, x);
            for (long[] keys : new long[][] {st.ea.minimalKeyElements(), st.ea.powerOfTwoKeyElements()}) {
                Evaluator eval = new Evaluator(kg.evaluationKeys(sk, false, keys));
                int ord = st.ea.algebra().order(0);
                for (int k : new int[] {1, ord / 2 + 1, ord - 1}) {
                    assertSlots(rotate1D(st.ea.algebra(), x, 0, k), st.ea.decrypt(dec, st.ea.rotate1D(eval, cx, 0, k)),
                            "rotate1D " + k + " with " + keys.length + " keys at m = " + m);
                }
            }
        }
    }

    /** The one slow test: HElib's m = 4369 (256 slots of GF(2^16), both dimensions bad) end to end. */
    @Test
    void m4369EndToEnd() {
        Context ctx = new ContextBuilder().m(4369).p(2).bits(324).primeBits(54).c(2).allowInsecure().build();
        GeneralEncryptedArray ea = new GeneralEncryptedArray(ctx);
        assertEquals(256, ea.size());
        assertEquals(16, ea.slotDegree());
        KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 9);
        SecretKey sk = kg.secretKey();
        Set<Long> elements = new LinkedHashSet<>();
        for (int dim = 0; dim < 2; dim++) {
            for (long e : ea.rotationKeyElements(dim, 1)) {
                elements.add(e);
            }
        }
        elements.add((long) ea.algebra().frobeniusElement(1));
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, true, elements.stream().mapToLong(Long::longValue).toArray()));
        Encryptor enc = new Encryptor(kg.publicKey(sk));
        Decryptor dec = new Decryptor(sk);
        Random rnd = new Random(4369);
        long[][] x = random(rnd, ea);
        long[][] y = random(rnd, ea);
        Ciphertext cx = ea.encrypt(enc, x);
        Ciphertext cy = ea.encrypt(enc, y);
        assertSlots(x, ea.decrypt(dec, cx), "round trip");
        long[][] prod = new long[x.length][];
        long[][] frob = new long[x.length][];
        long[][] rot = new long[x.length][];
        for (int s = 0; s < x.length; s++) {
            prod[s] = ea.codec().multiplySlots(x[s], y[s]);
            frob[s] = ea.codec().frobenius(x[s]);
            rot[s] = x[(s + 1) % x.length];
        }
        assertSlots(prod, ea.decrypt(dec, eval.multiply(cx, cy)), "product");
        assertSlots(frob, ea.decrypt(dec, ea.frobenius(eval, cx, 1)), "Frobenius");
        assertSlots(rotate1D(ea.algebra(), x, 0, 1), ea.decrypt(dec, ea.rotate1D(eval, cx, 0, 1)), "rotate1D dim 0");
        assertSlots(rotate1D(ea.algebra(), x, 1, 1), ea.decrypt(dec, ea.rotate1D(eval, cx, 1, 1)), "rotate1D dim 1");
        assertSlots(rot, ea.decrypt(dec, ea.rotate(eval, cx, 1)), "rotate by 1");
    }

    @Test
    void binaryCodecAgreesWithTheGeneralEncoder() {
        PAlgebra a = PAlgebra.general(255, 2);
        GeneralSlotEncoder general = GeneralSlotEncoder.of(a, 1);
        SlotCodec binary = SlotCodec.of(a, 1);
        assertTrue(binary instanceof BinarySlotCodec);
        Random rnd = new Random(3);
        long[] poly = new long[a.phiM()];
        for (int i = 0; i < poly.length; i++) {
            poly[i] = rnd.nextInt(2);
        }
        long[][] slots = general.decode(poly);
        assertSlots(slots, binary.decode(poly), "decode");
        assertArrayEquals(general.encode(slots), binary.encode(slots));
    }
}
