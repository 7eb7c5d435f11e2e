package io.fhe4j.circuits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference backend: a bit value is a {@code long[]} of n slots, each 0 or 1, and the
 * operations are the plain ones slot by slot. It defines what every circuit means (the encrypted
 * backend must agree with it bit for bit) and is fast enough for large randomized tests. It counts
 * products and relinearizations exactly as the encrypted backend does, so the costs measured here
 * are the costs of the encrypted circuit.
 *
 * <p>Values are never modified; every operation returns a new array. Thread-safe.
 */
public final class PlainBitBackend implements BitBackend<long[]> {
    private final int slots;
    private final AtomicLong multiplications = new AtomicLong();
    private final AtomicLong relinearizations = new AtomicLong();

    /**
     * A backend with this many slots per value.
     *
     * @throws CircuitArgumentException if slots is not positive
     */
    public PlainBitBackend(int slots) {
        if (slots < 1) {
            throw new CircuitArgumentException("a plain backend needs at least 1 slot, got " + slots);
        }
        this.slots = slots;
    }

    /** Slots per value. */
    public int slots() {
        return slots;
    }

    @Override
    public long[] xor(long[] a, long[] b) {
        check(a);
        check(b);
        long[] r = new long[slots];
        for (int i = 0; i < slots; i++) {
            r[i] = a[i] ^ b[i];
        }
        return r;
    }

    @Override
    public long[] and(long[] a, long[] b) {
        relinearizations.incrementAndGet();
        return andWithoutRelinearization(a, b);
    }

    @Override
    public long[] andWithoutRelinearization(long[] a, long[] b) {
        check(a);
        check(b);
        multiplications.incrementAndGet();
        long[] r = new long[slots];
        for (int i = 0; i < slots; i++) {
            r[i] = a[i] & b[i];
        }
        return r;
    }

    @Override
    public long[] not(long[] a) {
        check(a);
        long[] r = new long[slots];
        for (int i = 0; i < slots; i++) {
            r[i] = a[i] ^ 1;
        }
        return r;
    }

    @Override
    public long[] relinearize(long[] a) {
        check(a);
        relinearizations.incrementAndGet();
        return a;
    }

    @Override
    public long multiplications() {
        return multiplications.get();
    }

    @Override
    public long relinearizations() {
        return relinearizations.get();
    }

    /**
     * The numbers {@code values[s] mod 2^width}, one per slot, as circuit inputs (depth 0).
     *
     * @param values one value per slot (any long: it is reduced mod 2^width), not modified
     * @throws CircuitArgumentException if the length is not the slot count or the width is out of range
     */
    public BinaryInt<long[]> encode(long[] values, int width, boolean signed) {
        if (values.length != slots) {
            throw new CircuitArgumentException(values.length + " values for a backend of " + slots + " slots");
        }
        BinaryInt.checkWidth(width);
        List<long[]> bits = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            long[] b = new long[slots];
            for (int s = 0; s < slots; s++) {
                b[s] = (values[s] >>> i) & 1;
            }
            bits.add(b);
        }
        return BinaryInt.ofValues(bits, signed);
    }

    /** The number in every slot: in [0, 2^k) if unsigned, sign-extended if signed. */
    public long[] decode(BinaryInt<long[]> x) {
        long[] r = new long[slots];
        int k = x.width();
        for (int i = 0; i < k; i++) {
            long[] b = bitSlots(x.bit(i));
            for (int s = 0; s < slots; s++) {
                r[s] |= b[s] << i;
            }
        }
        if (x.isSigned() && k < 64) {
            for (int s = 0; s < slots; s++) {
                r[s] = r[s] << (64 - k) >> (64 - k);
            }
        }
        return r;
    }

    /** The slots of one bit (a constant gives the same value in every slot); a new array. */
    public long[] bitSlots(Bit<long[]> bit) {
        long[] r = new long[slots];
        if (bit.isConstant()) {
            java.util.Arrays.fill(r, bit.constantValue() ? 1 : 0);
        } else {
            check(bit.value());
            System.arraycopy(bit.value(), 0, r, 0, slots);
        }
        return r;
    }

    private void check(long[] a) {
        if (a.length != slots) {
            throw new CircuitArgumentException("a value of " + a.length + " slots given to a backend of " + slots + " slots");
        }
    }

    @Override
    public String toString() {
        return "PlainBitBackend(" + slots + " slots, " + multiplications() + " products)";
    }
}
