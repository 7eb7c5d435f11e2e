package io.fhe4j.bench;

import io.fhe4j.math.FmaNtt;
import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.Sampler;
import java.util.List;
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
 * The negacyclic NTT on one 60-bit prime (forward and inverse, in place) and the pointwise
 * product of two double-CRT elements over four 60-bit primes, on one thread, for N = 2^logN.
 * SEAL (with and without Intel HEXL) and OpenFHE time the same transforms side by side in
 * {@code bench/results/peers} (peers command).
 *
 * <p>The forks add {@code --add-modules jdk.incubator.vector}, so on a CPU with 512-bit vectors
 * {@link Ntt} runs on the Vector API ({@link Ntt#vectorized()}); {@code -jvmArgsAppend
 * -Dfhe4j.simd=false} on JMH's command line measures the scalar code (that option replaces the
 * annotation's arguments).
 *
 * <p>On one 49-bit prime: {@code forward49} ({@link Ntt}) against {@code fmaForward} and
 * {@code fmaInverse} ({@link FmaNtt}, the same transform in double precision, which the rings use
 * for primes below 2^49 from N = 8192 when Ntt runs in scalar code).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dfhe4j.threads=1", Simd.ADD_MODULE})
public class NttBenchmark {
    @Param({"12", "13", "14", "15", "16"})
    public int logN;

    private NttTables tables;
    private long[] poly;
    private NttTables tables49;
    private FmaNtt fma;
    private long[] poly49;
    private DoubleCrt a;
    private DoubleCrt b;
    private DoubleCrt product;

    @Setup
    public void setUp() {
        Simd.awaitVectorCode();
        long m = 2L << logN;
        tables = NttTables.of(Primes.generate(60, m), logN);
        Sampler sampler = Sampler.deterministicForTests(1);
        poly = sampler.uniform(1 << logN, tables.modulus().value());
        tables49 = NttTables.of(Primes.generate(FmaNtt.MAX_PRIME_BITS, m), logN);
        fma = FmaNtt.of(tables49.modulus().value(), logN);
        poly49 = sampler.uniform(1 << logN, tables49.modulus().value());
        long[] primes = Primes.generate(60, m, 4, List.of()).stream().mapToLong(Long::longValue).toArray();
        PolyRing ring = PolyRing.of(1 << logN, primes);
        a = sampler.uniform(ring);
        b = sampler.uniform(ring);
        product = a.copy();
    }

    @Benchmark
    public long[] forward() {
        Ntt.forward(poly, tables);
        return poly;
    }

    @Benchmark
    public long[] inverse() {
        Ntt.inverse(poly, tables);
        return poly;
    }

    /** {@link Ntt} on a 49-bit prime: the baseline of {@link #fmaForward}. */
    @Benchmark
    public long[] forward49() {
        Ntt.forward(poly49, tables49);
        return poly49;
    }

    /** {@link FmaNtt} forward on the same 49-bit prime (equal outputs). */
    @Benchmark
    public long[] fmaForward() {
        fma.forward(poly49);
        return poly49;
    }

    /** {@link FmaNtt} inverse on the same 49-bit prime. */
    @Benchmark
    public long[] fmaInverse() {
        fma.inverse(poly49);
        return poly49;
    }

    /** {@code product = a * b} over four primes, in evaluation form, without allocation. */
    @Benchmark
    public DoubleCrt doubleCrtMultiply() {
        return product.setFrom(a).multiplyInPlace(b);
    }
}
