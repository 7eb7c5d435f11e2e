package io.fhe4j.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Residue rows bit-packed to their prime's width: each residue mod q takes {@code width(q)} bits
 * instead of a 64-bit word (60 of 64 bits for HElib's 60-bit primes), big-endian, most significant
 * bit first, the row padded with zero bits to a whole byte. Stateless and thread-safe.
 */
final class ResiduePacking {
    /** Big-endian 64-bit words in a byte array: the array path of {@link #pack}. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ResiduePacking() {
    }

    /** The array behind {@code b} when {@link #pack} can write its words there directly, else null. */
    private static byte[] arrayOf(ByteBuffer b) {
        return b.hasArray() && !b.isReadOnly() && b.order() == ByteOrder.BIG_ENDIAN ? b.array() : null;
    }

    /** Bits per residue mod q: the width of {@code q - 1}, in [1, 64]. */
    static int width(long q) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(q - 1));
    }

    /** Bytes of a packed row of {@code n} residues of {@code width} bits. */
    static long rowBytes(int n, int width) {
        return ((long) n * width + 7) / 8;
    }

    /**
     * Appends {@code row} (each value below {@code 2^width}, unchecked: the writer's own residues)
     * to {@code out}, {@link #rowBytes} bytes.
     */
    static void pack(long[] row, int width, ByteBuffer out) {
        byte[] array = arrayOf(out);
        if (array != null && out.remaining() < rowBytes(row.length, width)) {
            throw new java.nio.BufferOverflowException();
        }
        int at = array == null ? 0 : out.arrayOffset() + out.position(); // the array path's write index
        long acc = 0; // the low n bits are pending, n < 64
        int n = 0;
        for (long v : row) {
            if (n + width < 64) {
                acc = (acc << width) | v;
                n += width;
            } else {
                int k = 64 - n; // bits of v that complete the word, in [1, width]
                long word = (n == 0 ? 0 : acc << k) | (v >>> (width - k));
                if (array == null) {
                    out.putLong(word);
                } else {
                    WORDS.set(array, at, word);
                    at += 8;
                }
                n = width - k;
                acc = n == 0 ? 0 : v & ((1L << n) - 1);
            }
        }
        if (array != null) {
            out.position(at - out.arrayOffset());
        }
        if (n > 0) {
            long word = acc << (64 - n);
            for (int b = 0; b < (n + 7) / 8; b++) {
                out.put((byte) (word >>> (56 - 8 * b)));
            }
        }
    }

    /**
     * Reads {@code out.length} residues of {@code width} bits from {@code in} ({@link #rowBytes}
     * bytes, which the caller has checked are present); the padding bits must be 0.
     *
     * @throws MalformedDataException if a padding bit is set
     */
    static void unpack(ByteBuffer in, int width, long[] out, String what) {
        long acc = 0; // the low n bits are unread, n < 64
        int n = 0;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long total = (long) out.length * width;
        long whole = total / 64;
        long words = 0;
        for (int j = 0; j < out.length; j++) {
            if (n >= width) {
                n -= width;
                out[j] = (acc >>> n) & mask;
                continue;
            }
            long word;
            if (words < whole) {
                word = in.getLong();
                words++;
            } else {
                word = tail(in, (int) (total - 64 * whole), what);
                words++;
            }
            int k = width - n; // bits still needed from the new word, in [1, width]
            long high = n == 0 ? 0 : (acc & ((1L << n) - 1)) << k;
            out[j] = (high | (word >>> (64 - k))) & mask;
            n = 64 - k;
            acc = word;
        }
    }

    /** The last partial word: {@code bits} data bits in whole bytes, left-aligned; checks the padding. */
    private static long tail(ByteBuffer in, int bits, String what) {
        int bytes = (bits + 7) / 8;
        long word = 0;
        for (int b = 0; b < bytes; b++) {
            word |= (long) Byte.toUnsignedInt(in.get()) << (56 - 8 * b);
        }
        if (bits < 64 && (word << bits) != 0) {
            throw new MalformedDataException(what + ": the padding bits after the last residue are not 0: the data is"
                    + " corrupted");
        }
        return word;
    }
}
