package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.Sampler;

/**
 * Encrypts plaintexts at the top level, with the public key ({@code (b u + t e0 + m, a u + t e1)},
 * u ternary, e Gaussian) or with the secret key ({@code (-a s + t e + m, a)}, a regenerated from a
 * 32-byte seed so that a stored fresh ciphertext is half the size). Randomness comes from
 * {@code SecureRandom} unless a test sampler is given explicitly.
 *
 * <p>Not thread-safe (it owns a sampler): use one encryptor per thread.
 */
public final class Encryptor {
    private final Context context;
    private final PublicKey publicKey;
    private final SecretKey secretKey;
    private final Sampler sampler;

    private Encryptor(Context context, PublicKey pk, SecretKey sk, Sampler sampler) {
        this.context = context;
        this.publicKey = pk;
        this.secretKey = sk;
        this.sampler = sampler;
    }

    /** Public-key encryption. */
    public Encryptor(PublicKey pk) {
        this(pk.context(), pk, null, Sampler.secure());
    }

    /** Secret-key encryption (smaller noise; the data owner's choice). */
    public Encryptor(SecretKey sk) {
        this(sk.context(), null, sk, Sampler.secure());
    }

    /** A public-key encryptor with reproducible randomness, for tests only. */
    public static Encryptor deterministicForTests(PublicKey pk, long seed) {
        return new Encryptor(pk.context(), pk, null, Sampler.deterministicForTests(seed));
    }

    /** Encrypts at the top level. */
    public Ciphertext encrypt(Plaintext pt) {
        return encrypt(pt, context.maxLevel());
    }

    /**
     * Encrypts directly at a lower level (modulus {@code Q_level}): cheaper to compute, store and
     * operate on when the ciphertext needs less depth than the full chain offers. The noise is that
     * of a fresh encryption; check {@link Ciphertext#capacity()} for the room left.
     *
     * @param level in [1, L]
     */
    public Ciphertext encrypt(Plaintext pt, int level) {
        if (!pt.context().sameAs(context)) {
            throw MismatchedContextException.of("plaintext", pt.context(), "an encryptor", context);
        }
        context.checkLevel(level);
        PolyRing ring = context.ring(level);
        int n = context.n();
        long t = context.plaintextModulus();
        Modulus tm = context.plaintextModulusArithmetic();
        // m + t e0 as one small polynomial (|m| <= t/2, |e0| <= 20, t <= 2^58: below 2^63)
        long[] e0 = sampler.gaussian(n);
        long[] small = new long[n];
        for (int i = 0; i < n; i++) {
            small[i] = tm.centered(pt.ringResidue(i)) + t * e0[i];
        }
        DoubleCrt c0;
        DoubleCrt c1;
        double noise;
        byte[] seed = null;
        if (publicKey != null) {
            DoubleCrt u = ring.fromCoefficients(sampler.ternary(n));
            // the public key restricted to Q_level is a public key modulo Q_level
            DoubleCrt b = level == context.maxLevel() ? publicKey.b() : publicKey.b().restrictTo(ring);
            DoubleCrt a = level == context.maxLevel() ? publicKey.a() : publicKey.a().restrictTo(ring);
            long[] e1 = sampler.gaussian(n);
            for (int i = 0; i < n; i++) {
                e1[i] *= t; // |t e1| <= 20 t <= 20 * 2^58: below 2^63
            }
            c0 = ring.fromCoefficients(small).multiplyAccumulate(b, u);
            c1 = ring.fromCoefficients(e1).multiplyAccumulate(a, u);
            noise = NoiseModel.freshPublic(context, pt.l1Norm());
        } else {
            seed = new byte[io.fhe4j.math.Prng.SEED_BYTES];
            sampler.prng().nextBytes(seed);
            c1 = Sampler.expanding(seed).uniform(ring);
            c0 = ring.fromCoefficients(small).subInPlace(c1.multiply(secretKey.over(ring)));
            noise = NoiseModel.freshSecret(context, pt.l1Norm());
        }
        Ciphertext ct = new Ciphertext(context, new DoubleCrt[] {c0, c1}, 1, noise);
        ct.setSeed(seed);
        return ct;
    }
}
