package io.fhe4j.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
