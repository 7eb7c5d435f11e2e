package io.fhe4j.bench;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.circuits.BinaryArith;
import io.fhe4j.circuits.BinaryInt;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.circuits.TableLookup;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.Random;
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
 * HElib's binaryArith and tableLookup on all 256 GF(2^16) slots of m = 4369, p = 2, one thread:
 * {@code multiply8Bit} is the unsigned 8 x 8 -> 16-bit product of {@link BinaryArith#multiply} (161
 * products, depth 9) and {@code tableLookup8Bit} an 8-bit signed sigmoid table to 8 bits
 * ({@link TableLookup}, 240 products, depth 3), each on 256 numbers at once. Depth 9 needs a longer
 * chain than {@link GeneralRingBenchmark}'s 324 bits: 600 bits in 10 x 60-bit primes, c = 3
 * (insecure at this degree: timing only). Inputs are fresh encryptions; each call returns new
 * ciphertexts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dfhe4j.threads=1", Simd.ADD_MODULE})
public class GeneralRingCircuitBenchmark {
    @Param({"4369"})
    public int m;

    private BinaryArith<Ciphertext> arith;
    private BinaryInt<Ciphertext> a;
    private BinaryInt<Ciphertext> b;
    private TableLookup sigmoid;

    /** The context of the circuits: m, p = 2, 600 bits in 60-bit primes, c = 3. */
    public static Context circuitContext(int m) {
        return new ContextBuilder().m(m).p(2).bits(600).primeBits(60).c(3).allowInsecure().build();
    }

    @Setup
    public void setUp() {
        Simd.awaitVectorCode();
        Context context = circuitContext(m);
        GeneralEncryptedArray slots = new GeneralEncryptedArray(context);
        KeyGenerator keys = KeyGenerator.deterministicForTests(context, 1);
        SecretKey sk = keys.secretKey();
        EncryptedBitBackend backend = new EncryptedBitBackend(new Evaluator(keys.evaluationKeys(sk, true)));
        arith = new BinaryArith<>(backend);
        Encryptor encryptor = Encryptor.deterministicForTests(keys.publicKey(sk), 2);
        Random rnd = new Random(5);
        long[] x = new long[slots.size()];
        long[] y = new long[slots.size()];
        for (int s = 0; s < x.length; s++) {
            x[s] = rnd.nextInt(256);
            y[s] = rnd.nextInt(256);
        }
        a = backend.encryptSlots(encryptor, slots, x, 8, false);
        b = backend.encryptSlots(encryptor, slots, y, 8, false);
        sigmoid = TableLookup.of(8, true, 8, false, v -> Math.round(255 / (1 + Math.exp(-v / 16.0))));
    }

    /** 8 x 8 -> 16-bit unsigned product in every slot. */
    @Benchmark
    public BinaryInt<Ciphertext> multiply8Bit() {
        return arith.multiply(a, b);
    }

    /** 8-bit sigmoid table lookup in every slot. */
    @Benchmark
    public BinaryInt<Ciphertext> tableLookup8Bit() {
        return sigmoid.apply(arith, a);
    }
}
