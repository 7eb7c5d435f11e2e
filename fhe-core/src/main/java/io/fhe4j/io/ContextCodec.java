package io.fhe4j.io;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.SecurityEstimator;
import io.fhe4j.math.Cyclotomic;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.PowerfulBasis;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The context's parameter block, which is both the payload of a serialized context and the input
 * of the context digest stored in every header (big-endian):
 *
 * <pre>
 * int m, long p, int r, int bits, int c, int hammingWeight, int primeBits, byte insecureAllowed (0/1),
 * int L, L longs: ciphertext primes q_0..q_{L-1}, int K, K longs: special primes
 * </pre>
 * primeBits = 0 marks a context built with {@link ContextBuilder#primeChain}: the chain's sizes are
 * the stored ciphertext primes' bit lengths, and bits is their sum.
 *
 * Reading checks the knobs' ranges, the counts against the knobs and the bytes present, the
 * residue count against {@link ContextLimits}, every prime (prime, below its size, {@code = 1 mod m},
 * coprime to t, distinct) and the security the primes give, all before building anything; then it
 * rebuilds the context with {@link ContextBuilder} from the knobs and requires the rebuilt
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
                .putInt(ctx.hammingWeight()).putInt(ctx.primeChain().length > 0 ? 0 : ctx.primeBits())
                .put((byte) (ctx.insecureAllowed() ? 1 : 0));
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

    /**
     * Validates the stored parameters and primes against {@code limits}, cheapest checks first, and
     * only then rebuilds the context (the one costly step, bounded by the residue limit).
     */
    static Context decode(Frame f, ContextLimits limits) {
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
                || (m & 1) == 1 && m >= 3 && m <= PowerfulBasis.MAX_M,
                "m = " + m + " is neither a power of two in [2048, 2^18] nor odd in [3, " + PowerfulBasis.MAX_M + "]");
        check(p >= 2, "plaintext prime p = " + p + " is below 2");
        check(r >= 1 && r <= 62, "exponent r = " + r + " is not in [1, 62]");
        check(bits >= 20 && bits <= MAX_BITS, "bits = " + bits + " is not in [20, " + MAX_BITS + "]");
        boolean chain = primeBits == 0;
        check(chain || primeBits >= 30 && primeBits <= 60, "prime size " + primeBits + " is not in [30, 60] (or 0 for"
                + " an explicit prime chain)");
        check(h >= 0 && h <= m, "Hamming weight " + h + " is not in [0, " + m + "]");
        check(insecure == 0 || insecure == 1, "insecure flag " + insecure + " is not 0 or 1");
        long t = 1;
        for (int i = 0; i < r; i++) {
            check(t <= ContextBuilder.MAX_PLAINTEXT_MODULUS / p, "plaintext modulus p^r = " + p + "^" + r
                    + " exceeds 2^58");
            t *= p;
        }
        int count = in.readInt("number of ciphertext primes");
        check(count >= 1 && count <= MAX_PRIMES, count + " ciphertext primes: must be in [1, " + MAX_PRIMES + "]");
        check(chain || count == Math.max(1, (bits + primeBits - 1) / primeBits), count + " ciphertext primes stored, but"
                + " bits = " + bits + " in primes of at most " + primeBits + " bits makes "
                + Math.max(1, (bits + primeBits - 1) / Math.max(1, primeBits)));
        check(c >= 1 && c <= count, "c = " + c + " digits for " + count + " ciphertext primes");
        in.need(8L * count, "the ciphertext primes");
        long[] q = new long[count];
        for (int i = 0; i < count; i++) {
            q[i] = in.readLong("ciphertext prime");
        }
        int special = in.readInt("number of special primes");
        // c digits of at most ceil(L/c) primes of at most 60 bits need at most ceil(L/c) + 2 special primes
        int maxSpecial = (count + c - 1) / c + 2;
        check(special >= 1 && special <= Math.min(maxSpecial, MAX_PRIMES), special + " special primes: must be in [1, "
                + Math.min(maxSpecial, MAX_PRIMES)
                + "] for " + count + " ciphertext primes in " + c + " digits");
        in.expectRemaining(8L * special, "the special primes");
        long[] sp = new long[special];
        for (int i = 0; i < special; i++) {
            sp[i] = in.readLong("special prime");
        }
        in.end();

        int n = (m & 1) == 1 ? Cyclotomic.eulerPhi(m) : m / 2;
        long residues = (long) n * (count + maxSpecial);
        if (residues > limits.maxResidues()) {
            throw new LimitExceededException("the context (m = " + m + ", N = " + n + ", " + count + " ciphertext primes, c = "
                    + c + ") would take up to " + residues + " residues (N (L + ceil(L/c) + 2)), more than the reader's"
                    + " limit of " + limits.maxResidues() + ": it is refused before anything is built. Read it with a"
                    + " larger ContextLimits.maxResidues (at most " + ContextLimits.MAX_RESIDUES + ") if its source is"
                    + " trusted");
        }
        checkPrimes(q, "ciphertext prime", chain ? 60 : primeBits, m, t);
        int[] sizes = new int[count];
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sizes[i] = 64 - Long.numberOfLeadingZeros(q[i]);
            sum += sizes[i];
        }
        check(!chain || sum == bits && Arrays.stream(sizes).allMatch(b -> b >= 20), "an explicit prime chain of "
                + Arrays.toString(sizes) + " bits (sum " + sum + ") with bits = " + bits + ": the sizes must be at least 20"
                + " bits and add up to bits");
        checkPrimes(sp, "special prime", 60, m, t);
        Set<Long> distinct = new HashSet<>();
        for (long x : q) {
            distinct.add(x);
        }
        for (long x : sp) {
            distinct.add(x);
        }
        check(distinct.size() == count + special, "the primes are not distinct");
        double logQP = 0;
        for (long x : distinct) {
            logQP += Math.log(x) / Math.log(2);
        }
        double security = n >= 1024 && n <= 65536 ? SecurityEstimator.standardLevelAnyDegree(n, logQP) : 0;
        if (security < ContextLimits.MIN_SECURITY && !limits.insecureAllowed()) {
            throw new InsecureContextException(String.format("the context (m = %d, N = %d, log2(QP) = %.1f bits) gives"
                    + " about %.1f bits of security by the HE standard, under %.0f: refused. If it is a test or benchmark"
                    + " context, read it with ContextLimits.defaults().allowInsecure(), as ContextBuilder needs"
                    + " allowInsecure()", m, n, logQP, security, ContextLimits.MIN_SECURITY));
        }
        ContextBuilder builder;
        Context ctx;
        try {
            builder = new ContextBuilder().m(m).p(p).r(r).bits(bits).c(c).hammingWeight(h);
            if (chain) {
                builder.primeChain(sizes);
            } else {
                builder.primeBits(primeBits);
            }
            ctx = (insecure == 1 ? builder.allowInsecure() : builder).build();
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("the stored context parameters are refused by ContextBuilder: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(parameterBlock(ctx), block)) {
            throw new MalformedDataException("rebuilding the context from its parameters (m = " + m + ", p = " + p
                    + ", bits = " + bits + ", c = " + c + ") chose other primes than the " + count + " + " + special
                    + " stored ones (" + q[0] + ", ...): the data was written by an fhe4j version that picks primes"
                    + " differently, or forged; rebuild the objects with this version");
        }
        return ctx;
    }

    /**
     * Every context prime is a prime below 2^bits (2^60 at most, the NTT limit), {@code = 1 mod m}
     * (the ring's required divisor is a multiple of m) and coprime to t: checked in microseconds
     * per prime, before any table is built for it.
     */
    private static void checkPrimes(long[] primes, String what, int bits, int m, long t) {
        for (int i = 0; i < primes.length; i++) {
            long x = primes[i];
            check(x > 2 && 64 - Long.numberOfLeadingZeros(x) <= bits, what + " " + i + " = " + x
                    + " is not in (2, 2^" + bits + ")");
            check((x - 1) % m == 0, what + " " + i + " = " + x + " is not 1 mod m = " + m);
            check(Primes.gcd(x, t) == 1, what + " " + i + " = " + x + " shares a factor with t = " + t);
            check(Primes.isPrime(x), what + " " + i + " = " + x + " is not prime");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new MalformedDataException("invalid context parameters: " + message);
        }
    }
}
