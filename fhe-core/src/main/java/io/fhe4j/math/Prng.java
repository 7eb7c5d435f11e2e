package io.fhe4j.math;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cryptographically secure pseudo-random generator: AES-256 in counter mode keyed by a 32-byte
 * seed (the JDK's AES, hardware-accelerated where the CPU has AES instructions).
 *
 * <p>Seeds come from {@link SecureRandom} ({@link #secure()}); an explicit seed is used only to
 * regenerate public randomness that was stored as a seed (seed-compressed keys), through
 * {@link #fromSeed(byte[])}. The output is a fixed function of the seed on every JVM.
 *
 * <p>Not thread-safe: give each thread its own instance.
 */
public final class Prng {
    /** Seed length in bytes. */
    public static final int SEED_BYTES = 32;

    private static final int BUFFER_BYTES = 8192;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Cipher cipher;
    private final byte[] zeros = new byte[BUFFER_BYTES];
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position = BUFFER_BYTES;

    private Prng(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("PRNG seed has " + seed.length + " bytes, needs " + SEED_BYTES);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks AES/CTR, which every Java SE platform must provide", e);
        }
    }

    /** A generator seeded with 32 fresh bytes from {@link SecureRandom}. */
    public static Prng secure() {
        return new Prng(freshSeed());
    }

    /** 32 fresh bytes from {@link SecureRandom}. */
    public static byte[] freshSeed() {
        byte[] seed = new byte[SEED_BYTES];
        synchronized (SEEDS) {
            SEEDS.nextBytes(seed);
        }
        return seed;
    }

    /**
     * The deterministic stream of this seed. Use it to expand stored public seeds, or in tests;
     * secrets must come from {@link #secure()}.
     */
    public static Prng fromSeed(byte[] seed) {
        return new Prng(seed.clone());
    }

    private void refill() {
        try {
            int produced = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
            if (produced != BUFFER_BYTES) {
                throw new IllegalStateException("AES/CTR produced " + produced + " bytes instead of " + BUFFER_BYTES);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        position = 0;
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        if (position > BUFFER_BYTES - 8) {
            refill();
        }
        long v = (long) LONGS.get(buffer, position);
        position += 8;
        return v;
    }

    /** Fills {@code out} with 64-bit words: the same words as {@code out.length} calls of {@link #nextLong()}. */
    public void nextLongs(long[] out) {
        int j = 0;
        while (j < out.length) {
            if (position > BUFFER_BYTES - 8) {
                refill();
            }
            int take = Math.min(out.length - j, (BUFFER_BYTES - position) >>> 3);
            for (int k = 0; k < take; k++) {
                out[j + k] = (long) LONGS.get(buffer, position + 8 * k);
            }
            position += 8 * take;
            j += take;
        }
    }

    /** A uniform value in [0, bound), by rejection (no modulo bias). */
    public long nextLong(long bound) {
        long mask = rejectionMask(bound);
        long v;
        do {
            v = nextLong() & mask;
        } while (v >= bound);
        return v;
    }

    /**
     * Fills {@code out} with values uniform in [0, bound): the same values, from the same words,
     * as {@code out.length} calls of {@link #nextLong(long)}. The words are read in bulk and masked;
     * from the first rejected one on (rare when bound is just below a power of two, as NTT primes
     * are), the accepted words move up and the rest are drawn one by one, as the calls would.
     */
    public void nextLongs(long[] out, long bound) {
        long mask = rejectionMask(bound);
        nextLongs(out);
        long rejected = 0;
        for (int j = 0; j < out.length; j++) {
            long v = out[j] & mask;
            out[j] = v;
            rejected |= ~(v - bound); // sign bit set where v >= bound
        }
        if (rejected >= 0) {
            return;
        }
        int kept = 0;
        for (long v : out) {
            if (v < bound) {
                out[kept++] = v;
            }
        }
        for (int j = kept; j < out.length; j++) {
            out[j] = nextLong(bound);
        }
    }

    /** The mask of the bits below bound's highest bit, for rejection sampling in [0, bound). */
    private static long rejectionMask(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " must be positive");
        }
        return -1L >>> Long.numberOfLeadingZeros(bound - 1 | 1);
    }

    /** A uniform int in [0, bound). */
    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Fills {@code out} with random bytes. */
    public void nextBytes(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            if (position == BUFFER_BYTES) {
                refill();
            }
            out[i] = buffer[position++];
        }
    }

    @Override
    public String toString() {
        return "Prng(AES-256-CTR)";
    }

    /** Overwrites the buffered output; the generator stays usable. */
    public void wipeBuffer() {
        Arrays.fill(buffer, (byte) 0);
        position = BUFFER_BYTES;
    }
}
