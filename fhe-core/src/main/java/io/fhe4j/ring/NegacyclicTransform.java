package io.fhe4j.ring;

import io.fhe4j.math.FmaNtt;
import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;

/**
 * {@link RingTransform} of {@code Z_q[X]/(X^N+1)}: the negacyclic {@link Ntt}, or, when {@link Ntt}
 * runs in scalar code, for primes below 2^49 and N of at least {@value #FMA_MIN_N}, the same
 * transform in double precision ({@link FmaNtt}, equal outputs, vectorized by the JIT; 1.2-1.6x
 * faster than the scalar Ntt alone, 4-28 % per BGV operation on chains of such primes). When
 * {@link Ntt#vectorized()} the Vector API transform is faster than FmaNtt up to N = 32768 (49-bit
 * prime, N = 16384: 164 against 190 us forward) and every prime uses it. Immutable and thread-safe.
 */
final class NegacyclicTransform implements RingTransform {
    /** Smallest N at which {@link FmaNtt} is faster than {@link Ntt} (measured: equal at 4096, faster from 8192). */
    static final int FMA_MIN_N = 8192;

    private final NttTables tables;
    private final FmaNtt fma;

    NegacyclicTransform(NttTables tables) {
        this.tables = tables;
        long q = tables.modulus().value();
        this.fma = !Ntt.vectorized() && tables.n() >= FMA_MIN_N && FmaNtt.supports(q) ? FmaNtt.of(q, tables.logN()) : null;
    }

    NttTables tables() {
        return tables;
    }

    @Override
    public void forward(long[] row) {
        if (fma != null) {
            fma.forward(row);
        } else {
            Ntt.forward(row, tables);
        }
    }

    @Override
    public void inverse(long[] row) {
        if (fma != null) {
            fma.inverse(row);
        } else {
            Ntt.inverse(row, tables);
        }
    }
}
