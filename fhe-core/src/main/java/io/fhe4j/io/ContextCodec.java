package io.fhe4j.io;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The context's parameter block, which is both the payload of a serialized context and the input
 * of the context digest stored in every header (big-endian):
 *
 * <pre>
 * int m, long p, int r, int bits, int c, int hammingWeight, int primeBits, byte insecureAllowed (0/1),
 * int L, L longs: ciphertext primes q_0..q_{L-1}, int K, K longs: special primes
 * </pre>
 *
 * Reading rebuilds the context with {@link ContextBuilder} from the knobs and requires the rebuilt
 * context's block, primes included, to equal the stored one byte for byte. Stateless and
 * thread-safe.
 */
final class ContextCodec {
    /** Bounds the work and memory of rebuilding a context from untrusted data (64 x 60 bits covers N = 2^17). */
    static final int MAX_PRIMES = 64;
    static final int MAX_BITS = 16384;
    static final long MAX_PAYLOAD = 4 + 8 + 4 * 5 + 1 + 4 + 8L * MAX_PRIMES + 4 + 8L * MAX_PRIMES;

    private ContextCodec() {
    }

    static byte[] parameterBlock(Context ctx) {
        long[] q = ctx.ciphertextPrimes();
        long[] sp = ctx.specialPrimes();
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 * 5 + 1 + 4 + 8 * q.length + 4 + 8 * sp.length);
        b.putInt(ctx.m()).putLong(ctx.p()).putInt(ctx.r()).putInt(ctx.requestedBits()).putInt(ctx.digits())
                .putInt(ctx.hammingWeight()).putInt(ctx.primeBits()).put((byte) (ctx.insecureAllowed() ? 1 : 0));
        b.putInt(q.length);
        for (long x : q) {
            b.putLong(x);
        }
        b.putInt(sp.length);
        for (long x : sp) {
            b.putLong(x);
        }
        return b.array();
    }

    /** SHA-256 of the parameter block: the context's identity in every header. */
    static byte[] digest(Context ctx) {
        return sha256(parameterBlock(ctx));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE platform must provide", e);
        }
    }

    /** Throws {@link ForeignContextException} unless the frame was written under {@code ctx}. */
    static void requireContext(Frame f, Context ctx) {
        byte[] mine = digest(ctx);
        if (!MessageDigest.isEqual(mine, f.digest)) {
            throw new ForeignContextException("this " + f.type.description() + " was written under another context"
                    + " (digest " + Frame.hex(f.digest, 8) + "...), not the given one (digest " + Frame.hex(mine, 8)
                    + "..., fingerprint " + ctx.fingerprint() + ", m = " + ctx.m() + ", t = " + ctx.plaintextModulus()
                    + ", " + ctx.maxLevel() + " ciphertext primes): read it with the context it was made for");
        }
    }

    static byte[] encode(Context ctx) {
        byte[] block = parameterBlock(ctx);
        ByteBuffer b = Frame.open(SerializedType.CONTEXT, sha256(block), block.length);
        b.put(block);
        return Frame.seal(b);
    }

    static Context decode(Frame f) {
        PayloadReader in = new PayloadReader(f.payload, SerializedType.CONTEXT);
        byte[] block = new byte[f.payload.remaining()];
        f.payload.duplicate().get(block);
        if (!MessageDigest.isEqual(sha256(block), f.digest)) {
            throw new MalformedDataException("the context digest in the header does not match the stored parameters:"
                    + " the data was assembled inconsistently; serialize the context again");
        }
        int m = in.readInt("m");
        long p = in.readLong("p");
        int r = in.readInt("r");
        int bits = in.readInt("bits");
        int c = in.readInt("c");
        int h = in.readInt("Hamming weight");
        int primeBits = in.readInt("prime size");
        int insecure = in.readByte("insecure flag");
        check(m >= 2048 && m <= (1 << 18) && Integer.bitCount(m) == 1
                || (m & 1) == 1 && m >= 3 && m <= io.fhe4j.ring.PowerfulBasis.MAX_M,
                "m = " + m + " is neither a power of two in [2048, 2^18] nor odd in [3, " + io.fhe4j.ring.PowerfulBasis.MAX_M + "]");
        check(p >= 2, "plaintext prime p = " + p + " is below 2");
        check(r >= 1 && r <= 62, "exponent r = " + r + " is not in [1, 62]");
        check(bits >= 20 && bits <= MAX_BITS, "bits = " + bits + " is not in [20, " + MAX_BITS + "]");
        check(primeBits >= 30 && primeBits <= 60, "prime size " + primeBits + " is not in [30, 60]");
        check(h >= 0 && h <= m, "Hamming weight " + h + " is not in [0, " + m + "]");
        check(insecure == 0 || insecure == 1, "insecure flag " + insecure + " is not 0 or 1");
        int count = in.readInt("number of ciphertext primes");
        check(count >= 1 && count <= MAX_PRIMES, count + " ciphertext primes: must be in [1, " + MAX_PRIMES + "]");
        check(count == Math.max(1, (bits + primeBits - 1) / primeBits), count + " ciphertext primes stored, but bits = "
                + bits + " in primes of at most " + primeBits + " bits makes " + Math.max(1, (bits + primeBits - 1) / primeBits));
        check(c >= 1 && c <= count, "c = " + c + " digits for " + count + " ciphertext primes");
        in.need(8L * count, "the ciphertext primes");
        long[] q = new long[count];
        for (int i = 0; i < count; i++) {
            q[i] = in.readLong("ciphertext prime");
        }
        int special = in.readInt("number of special primes");
        check(special >= 1 && special <= MAX_PRIMES, special + " special primes: must be in [1, " + MAX_PRIMES + "]");
        in.expectRemaining(8L * special, "the special primes");
        in.skip(8L * special);
        in.end();
        ContextBuilder builder;
        Context ctx;
        try {
            builder = new ContextBuilder().m(m).p(p).r(r).bits(bits).c(c).hammingWeight(h).primeBits(primeBits);
            ctx = (insecure == 1 ? builder.allowInsecure() : builder).build();
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("the stored context parameters are refused by ContextBuilder: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(parameterBlock(ctx), block)) {
            throw new MalformedDataException("rebuilding the context from its parameters (m = " + m + ", p = " + p
                    + ", bits = " + bits + ", c = " + c + ") chose other primes than the stored ones " + Arrays.toString(q)
                    + "...: the data was written by an fhe4j version that picks primes differently; rebuild the"
                    + " objects with this version");
        }
        return ctx;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new MalformedDataException("invalid context parameters: " + message);
        }
    }
}
