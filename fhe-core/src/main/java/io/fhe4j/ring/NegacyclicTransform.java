package io.fhe4j.ring;

import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;

/** {@link RingTransform} of {@code Z_q[X]/(X^N+1)}: the negacyclic {@link Ntt}. Immutable and thread-safe. */
final class NegacyclicTransform implements RingTransform {
    private final NttTables tables;

    NegacyclicTransform(NttTables tables) {
        this.tables = tables;
    }

    NttTables tables() {
        return tables;
    }

    @Override
    public void forward(long[] row) {
        Ntt.forward(row, tables);
    }

    @Override
    public void inverse(long[] row) {
        Ntt.inverse(row, tables);
    }
}
