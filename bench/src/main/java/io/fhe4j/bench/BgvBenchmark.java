package io.fhe4j.bench;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PreparedPlaintext;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.ring.Sampler;
import io.fhe4j.slots.EncryptedArray;
import io.fhe4j.slots.PAlgebra;
import io.fhe4j.slots.PAlgebraMod;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BGV operations on one thread for N = 2^logN, plaintext modulus t = 65537 (= 1 mod 2N up to
 * N = 2^15, so every slot is one element of Z_t).
 *
 * <p>Slots: {@code encode} (one permutation and one inverse NTT mod t) and
 * {@code decode} (one forward NTT and one permutation), both into preallocated arrays. SEAL, HElib
 * and OpenFHE time the same operations side by side in {@code bench/results/peers} (peers command).
 *
 * <p>Scheme: the prime chains mirror HElib's runs in DESIGN.md, so rows line up: N = 8192 with
 * 4 x 54-bit ciphertext primes (216 bits, c = 2), N = 16384 with 7 x 58-bit primes (c = 3),
 * N = 32768 with 11 x 58-bit primes (c = 3); the special primes are chosen by fhe4j. Like HElib's
 * chains, these exceed the HE standard's 128-bit bound once the special primes are counted, so the
 * contexts opt in with {@code allowInsecure()}: they are for timing, not for use.
 * {@code encrypt} is public-key encryption of an encoded slot vector; {@code multiplyRelinearize}
 * is the tensor product, relinearization and the division by the special primes (HElib's
 * "multiply" row of the second table); {@code rotate} is one automorphism with its key switch;
 * {@code modSwitch} drops one ciphertext prime; {@code multiplyPlain} multiplies by an encoded
 * plaintext; {@code decryptDecode} decrypts and decodes the slots; {@code rotateSlots} rotates the
 * whole slot vector by one (HElib's {@code EncryptedArray::rotate}: across both dimensions of the
 * 2 x N/2 hypercube, with masks). Key generation is {@link KeyGenerationBenchmark}'s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dfhe4j.threads=1", Simd.ADD_MODULE})
public class BgvBenchmark {
    /** The plaintext modulus: a prime = 1 mod 2N for every N up to 2^15. */
    static final long T = 65537;

    @Param({"13", "14", "15"})
    public int logN;

    // ---- slots --------------------------------------------------------------------------
    private PAlgebraMod encoder;
    private long[] slotValues;
    private long[] plaintext;
    private long[] encodeOut;
    private long[] decodeOut;

    // ---- scheme -------------------------------------------------------------------------
    private Encryptor encryptor;
    private Decryptor decryptor;
    private Evaluator evaluator;
    /** The same evaluator without the capacity check, for the in-place product (its noise grows at every call). */
    private Evaluator inPlaceEvaluator;
    private EncryptedArray array;
    private Plaintext encoded;
    private PreparedPlaintext prepared;
    private Ciphertext scratch;
    private Ciphertext x;
    private Ciphertext y;
    private Ciphertext tensor;
    private Ciphertext sum;

    /** HElib's chains: (bits, prime size, c) per logN. */
    public static Context mirrorOfHelib(int logN) {
        ContextBuilder b = new ContextBuilder().m(2 << logN).p(T).allowInsecure();
        switch (logN) {
            case 13:
                return b.bits(216).primeBits(54).c(2).build();
            case 14:
                return b.bits(406).primeBits(58).c(3).build();
            case 15:
                return b.bits(638).primeBits(58).c(3).build();
            default:
                throw new IllegalArgumentException("no HElib chain for logN = " + logN);
        }
    }

    @Setup
    public void setUp() {
        Simd.awaitVectorCode();
        int n = 1 << logN;
        Context context = mirrorOfHelib(logN);
        KeyGenerator keys = KeyGenerator.deterministicForTests(context, 1);
        SecretKey sk = keys.secretKey();
        array = new EncryptedArray(context);
        EvaluationKeys ek = keys.evaluationKeys(sk, true, array.rotationKeyElements(1));
        encryptor = Encryptor.deterministicForTests(keys.publicKey(sk), 2);
        decryptor = new Decryptor(sk);
        evaluator = new Evaluator(ek);
        inPlaceEvaluator = evaluator.allowingExhaustedNoise();
        encoded = array.encode(Sampler.deterministicForTests(3).uniform(n, T));
        x = encryptor.encrypt(encoded);
        prepared = evaluator.prepare(encoded, context.maxLevel());
        scratch = x.copy();
        y = encryptor.encrypt(encoded);
        tensor = evaluator.multiplyWithoutRelinearization(x, y);
        sum = evaluator.add(x, y);
        encoder = PAlgebraMod.of(PAlgebra.powerOfTwo(2 * n, T));
        Sampler sampler = Sampler.deterministicForTests(1);
        slotValues = sampler.uniform(n, T);
        plaintext = encoder.encode(slotValues);
        encodeOut = new long[n];
        decodeOut = new long[n];
    }

    /** N slot values to the plaintext polynomial mod t, into a preallocated array. */
    @Benchmark
    public long[] encode() {
        return encoder.encode(slotValues, encodeOut);
    }

    /** The plaintext polynomial mod t to its N slot values, into a preallocated array. */
    @Benchmark
    public long[] decode() {
        return encoder.decode(plaintext, decodeOut);
    }

    /** Public-key encryption of an encoded slot vector. */
    @Benchmark
    public Ciphertext encrypt() {
        return encryptor.encrypt(encoded);
    }

    /** Tensor product, relinearization and division by the special primes, at the top level. */
    @Benchmark
    public Ciphertext multiplyRelinearize() {
        return evaluator.relinearize(evaluator.multiplyWithoutRelinearization(x, y));
    }

    /** Relinearization alone (key switch and division by the special primes). */
    @Benchmark
    public Ciphertext relinearize() {
        return evaluator.relinearize(tensor);
    }

    /** One automorphism (rotation of the rows by one) with its key switch. */
    @Benchmark
    public Ciphertext rotate() {
        return evaluator.automorphism(x, array.algebra().rotateRowsElement(1));
    }

    /**
     * The whole slot vector rotated by one (new slot s holds old slot s + 1 mod N): a rotation of
     * the rows, the row swap, two products by masks and a sum, with the keys of
     * {@code rotationKeyElements(1)}.
     */
    @Benchmark
    public Ciphertext rotateSlots() {
        return array.rotate(evaluator, x, 1);
    }

    /** Drops one ciphertext prime. */
    @Benchmark
    public Ciphertext modSwitch() {
        return evaluator.modSwitchDown(x);
    }

    /** Product with an encoded plaintext (the plaintext is converted to double-CRT form each time). */
    @Benchmark
    public Ciphertext multiplyPlain() {
        return evaluator.multiplyPlain(x, encoded);
    }

    /**
     * Product with a plaintext prepared once in evaluation form at the ciphertext's level (HElib's
     * product by a plaintext already in double-CRT form): one Shoup product per residue.
     */
    @Benchmark
    public Ciphertext multiplyPreparedPlain() {
        return evaluator.multiplyPlain(x, prepared);
    }

    /**
     * The same product in place ({@code ct *= pt}, HElib's multiplication by a DoubleCRT): no copy of
     * the ciphertext. The working ciphertext is multiplied again at every call (only its values and
     * noise estimate change, not the work), so the evaluator is one that allows exhausted noise, as
     * HElib's: the capacity check would refuse the product after a few calls.
     */
    @Benchmark
    public Ciphertext multiplyPreparedPlainInPlace() {
        inPlaceEvaluator.multiplyPlainInPlace(scratch, prepared);
        return scratch;
    }

    /** Homomorphic addition of two ciphertexts at the top level. */
    @Benchmark
    public Ciphertext add() {
        return evaluator.add(x, y);
    }

    /**
     * The same sum into a ciphertext allocated once ({@code add(x, y, sum)}): SEAL's timed
     * {@code add(x, y, destination)} with a reused destination, the like-for-like row.
     */
    @Benchmark
    public Ciphertext addToDestination() {
        return evaluator.add(x, y, sum);
    }

    /** Decryption alone (the plaintext polynomial, before decoding the slots). */
    @Benchmark
    public Plaintext decrypt() {
        return decryptor.decrypt(x);
    }

    /** Decryption and decoding of all slots. */
    @Benchmark
    public long[] decryptDecode() {
        return array.decrypt(decryptor, x);
    }
}
