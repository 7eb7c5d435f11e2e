package io.fhe4j.bgv;

import static io.fhe4j.bgv.BgvTestSupport.DEEP;
import static io.fhe4j.bgv.BgvTestSupport.SMALL;
import static io.fhe4j.bgv.BgvTestSupport.randomPlain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Encrypted results equal the plaintext computation in Z_t[X]/(X^N+1) exactly. */
class BgvSchemeTest {
    private static final SecretKey SK = KeyGenerator.deterministicForTests(SMALL, 1).secretKey();
    private static final PublicKey PK = new KeyGenerator(SMALL).publicKey(SK);
    private static final EvaluationKeys EK = new KeyGenerator(SMALL).evaluationKeys(SK, true, 3, 5, SMALL.m() - 1);
    private static final Encryptor ENC = new Encryptor(PK);
    private static final Decryptor DEC = new Decryptor(SK);
    private static final Evaluator EVAL = new Evaluator(EK);
    private static final long T = SMALL.plaintextModulus();

    private static Ciphertext encrypt(long[] m) {
        return ENC.encrypt(Plaintext.of(SMALL, m));
    }

    private static long[] decrypt(Ciphertext c) {
        assertTrue(DEC.measuredNoiseBits(c) <= c.noiseBoundBits(), () -> "measured noise " + DEC.measuredNoiseBits(c)
                + " exceeds the bound " + c.noiseBoundBits());
        return DEC.decrypt(c).coefficients();
    }

    @Property(tries = 10)
    void publicAndSecretKeyEncryptionRoundTrip(@ForAll long seed) {
        long[] m = randomPlain(new Random(seed), SMALL);
        assertArrayEquals(m, decrypt(encrypt(m)));
        assertArrayEquals(m, decrypt(new Encryptor(SK).encrypt(Plaintext.of(SMALL, m))));
    }

    @Property(tries = 8)
    void additionSubtractionAndConstants(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        long k = rnd.nextInt(1 << 16);
        Ciphertext ca = encrypt(a);
        Ciphertext cb = encrypt(b);
        assertArrayEquals(BgvTestSupport.add(a, b, T), decrypt(EVAL.add(ca, cb)));
        assertArrayEquals(BgvTestSupport.add(a, BgvTestSupport.scale(b, -1, T), T), decrypt(EVAL.sub(ca, cb)));
        assertArrayEquals(BgvTestSupport.scale(a, -1, T), decrypt(EVAL.negate(ca)));
        assertArrayEquals(BgvTestSupport.scale(a, k, T), decrypt(EVAL.multiplyConstant(ca, k)));
        long[] withK = a.clone();
        withK[0] = Math.floorMod(withK[0] + k, T);
        assertArrayEquals(withK, decrypt(EVAL.addConstant(ca, k)));
        assertArrayEquals(BgvTestSupport.add(a, b, T), decrypt(EVAL.addPlain(ca, Plaintext.of(SMALL, b))));
    }

    @Property(tries = 5)
    void multiplicationByPlaintextAndCiphertext(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        Ciphertext ca = encrypt(a);
        long[] ab = BgvTestSupport.multiply(a, b, T);
        assertArrayEquals(ab, decrypt(EVAL.multiplyPlain(ca, Plaintext.of(SMALL, b))));
        Ciphertext prod = EVAL.multiply(ca, encrypt(b));
        assertEquals(2, prod.size());
        assertArrayEquals(ab, decrypt(prod));
        Ciphertext lazy = EVAL.multiplyWithoutRelinearization(ca, encrypt(b));
        assertEquals(3, lazy.size());
        assertArrayEquals(ab, decrypt(lazy));
        assertArrayEquals(ab, decrypt(EVAL.relinearize(lazy)));
    }

    /** Products with a prepared plaintext decrypt like products with the plaintext, at, below and above its level. */
    @Property(tries = 4)
    void multiplicationByPreparedPlaintext(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        long[] ab = BgvTestSupport.multiply(a, b, T);
        Ciphertext ca = encrypt(a);
        int top = SMALL.maxLevel();
        PreparedPlaintext atTop = EVAL.prepare(Plaintext.of(SMALL, b), top);
        Ciphertext viaPrepared = EVAL.multiplyPlain(ca, atTop);
        assertArrayEquals(ab, decrypt(viaPrepared));
        assertEquals(EVAL.multiplyPlain(ca, Plaintext.of(SMALL, b)).part(0), viaPrepared.part(0));
        assertArrayEquals(ab, decrypt(EVAL.multiplyPlain(EVAL.modSwitchDown(ca), atTop)));
        if (top > 1) {
            PreparedPlaintext lower = EVAL.prepare(Plaintext.of(SMALL, b), top - 1);
            Ciphertext switched = EVAL.multiplyPlain(ca, lower); // ca is mod-switched down first
            assertEquals(top - 1, switched.level());
            assertArrayEquals(ab, decrypt(switched));
            Ciphertext inPlace = ca.copy();
            EVAL.multiplyPlainInPlace(inPlace, lower);
            assertArrayEquals(ab, decrypt(inPlace));
        }
    }

    @Test
    void encryptionAtALowerLevel() {
        long[] m = randomPlain(new Random(13), SMALL);
        long[] b = randomPlain(new Random(14), SMALL);
        for (int level = 1; level <= SMALL.maxLevel(); level++) {
            Ciphertext viaPublic = ENC.encrypt(Plaintext.of(SMALL, m), level);
            Ciphertext viaSecret = new Encryptor(SK).encrypt(Plaintext.of(SMALL, m), level);
            assertEquals(level, viaPublic.level());
            assertEquals(level, viaSecret.level());
            assertArrayEquals(m, decrypt(viaPublic));
            assertArrayEquals(m, decrypt(viaSecret));
        }
        // a low ciphertext meets a top-level one: the top one is switched down
        Ciphertext low = ENC.encrypt(Plaintext.of(SMALL, m), 2);
        assertArrayEquals(BgvTestSupport.multiply(m, b, T), decrypt(EVAL.multiply(low, encrypt(b))));
        assertThrows(InvalidParametersException.class, () -> ENC.encrypt(Plaintext.of(SMALL, m), 0));
    }

    @Test
    void modulusSwitchingKeepsThePlaintext() {
        long[] m = randomPlain(new Random(3), SMALL);
        Ciphertext c = encrypt(m);
        for (int level = SMALL.maxLevel() - 1; level >= 1; level--) {
            c = EVAL.modSwitchDown(c);
            assertEquals(level, c.level());
            assertArrayEquals(m, decrypt(c));
        }
        assertThrows(IllegalArgumentException.class, EVAL.modSwitchDown(encrypt(m)).level() > 0
                ? () -> EVAL.modSwitchTo(EVAL.modSwitchDown(encrypt(m)), SMALL.maxLevel()) : null);
    }

    @Test
    void operandsAtDifferentLevelsAndFactorsAreAligned() {
        Random rnd = new Random(4);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        Ciphertext low = EVAL.modSwitchDown(encrypt(a)); // factor q^-1, one level down
        Ciphertext high = encrypt(b);
        assertTrue(low.factor() != high.factor());
        assertArrayEquals(BgvTestSupport.add(a, b, T), decrypt(EVAL.add(high, low)));
        assertArrayEquals(BgvTestSupport.multiply(a, b, T), decrypt(EVAL.multiply(high, low)));
    }

    @Test
    void automorphismsMatchThePlaintextAutomorphism() {
        long[] m = randomPlain(new Random(5), SMALL);
        Ciphertext c = encrypt(m);
        for (long k : new long[] {3, 5, SMALL.m() - 1}) {
            assertArrayEquals(BgvTestSupport.automorphism(m, k, T), decrypt(EVAL.automorphism(c, k)));
        }
        MissingKeyException e = assertThrows(MissingKeyException.class, () -> EVAL.automorphism(c, 7));
        assertTrue(e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void inPlaceVariantsMatchTheAllocatingOnes() {
        Random rnd = new Random(9);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        Ciphertext acc = encrypt(a);
        Ciphertext cb = encrypt(b);
        EVAL.addInPlace(acc, cb);
        assertArrayEquals(BgvTestSupport.add(a, b, T), decrypt(acc));
        EVAL.subInPlace(acc, cb);
        assertArrayEquals(a, decrypt(acc));
        EVAL.multiplyConstantInPlace(acc, 3);
        assertArrayEquals(BgvTestSupport.scale(a, 3, T), decrypt(acc));
        Ciphertext lower = EVAL.modSwitchDown(encrypt(b)); // other level and factor: the fallback path
        EVAL.addInPlace(acc, lower);
        assertArrayEquals(BgvTestSupport.add(BgvTestSupport.scale(a, 3, T), b, T), decrypt(acc));
    }

    @Test
    void addIntoADestinationReusesItsRowsAndMatchesAdd() {
        Random rnd = new Random(11);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        Ciphertext ca = new Encryptor(SK).encrypt(Plaintext.of(SMALL, a)); // seeded: the destination drops it
        Ciphertext cb = encrypt(b);
        Ciphertext dest = encrypt(randomPlain(rnd, SMALL));
        long[] row = dest.part(1).row(0);
        Ciphertext expected = EVAL.add(ca, cb);
        assertTrue(dest == EVAL.add(ca, cb, dest));
        assertTrue(row == dest.part(1).row(0), "same shape: the destination's rows are reused");
        assertArrayEquals(BgvTestSupport.add(a, b, T), decrypt(dest));
        assertEquals(expected.noiseBoundBits(), dest.noiseBoundBits());
        assertEquals(expected.factor(), dest.factor());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < dest.level(); j++) {
                assertArrayEquals(expected.part(i).row(j), dest.part(i).row(j));
            }
        }
        EVAL.add(ca, ca, ca); // the destination may be an operand
        assertArrayEquals(BgvTestSupport.scale(a, 2, T), decrypt(ca));
        Ciphertext lower = EVAL.modSwitchDown(encrypt(b)); // other level and factor: the fallback path
        EVAL.add(cb, lower, dest);
        assertArrayEquals(BgvTestSupport.scale(b, 2, T), decrypt(dest));
        assertEquals(lower.level(), dest.level());
    }

    @Test
    void hoistedAutomorphismsEqualSeparateOnes() {
        long[] m = randomPlain(new Random(10), SMALL);
        Ciphertext c = encrypt(m);
        long[] elements = {3, 5, 1, SMALL.m() - 1};
        Ciphertext[] hoisted = EVAL.hoistedAutomorphisms(c, elements);
        for (int i = 0; i < elements.length; i++) {
            assertArrayEquals(BgvTestSupport.automorphism(m, elements[i], T), decrypt(hoisted[i]), "element " + elements[i]);
        }
    }

    @Test
    void aProductWithZeroIsHarmless() {
        long[] m = randomPlain(new Random(6), SMALL);
        Ciphertext zero = EVAL.multiplyConstant(encrypt(m), 0);
        assertArrayEquals(new long[SMALL.n()], decrypt(zero));
        assertArrayEquals(new long[SMALL.n()], decrypt(EVAL.multiply(zero, encrypt(m))));
        assertArrayEquals(m, decrypt(EVAL.add(zero, encrypt(m))));
    }

    @Test
    void objectsOfAnotherContextAreRejected() {
        Context other = DEEP;
        SecretKey sk2 = new KeyGenerator(other).secretKey();
        Ciphertext foreign = new Encryptor(sk2).encrypt(Plaintext.constant(other, 1));
        MismatchedContextException e = assertThrows(MismatchedContextException.class,
                () -> EVAL.add(encrypt(new long[SMALL.n()]), foreign));
        assertTrue(e.getMessage().contains(other.fingerprint()), e.getMessage());
        assertThrows(MismatchedContextException.class, () -> DEC.decrypt(foreign));
        assertThrows(MismatchedContextException.class, () -> new KeyGenerator(SMALL).publicKey(sk2));
    }
}
