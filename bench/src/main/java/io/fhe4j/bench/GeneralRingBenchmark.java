package io.fhe4j.bench;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
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
 * BGV over general cyclotomic rings, p = 2, on one thread, at HElib's general-m parameters
 * (DESIGN.md "HElib 2.2 at general m"): m = 4369 (phi = 4096, 256 slots of GF(2^16)) with 324 bits
 * of Q in 6 x 54-bit primes and c = 2; m = 21845 (1024 slots of GF(2^16)) and m = 31775 (1200 slots
 * of GF(2^20)) with 504 bits in 9 x 56-bit primes and c = 3. The special primes are fhe4j's. These
 * chains are far below 128-bit security at these degrees (HElib's own estimate at m = 4369 is also
 * low), so the contexts opt in with {@code allowInsecure()}: they are for timing only.
 *
 * <ul>
 *   <li>{@code encrypt}: public-key encryption of an encoded slot vector;</li>
 *   <li>{@code multiply}: tensor product, relinearization and the division by the special primes
 *       (HElib's "multiply" row: no mod-switch of the inputs);</li>
 *   <li>{@code automorphism}: one automorphism {@code X -> X^g} (g the generator of dimension 0)
 *       with its key switch: the cost of a rotate1D step along a good dimension;</li>
 *   <li>{@code rotate1D}: {@link GeneralEncryptedArray#rotate1D} by one along dimension 0 (bad at
 *       m = 4369 and 21845: two hoisted automorphisms and one mask product, as HElib's);</li>
 *   <li>{@code encryptedArrayRotate}: {@link GeneralEncryptedArray#rotate} of the whole slot vector
 *       by one (a rotate1D per dimension plus the carry);</li>
 *   <li>{@code decode}: the slots of a plaintext; {@code decryptDecode}: decryption and decoding.</li>
 * </ul>
 * The 8-bit circuits on the 256 slots are in {@link GeneralRingCircuitBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dfhe4j.threads=1", Simd.ADD_MODULE})
public class GeneralRingBenchmark {
    @Param({"4369", "21845", "31775"})
    public int m;

    private Encryptor encryptor;
    private Decryptor decryptor;
    private Evaluator evaluator;
    private GeneralEncryptedArray array;
    private Plaintext encoded;
    private Ciphertext x;
    private Ciphertext y;
    private long generator;

    /** HElib's chain at m: 324 bits (6 x 54, c = 2) at 4369, 504 bits (9 x 56, c = 3) above. */
    public static Context mirrorOfHelib(int m) {
        ContextBuilder b = new ContextBuilder().m(m).p(2).allowInsecure();
        return m == 4369 ? b.bits(324).primeBits(54).c(2).build() : b.bits(504).primeBits(56).c(3).build();
    }

    /** Random slot values of GF(2^d). */
    static long[][] randomSlots(GeneralEncryptedArray array, long seed) {
        Random rnd = new Random(seed);
        long[][] v = new long[array.size()][array.slotDegree()];
        for (long[] slot : v) {
            for (int k = 0; k < slot.length; k++) {
                slot[k] = rnd.nextInt(2);
            }
        }
        return v;
    }

    @Setup
    public void setUp() {
        Simd.awaitVectorCode();
        Context context = mirrorOfHelib(m);
        array = new GeneralEncryptedArray(context);
        KeyGenerator keys = KeyGenerator.deterministicForTests(context, 1);
        SecretKey sk = keys.secretKey();
        Set<Long> elements = new LinkedHashSet<>();
        for (int dim = 0; dim < array.algebra().numDims(); dim++) {
            for (long e : array.rotationKeyElements(dim, 1)) {
                elements.add(e);
            }
        }
        generator = array.algebra().generator(0);
        elements.add(generator);
        evaluator = new Evaluator(keys.evaluationKeys(sk, true, elements.stream().mapToLong(Long::longValue).toArray()));
        encryptor = Encryptor.deterministicForTests(keys.publicKey(sk), 2);
        decryptor = new Decryptor(sk);
        encoded = array.encode(randomSlots(array, 3));
        x = encryptor.encrypt(encoded);
        y = encryptor.encrypt(array.encode(randomSlots(array, 4)));
    }

    /** Public-key encryption of an encoded slot vector. */
    @Benchmark
    public Ciphertext encrypt() {
        return encryptor.encrypt(encoded);
    }

    /** Tensor product, relinearization and division by the special primes, at the top level. */
    @Benchmark
    public Ciphertext multiply() {
        return evaluator.relinearize(evaluator.multiplyWithoutRelinearization(x, y));
    }

    /** One automorphism X -> X^g with its key switch (a good-dimension rotate1D step). */
    @Benchmark
    public Ciphertext automorphism() {
        return evaluator.automorphism(x, generator);
    }

    /** rotate1D by one along dimension 0. */
    @Benchmark
    public Ciphertext rotate1D() {
        return array.rotate1D(evaluator, x, 0, 1);
    }

    /** The whole slot vector rotated by one. */
    @Benchmark
    public Ciphertext encryptedArrayRotate() {
        return array.rotate(evaluator, x, 1);
    }

    /** The slots of a plaintext. */
    @Benchmark
    public long[][] decode() {
        return array.decode(encoded);
    }

    /** Decryption and decoding of all slots. */
    @Benchmark
    public long[][] decryptDecode() {
        return array.decrypt(decryptor, x);
    }
}
