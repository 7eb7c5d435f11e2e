package io.fhe4j.io;

import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import java.nio.ByteBuffer;

/**
 * Reads a verified payload field by field, checking that every field is present (the payload's
 * length is consistent with its contents) and that residue rows are below their primes. Residue
 * rows are read in bulk through a {@code LongBuffer} view, without per-element objects.
 * Not thread-safe (it owns the buffer's position).
 */
final class PayloadReader {
    private final ByteBuffer buf;
    private final SerializedType type;

    PayloadReader(ByteBuffer buf, SerializedType type) {
        this.buf = buf;
        this.type = type;
    }

    /** Throws unless at least n bytes remain. */
    void need(long n, String what) {
        if (n > buf.remaining()) {
            throw new MalformedDataException("the " + type.description() + " payload ends inside " + what + " (" + n
                    + " bytes needed, " + buf.remaining() + " left): its contents disagree with its declared length");
        }
    }

    /** Throws unless exactly n bytes remain (checked before allocating for counts read from the data). */
    void expectRemaining(long n, String what) {
        if (n != buf.remaining()) {
            throw new MalformedDataException("the " + type.description() + " payload has " + buf.remaining()
                    + " bytes left for " + what + " but its counts require " + n + ": a count or the length is wrong");
        }
    }

    void end() {
        if (buf.hasRemaining()) {
            throw new MalformedDataException(buf.remaining() + " unexpected bytes at the end of the " + type.description()
                    + " payload");
        }
    }

    int readInt(String what) {
        need(4, what);
        return buf.getInt();
    }

    long readLong(String what) {
        need(8, what);
        return buf.getLong();
    }

    int readByte(String what) {
        need(1, what);
        return Byte.toUnsignedInt(buf.get());
    }

    void readBytes(byte[] out, String what) {
        need(out.length, what);
        buf.get(out);
    }

    /** Reads {@code row.length} values, each of which must be in [0, bound). */
    void readBelow(long[] row, long bound, String what) {
        need(8L * row.length, what);
        buf.asLongBuffer().get(row);
        buf.position(buf.position() + 8 * row.length);
        for (int j = 0; j < row.length; j++) {
            if (Long.compareUnsigned(row[j], bound) >= 0) {
                throw new MalformedDataException(what + ": value " + row[j] + " at index " + j + " is not in [0, " + bound
                        + "): the data is corrupted or was written by a faulty writer");
            }
        }
    }

    /**
     * Reads one element of {@code ring} in evaluation form, one row of N residues per prime: 64-bit
     * words, or (packed) each row bit-packed to its prime's width ({@link ResiduePacking}).
     */
    DoubleCrt readElement(PolyRing ring, boolean packed, String what) {
        if (!packed) {
            return readElement(ring, what);
        }
        long bytes = 0;
        for (int i = 0; i < ring.size(); i++) {
            bytes += ResiduePacking.rowBytes(ring.n(), ResiduePacking.width(ring.basis().prime(i)));
        }
        need(bytes, what);
        long[][] rows = new long[ring.size()][ring.n()];
        for (int i = 0; i < rows.length; i++) {
            long q = ring.basis().prime(i);
            String row = what + ", residues mod prime " + i + " (q = " + q + ")";
            ResiduePacking.unpack(buf, ResiduePacking.width(q), rows[i], row);
            for (int j = 0; j < rows[i].length; j++) {
                if (Long.compareUnsigned(rows[i][j], q) >= 0) {
                    throw new MalformedDataException(row + ": value " + rows[i][j] + " at index " + j + " is not in [0, "
                            + q + "): the data is corrupted or was written by a faulty writer");
                }
            }
        }
        return ring.wrap(rows, true);
    }

    /** Reads one element of {@code ring} in evaluation form: one row of N residues per prime. */
    DoubleCrt readElement(PolyRing ring, String what) {
        need(8L * ring.n() * ring.size(), what);
        long[][] rows = new long[ring.size()][ring.n()];
        for (int i = 0; i < rows.length; i++) {
            long q = ring.basis().prime(i);
            readBelow(rows[i], q, what + ", residues mod prime " + i + " (q = " + q + ")");
        }
        return ring.wrap(rows, true);
    }
}
