package io.fhe4j.bench;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.KeySwitchingKey;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.slots.EncryptedArray;
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
 * Building a context and generating keys on one thread, at the prime chains of HElib's runs that
 * {@link BgvBenchmark#mirrorOfHelib} mirrors, with fresh {@code SecureRandom} randomness as a user
 * gets it. Compare with HElib at N = 16384: context 9.5 s, the secret, public and relinearization
 * keys 41 ms, its 183 baby-step/giant-step rotation keys 2.5 s.
 *
 * <p>{@code context}: a new {@link Context} (prime chain, special primes, RNS and key-switching
 * tables). The NTT tables of a prime are cached per (prime, N) in the JVM, so every call but the
 * fork's first finds them built. {@code keys}: a secret key, its public key and its
 * relinearization key. {@code rotationKeys}: the Galois keys of
 * {@link EncryptedArray#babyStepGiantStepKeyElements()} (181 at N = 16384), the set with which any
 * rotation takes at most two automorphisms of the rows and the swap.
 *
 * <p>A call of {@code rotationKeys} allocates about 1.4 GB at N = 16384 (and keeps it until the
 * next call): the fork gets a 12 GB heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dfhe4j.threads=1", "-Xmx12g", Simd.ADD_MODULE})
public class KeyGenerationBenchmark {
    @Param({"13", "14", "15"})
    public int logN;

    private Context context;
    private KeyGenerator generator;
    private SecretKey secretKey;
    private long[] rotationElements;

    @Setup
    public void setUp() {
        Simd.awaitVectorCode();
        context = BgvBenchmark.mirrorOfHelib(logN);
        generator = new KeyGenerator(context);
        secretKey = generator.secretKey();
        rotationElements = new EncryptedArray(context).babyStepGiantStepKeyElements();
    }

    /** A new context of HElib's chain for this N. */
    @Benchmark
    public Context context() {
        return BgvBenchmark.mirrorOfHelib(logN);
    }

    /** A secret key, its public key and its relinearization key. */
    @Benchmark
    public Object[] keys() {
        SecretKey sk = generator.secretKey();
        PublicKey pk = generator.publicKey(sk);
        KeySwitchingKey relinearization = generator.relinearizationKey(sk);
        return new Object[] {pk, relinearization};
    }

    /** The baby-step/giant-step set of Galois keys (and the row swap's). */
    @Benchmark
    public EvaluationKeys rotationKeys() {
        return generator.evaluationKeys(secretKey, false, rotationElements);
    }
}
