package io.fhe4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Bit-packed residue rows against a slow reference that builds the bit string with BigInteger. */
class ResiduePackingProperties {
    /** The reference: the values' width-bit big-endian binary digits concatenated, zero-padded to whole bytes. */
    private static byte[] reference(long[] row, int width) {
        StringBuilder bits = new StringBuilder();
        for (long v : row) {
            String s = new BigInteger(Long.toUnsignedString(v)).toString(2);
            bits.append("0".repeat(width - s.length())).append(s);
        }
        while (bits.length() % 8 != 0) {
            bits.append('0');
        }
        byte[] out = new byte[bits.length() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
        }
        return out;
    }

    private static long[] randomRow(int n, int width, long seed) {
        Random r = new Random(seed);
        long[] row = new long[n];
        for (int i = 0; i < n; i++) {
            long v = r.nextLong();
            row[i] = width == 64 ? v : v & ((1L << width) - 1);
            if (r.nextInt(8) == 0) {
                row[i] = width == 64 ? -1L : (1L << width) - 1; // all ones: the widest value
            }
        }
        return row;
    }

    @Property(tries = 300)
    void packedRowsEqualTheReferenceBitStringAndReadBack(@ForAll @IntRange(min = 1, max = 64) int width,
                                                         @ForAll @IntRange(min = 0, max = 70) int n,
                                                         @ForAll long seed) {
        long[] row = randomRow(n, width, seed);
        ByteBuffer b = ByteBuffer.allocate((int) ResiduePacking.rowBytes(n, width) + 3);
        b.put((byte) 0x5A); // an offset: rows start anywhere in a payload
        ResiduePacking.pack(row, width, b);
        assertEquals(1 + ResiduePacking.rowBytes(n, width), b.position());
        byte[] packed = new byte[b.position() - 1];
        b.position(1);
        b.get(packed);
        assertArrayEquals(reference(row, width), packed);
        b.position(1);
        long[] back = new long[n];
        ResiduePacking.unpack(b, width, back, "row");
        assertArrayEquals(row, back);
        assertEquals(1 + ResiduePacking.rowBytes(n, width), b.position());
    }

    /** Every kind of buffer takes the same bytes: array-backed (sliced: an array offset), direct, read-only. */
    @Property(tries = 200)
    void everyKindOfBufferPacksAndReadsTheSameBytes(@ForAll @IntRange(min = 1, max = 64) int width,
                                                    @ForAll @IntRange(min = 0, max = 70) int n,
                                                    @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll long seed) {
        long[] row = randomRow(n, width, seed);
        int bytes = (int) ResiduePacking.rowBytes(n, width);
        byte[] expected = reference(row, width);
        ByteBuffer whole = kind == 1 ? ByteBuffer.allocateDirect(bytes + 12) : ByteBuffer.allocate(bytes + 12);
        whole.position(5);
        ByteBuffer b = whole.slice(); // array offset 5 on the heap
        b.put((byte) 0x33);
        ResiduePacking.pack(row, width, b);
        assertEquals(1 + bytes, b.position());
        byte[] packed = new byte[bytes];
        b.position(1);
        b.get(packed);
        assertArrayEquals(expected, packed);
        ByteBuffer in = kind == 2 ? b.asReadOnlyBuffer() : b;
        in.position(1);
        long[] back = new long[n];
        ResiduePacking.unpack(in, width, back, "row");
        assertArrayEquals(row, back);
        assertEquals(1 + bytes, in.position());
    }

    @Property(tries = 100)
    void aSetPaddingBitIsRefused(@ForAll @IntRange(min = 1, max = 63) int width,
                                 @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        long bits = (long) n * width;
        if (bits % 8 == 0) {
            return; // no padding
        }
        long[] row = randomRow(n, width, seed);
        ByteBuffer b = ByteBuffer.allocate((int) ResiduePacking.rowBytes(n, width));
        ResiduePacking.pack(row, width, b);
        byte[] data = b.array();
        data[data.length - 1] |= 1; // the last bit is padding
        assertThrows(MalformedDataException.class,
            () -> ResiduePacking.unpack(ByteBuffer.wrap(data), width, new long[n], "row"));
    }

    @Property(tries = 50)
    void widthIsTheBitLengthOfTheLargestResidue(@ForAll @IntRange(min = 2, max = 62) int bits, @ForAll long seed) {
        long q = (1L << (bits - 1)) + 1 + Math.floorMod(seed, (1L << (bits - 1)) - 1);
        assertEquals(BigInteger.valueOf(q - 1).bitLength(), ResiduePacking.width(q));
    }
}
