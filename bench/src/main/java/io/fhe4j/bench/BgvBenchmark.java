package io.fhe4j.bench;

import io.fhe4j.ring.Sampler;
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
 * <p>Slots: {@code encodeSlots} (one permutation and one inverse NTT mod t) and
 * {@code decodeSlots} (one forward NTT and one permutation), both into preallocated arrays. Compare
 * with HElib's decode of the same algebra: 601 ms at N = 8192 and 2360 ms at N = 16384.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dfhe4j.threads=1")
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

    @Setup
    public void setUp() {
        int n = 1 << logN;
        encoder = PAlgebraMod.of(PAlgebra.powerOfTwo(2 * n, T));
        Sampler sampler = Sampler.deterministicForTests(1);
        slotValues = sampler.uniform(n, T);
        plaintext = encoder.encode(slotValues);
        encodeOut = new long[n];
        decodeOut = new long[n];
    }

    /** N slot values to the plaintext polynomial mod t, into a preallocated array. */
    @Benchmark
    public long[] encodeSlots() {
        return encoder.encode(slotValues, encodeOut);
    }

    /** The plaintext polynomial mod t to its N slot values, into a preallocated array. */
    @Benchmark
    public long[] decodeSlots() {
        return encoder.decode(plaintext, decodeOut);
    }
}
