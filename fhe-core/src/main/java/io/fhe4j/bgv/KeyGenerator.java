package io.fhe4j.bgv;

import io.fhe4j.math.Prng;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.Parallel;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.Sampler;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Generates BGV keys: the secret key, the public key, and key-switching keys (relinearization and
 * Galois keys). Randomness comes from {@code SecureRandom}; {@link #deterministicForTests} exists
 * for reproducible tests only. Several evaluation keys are generated in parallel.
 *
 * <p>Not thread-safe (it owns a sampler); the keys it returns are.
 */
public final class KeyGenerator {
    private final Context context;
    private final Sampler sampler;

    /** A generator with fresh randomness from {@code SecureRandom}. */
    public KeyGenerator(Context context) {
        this(context, Sampler.secure());
    }

    private KeyGenerator(Context context, Sampler sampler) {
        this.context = context;
        this.sampler = sampler;
    }

    /** A reproducible generator for tests: its keys protect nothing. */
    public static KeyGenerator deterministicForTests(Context context, long seed) {
        return new KeyGenerator(context, Sampler.deterministicForTests(seed));
    }

    /** A new secret key: dense ternary, or of the context's Hamming weight. */
    public SecretKey secretKey() {
        int n = context.n();
        long[] s = context.hammingWeight() > 0 ? sampler.sparseTernary(n, context.hammingWeight()) : sampler.ternary(n);
        return new SecretKey(context, s);
    }

    /** The public key {@code (-a s + t e, a)} over the top-level ciphertext modulus. */
    public PublicKey publicKey(SecretKey sk) {
        checkContext(sk);
        PolyRing ring = context.ring(context.maxLevel());
        byte[] seed = new byte[Prng.SEED_BYTES];
        sampler.prng().nextBytes(seed);
        DoubleCrt a = PublicKey.expand(context, seed);
        DoubleCrt b = scaledError(ring, sampler).subInPlace(a.multiply(sk.over(ring)));
        return new PublicKey(context, b, seed);
    }

    /** The key that switches from {@code s^2} to s (Galois element 2 by convention). */
    public KeySwitchingKey relinearizationKey(SecretKey sk) {
        checkContext(sk);
        return relinearizationKey(sk, MinusSecret.of(sk), childSampler());
    }

    /** The key that switches from {@code s(X^k)} to s, for an odd Galois element k. */
    public KeySwitchingKey galoisKey(SecretKey sk, long element) {
        checkContext(sk);
        long k = Math.floorMod(element, (long) context.m());
        checkUnit(element, k);
        return galoisKey(sk, k, MinusSecret.of(sk), childSampler());
    }

    /**
     * The relinearization key (if asked) and the Galois keys of the given elements, generated in
     * parallel.
     */
    public EvaluationKeys evaluationKeys(SecretKey sk, boolean relinearization, long... galoisElements) {
        checkContext(sk);
        Set<Long> elements = new LinkedHashSet<>();
        for (long k : galoisElements) {
            long kk = Math.floorMod(k, (long) context.m());
            checkUnit(k, kk);
            elements.add(kk);
        }
        Long[] list = elements.toArray(new Long[0]);
        int jobs = list.length + (relinearization ? 1 : 0);
        Sampler[] samplers = new Sampler[jobs];
        for (int i = 0; i < jobs; i++) {
            samplers[i] = childSampler();
        }
        MinusSecret minusS = MinusSecret.of(sk);
        KeySwitchingKey[] keys = new KeySwitchingKey[jobs];
        Parallel.forEach(jobs, 1L << 20, i -> keys[i] = i < list.length ? galoisKey(sk, list[i], minusS, samplers[i])
                : relinearizationKey(sk, minusS, samplers[i]));
        Map<Long, KeySwitchingKey> galois = new HashMap<>();
        for (int i = 0; i < list.length; i++) {
            galois.put(list[i], keys[i]);
        }
        return new EvaluationKeys(context, relinearization ? keys[jobs - 1] : null, galois);
    }

    /** A sampler for one key: seeded from this generator's stream (secure if this one is). */
    private Sampler childSampler() {
        byte[] seed = new byte[Prng.SEED_BYTES];
        sampler.prng().nextBytes(seed);
        return Sampler.expanding(seed);
    }

    private KeySwitchingKey relinearizationKey(SecretKey sk, MinusSecret minusS, Sampler s) {
        DoubleCrt s2 = sk.element().multiply(sk.element());
        return switchingKey(minusS, s2, 2, s);
    }

    /** The Galois key of k, a unit in [1, m). */
    private KeySwitchingKey galoisKey(SecretKey sk, long k, MinusSecret minusS, Sampler s) {
        return switchingKey(minusS, sk.element().automorphism(k), k, s);
    }

    /**
     * Hybrid key-switching key from {@code from} (over all primes, evaluation form) to s: per digit
     * j, {@code b_j = t e_j - a_j s + P g_j from}, where {@code P g_j} is P mod q_i on the primes of
     * digit j and 0 on the others (so only those rows get the multiple of {@code from}).
     */
    private KeySwitchingKey switchingKey(MinusSecret minusS, DoubleCrt from, long element, Sampler s) {
        PolyRing full = context.fullRing();
        BigInteger special = BigInteger.ONE;
        for (long p : context.specialPrimes()) {
            special = special.multiply(BigInteger.valueOf(p));
        }
        byte[] seed = new byte[Prng.SEED_BYTES];
        s.prng().nextBytes(seed);
        DoubleCrt[] a = KeySwitchingKey.expand(context, seed, context.digits());
        DoubleCrt[] b = new DoubleCrt[context.digits()];
        for (int j = 0; j < b.length; j++) {
            long[] factor = new long[full.size()];
            for (int i : context.digit(j)) {
                factor[i] = full.basis().modulus(i).reduce(special);
            }
            b[j] = minusS.multiplyAccumulate(a[j], scaledError(full, s)).addScaledInPlace(from, factor);
        }
        return new KeySwitchingKey(context, element, b, seed); // a_j: expanded again on the key's first use
    }

    /**
     * {@code t e} for a fresh error e, in evaluation form, scaled as integers: {@code |t e| <= 20 t}
     * stays below 2^63 since t is at most {@link ContextBuilder#MAX_PLAINTEXT_MODULUS}.
     */
    private DoubleCrt scaledError(PolyRing ring, Sampler s) {
        long[] e = s.gaussian(context.n());
        long t = context.plaintextModulus();
        for (int j = 0; j < e.length; j++) {
            e[j] *= t;
        }
        return ring.fromCoefficients(e);
    }

    /**
     * -s over the full ring as Shoup multipliers with their companions, made once for all the keys
     * of a batch: {@code a_j (-s)} is then one Shoup product per residue. Read-only once made.
     */
    private record MinusSecret(long[][] multipliers, long[][] companions) {
        static MinusSecret of(SecretKey sk) {
            DoubleCrt minus = sk.element().negate();
            long[][] w = new long[minus.size()][];
            long[][] c = new long[minus.size()][];
            for (int i = 0; i < w.length; i++) {
                w[i] = minus.row(i);
                c[i] = minus.basis().modulus(i).prepareShoupInPlace(w[i]);
            }
            return new MinusSecret(w, c);
        }

        /** {@code acc += a (-s)} (both over the full ring, evaluation form); returns acc. */
        DoubleCrt multiplyAccumulate(DoubleCrt a, DoubleCrt acc) {
            Parallel.forEach(acc.size(), acc.n(),
                    i -> acc.basis().modulus(i).mulShoupAdd(a.row(i), multipliers[i], companions[i], acc.row(i)));
            return acc;
        }
    }

    private void checkUnit(long element, long reduced) {
        if (io.fhe4j.math.Primes.gcd(reduced, context.m()) != 1) {
            throw new IllegalArgumentException("Galois element " + element + " is not a unit mod m = " + context.m()
                    + ": X -> X^k is an automorphism only for gcd(k, m) = 1 (odd k for power-of-two m)");
        }
    }

    private void checkContext(SecretKey sk) {
        if (!sk.context().sameAs(context)) {
            throw MismatchedContextException.of("secret key", sk.context(), "a key generator", context);
        }
    }
}
