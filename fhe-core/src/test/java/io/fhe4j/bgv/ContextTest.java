package io.fhe4j.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter selection, validation and security estimates. */
class ContextTest {

    @Test
    void securityEstimatesMatchTheReferenceFigures() {
        // HElib's formula, checked against the figures HElib prints (DESIGN.md)
        assertEquals(84.5, SecurityEstimator.helibEstimate(16384, 8192, 300), 0.5);
        assertEquals(118.5, SecurityEstimator.helibEstimate(31775, 24000, 668), 0.5);
        assertEquals(12.6, SecurityEstimator.helibEstimate(4369, 4096, 485), 0.5);
        // the standard table's columns are met exactly
        assertEquals(128, SecurityEstimator.standardLevel(16384, 438), 1e-9);
        assertEquals(192, SecurityEstimator.standardLevel(8192, 152), 1e-9);
        assertEquals(256, SecurityEstimator.standardLevel(32768, 476), 1e-9);
        assertTrue(SecurityEstimator.standardLevel(16384, 500) < 128);
    }

    @Test
    void defaultsAreSecureAndInsecureParametersAreRefused() {
        Context ctx = new ContextBuilder().m(16384).p(65537).bits(120).c(2).build();
        assertTrue(ctx.securityLevel() >= 128, ctx::toString);
        assertTrue(ctx.logQP() <= SecurityEstimator.maxLogQP(8192, 128));
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> new ContextBuilder().m(16384).bits(300).build());
        assertTrue(e.getMessage().contains("allowInsecure") && e.getMessage().contains("218"), e.getMessage());
        Context weak = new ContextBuilder().m(16384).bits(300).allowInsecure().build();
        assertTrue(weak.securityLevel() < 128);
        assertTrue(weak.toString().contains("security"));
    }

    @Test
    void anExplicitPrimeChainGivesPrimesOfTheRequestedSizesInOrder() {
        Context ctx = new ContextBuilder().m(32768).p(65537).primeChain(60, 60, 35, 45).c(2).build();
        assertEquals(4, ctx.maxLevel());
        assertArrayEquals(new int[] {60, 60, 35, 45}, ctx.primeChain());
        assertEquals(200, ctx.requestedBits());
        assertEquals(60, ctx.primeBits());
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int[] sizes = {60, 60, 35, 45};
        for (int i = 0; i < 4; i++) {
            long q = ctx.ciphertextPrimes()[i];
            assertEquals(sizes[i], 64 - Long.numberOfLeadingZeros(q), "prime " + i);
            assertEquals(1, q % ctx.m());
            assertTrue(io.fhe4j.math.Primes.isPrime(q));
            assertTrue(seen.add(q));
        }
        assertEquals(155, ctx.logQ(3), 0.1);
        assertEquals(200, ctx.logQ(4), 0.1);
        assertTrue(ctx.securityLevel() > 128, ctx::toString);
        // the builder round trip keeps the chain; bits() replaces it
        assertArrayEquals(ctx.ciphertextPrimes(), ctx.toBuilder().build().ciphertextPrimes());
        assertEquals(0, new ContextBuilder().primeChain(60, 35).bits(240).build().primeChain().length);
        // sizes out of range, and a prime too small for the ring, are refused with the chain named
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().primeChain(60, 61));
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().primeChain(19, 60));
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().primeChain());
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(131072).primeChain(60, 25).allowInsecure().build());
        assertTrue(e.getMessage().contains("[60, 25]") && e.getMessage().contains("25-bit"), e.getMessage());
    }

    /** A chain of unequal primes computes as a uniform one: products, and switches down through every level. */
    @Test
    void aChainOfUnequalPrimesMultipliesAndSwitchesDown() {
        Context ctx = new ContextBuilder().m(4096).p(65537).primeChain(50, 50, 30, 40).c(2).allowInsecure().build();
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, true));
        Encryptor enc = new Encryptor(sk);
        Decryptor dec = new Decryptor(sk);
        java.util.Random rnd = new java.util.Random(5);
        long[] a = BgvTestSupport.randomPlain(rnd, ctx);
        long[] b = BgvTestSupport.randomPlain(rnd, ctx);
        Ciphertext c = eval.multiply(enc.encrypt(Plaintext.of(ctx, a)), enc.encrypt(Plaintext.of(ctx, b)));
        long[] ab = BgvTestSupport.multiply(a, b, ctx.plaintextModulus());
        while (true) {
            assertArrayEquals(ab, dec.decrypt(c).coefficients(), "level " + c.level());
            assertTrue(c.capacity() > 0);
            if (c.level() == 1 || c.capacity() < 45) {
                break;
            }
            c = eval.modSwitchDown(c);
        }
        assertTrue(c.level() <= 3, "reached level " + c.level());
    }

    @Test
    void primesAreChosenAsDocumented() {
        Context ctx = new ContextBuilder().m(32768).p(65537).bits(406).c(3).allowInsecure().build();
        assertEquals(7, ctx.maxLevel());
        for (long q : ctx.ciphertextPrimes()) {
            assertEquals(1, q % ctx.m());
            assertEquals(58, 64 - Long.numberOfLeadingZeros(q));
        }
        assertEquals(3, ctx.digits());
        // the largest digit is three 58-bit primes; P must have at least ceil(log2 D) + 4 = 178 bits,
        // which three primes just below 2^60 give (the fewest possible: two give at most 120)
        java.math.BigInteger d = java.math.BigInteger.ONE;
        for (int i = 0; i < 3; i++) {
            d = d.multiply(java.math.BigInteger.valueOf(ctx.ciphertextPrimes()[i]));
        }
        int specialBits = (int) Math.ceil(Math.log(d.doubleValue()) / Math.log(2)) + 4;
        java.math.BigInteger bigP = java.math.BigInteger.ONE;
        for (long p : ctx.specialPrimes()) {
            assertEquals(1, p % ctx.m());
            bigP = bigP.multiply(java.math.BigInteger.valueOf(p));
        }
        assertEquals(178, specialBits);
        assertTrue(bigP.bitLength() - 1 >= specialBits, "log2 P = " + (bigP.bitLength() - 1));
        assertEquals(3, ctx.specialPrimes().length);
        // when that count surely suffices anyway, the primes are the smallest that do: digits of 2 x 54
        // bits need 112 bits, two 57-bit primes
        Context small = new ContextBuilder().m(16384).p(65537).bits(216).primeBits(54).c(2).allowInsecure().build();
        assertArrayEquals(new int[] {57, 57}, java.util.Arrays.stream(small.specialPrimes())
                .mapToInt(p -> 64 - Long.numberOfLeadingZeros(p)).toArray());
    }

    @Test
    void badParametersNameTheValue() {
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().m(3000));
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().m(1024));
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().bits(10));
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().c(0));
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(4096).bits(120).c(5).allowInsecure().build());
        assertTrue(e.getMessage().contains("c = 5"), e.getMessage());
        assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(4096).p(3).r(40).bits(120).allowInsecure().build());
        assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(4096).p(io.fhe4j.math.Primes.generate(40, 4096)).bits(45).primeBits(45)
                        .allowInsecure().build());
        // a 46-bit t fits a chain of 60-bit primes as long as the chain as a whole holds t * N
        Context wide = new ContextBuilder().m(32768).p(io.fhe4j.math.Primes.generate(46, 32768)).bits(240).c(2).build();
        assertTrue(wide.securityLevel() >= 128);
    }

    /** t e of a fresh error is computed in longs: p^r above 2^58 is refused, and a t just below round-trips. */
    @Test
    void plaintextModulusStaysBelowTwoTo58() {
        long tooBig = io.fhe4j.math.Primes.generate(59, 4096);
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(4096).p(tooBig).bits(240).allowInsecure().build());
        assertTrue(e.getMessage().contains("2^58"), e.getMessage());
        assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().m(4096).p(65537).r(4).bits(300).allowInsecure().build());

        long t = io.fhe4j.math.Primes.generate(58, 4096);
        Context ctx = new ContextBuilder().m(4096).p(t).bits(240).c(2).allowInsecure().build();
        KeyGenerator keys = KeyGenerator.deterministicForTests(ctx, 5);
        SecretKey sk = keys.secretKey();
        long[] m = io.fhe4j.ring.Sampler.deterministicForTests(6).uniform(ctx.n(), t);
        Decryptor dec = new Decryptor(sk);
        for (Encryptor enc : new Encryptor[] {Encryptor.deterministicForTests(keys.publicKey(sk), 7), new Encryptor(sk)}) {
            assertArrayEquals(m, dec.decrypt(enc.encrypt(Plaintext.of(ctx, m))).coefficients());
        }
    }

    /** The builder's defaults alone build a secure context (they used to be refused as insecure). */
    @Test
    void theDefaultsBuildASecureContext() {
        Context ctx = new ContextBuilder().build();
        assertTrue(ctx.securityLevel() >= 128, ctx::toString);
        assertEquals(16384, ctx.n());
        assertEquals(65537, ctx.plaintextModulus());
        assertTrue(ctx.logQP() <= SecurityEstimator.maxLogQP(16384, 128), ctx::toString);
    }

    /** p is the prime of t = p^r: a composite p is refused, a prime power gets its base and exponent named. */
    @Test
    void aCompositePlaintextPrimeIsRefused() {
        InvalidParametersException odd = assertThrows(InvalidParametersException.class, () -> new ContextBuilder().p(65535));
        assertTrue(odd.getMessage().contains("65535") && odd.getMessage().contains("not prime"), odd.getMessage());
        InvalidParametersException power = assertThrows(InvalidParametersException.class,
                () -> new ContextBuilder().p(65536));
        assertTrue(power.getMessage().contains("65536 = 2^16") && power.getMessage().contains("p(2).r(16)"),
                power.getMessage());
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().p(1));
        assertEquals(65536, new ContextBuilder().m(4096).p(2).r(16).bits(240).allowInsecure().build().plaintextModulus());
    }

    /** Dense keys keep the HE standard's figure: the presets' estimates are those measured before sparse keys counted. */
    @Test
    void denseKeysKeepTheStandardEstimate() {
        double[] before = {133.4, 137.3, 132.1, 133.3};
        List<ContextBuilder> presets = List.of(Presets.n4096(), Presets.n8192(), Presets.n16384(), Presets.n32768());
        for (int i = 0; i < before.length; i++) {
            Context ctx = presets.get(i).build();
            assertEquals(before[i], ctx.securityLevel(), 0.05, ctx::toString);
            assertEquals(SecurityEstimator.standardLevelAnyDegree(ctx.n(), ctx.logQP()), ctx.securityLevel(), 0);
            assertEquals(SecurityEstimator.helibEstimate(ctx.m(), ctx.n(), ctx.logQP()), ctx.helibSecurityEstimate(), 0);
        }
    }

    /** A weight-1 secret is found from the public key alone: weights below 120 are refused, heavier ones lower the estimate. */
    @Test
    void sparseSecretsLowerTheEstimateOrAreRefused() {
        InsecureParametersException light = assertThrows(InsecureParametersException.class,
                () -> Presets.n8192().hammingWeight(1).build());
        assertTrue(light.getMessage().contains("weight 1 ") && light.getMessage().contains("120")
                && light.getMessage().contains("allowInsecure"), light.getMessage());
        assertThrows(InsecureParametersException.class, () -> Presets.n8192().hammingWeight(119).build());
        Context allowed = Presets.n8192().hammingWeight(64).allowInsecure().build();
        assertEquals(0, allowed.securityLevel());
        assertEquals(0, allowed.helibSecurityEstimate());
        assertTrue(allowed.toString().contains("Hamming weight 64"), allowed::toString);
        // weight 120 at the n8192 preset: HElib's sparse fit 2.4 X + 19 = 115.7 bits, refused
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> Presets.n8192().hammingWeight(120).build());
        assertTrue(e.getMessage().contains("115.7"), e.getMessage());
        // weight 450: 3.55 X - 12 = 131.0 bits, below the dense 137.3 but secure
        Context heavy = Presets.n8192().hammingWeight(450).build();
        assertEquals(131.0, heavy.securityLevel(), 0.05, heavy::toString);
    }

    /** The sparse estimate never exceeds the dense one, grows with the weight and is 0 below 120. */
    @Test
    void sparseEstimateIsMonotoneAndCapped() {
        for (double logQP : new double[] {105, 205, 300, 438, 850}) {
            for (int m : new int[] {8192, 16384, 32768, 65536}) {
                int n = m / 2;
                double dense = SecurityEstimator.securityLevel(m, n, logQP, 0);
                double previous = 0;
                for (int h = 1; h <= n; h += h < 600 ? 1 : 97) {
                    double level = SecurityEstimator.securityLevel(m, n, logQP, h);
                    assertTrue(level <= dense, "h = " + h);
                    double fit = SecurityEstimator.helibEstimate(m, n, logQP, h);
                    assertTrue(fit >= previous - 1e-9, "HElib's fit decreases at h = " + h + ", log2 QP = " + logQP);
                    previous = fit;
                    if (h < SecurityEstimator.MIN_SECRET_HAMMING_WEIGHT) {
                        assertEquals(0, level);
                    }
                }
            }
        }
    }

    /** A context mismatch names N, t and the levels of both contexts, not only their fingerprints. */
    @Test
    void aContextMismatchNamesBothContexts() {
        Context small = BgvTestSupport.SMALL;
        Context deep = BgvTestSupport.DEEP;
        Ciphertext foreign = new Encryptor(KeyGenerator.deterministicForTests(deep, 1).secretKey())
                .encrypt(Plaintext.constant(deep, 1));
        MismatchedContextException e = assertThrows(MismatchedContextException.class,
                () -> new Decryptor(KeyGenerator.deterministicForTests(small, 2).secretKey()).decrypt(foreign));
        String msg = e.getMessage();
        assertTrue(msg.contains("N = 2048, t = 65537, " + deep.maxLevel() + " levels")
                && msg.contains("N = 1024, t = 65537, " + small.maxLevel() + " levels")
                && msg.contains(deep.fingerprint()) && msg.contains(small.fingerprint()), msg);
        // same N, t and levels but other primes: the message says what else differs
        Context otherPrimes = new ContextBuilder().m(2048).p(65537).bits(165).primeBits(55).c(3).allowInsecure().build();
        MismatchedContextException same = assertThrows(MismatchedContextException.class,
                () -> new Evaluator(small).add(new Encryptor(KeyGenerator.deterministicForTests(otherPrimes, 3).secretKey())
                        .encrypt(Plaintext.constant(otherPrimes, 1)), new Encryptor(KeyGenerator.deterministicForTests(small,
                        4).secretKey()).encrypt(Plaintext.constant(small, 1))));
        assertTrue(same.getMessage().contains("primes, c or the secret Hamming weight differ"), same.getMessage());
    }
}
