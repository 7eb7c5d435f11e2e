package io.fhe4j.circuits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A k-bit integer in every slot, as HElib's binary arithmetic keeps it: k bits, least significant
 * first, bit i of every slot's number in bit i. Unsigned numbers are in {@code [0, 2^k)};
 * signed ones are two's complement in {@code [-2^(k-1), 2^(k-1))}, bit k-1 being the sign.
 *
 * <p>Invariants: {@code 1 <= width() <= 64}; no bit is pending relinearization. The operations
 * here move bits around without computing anything (no AND, no depth); circuits are in
 * {@link BinaryArith}.
 *
 * <p>Immutable; thread-safe if the bits' values are not mutated.
 *
 * @param <B> the backend's bit value
 */
public final class BinaryInt<B> {
    /** The widest number: results and constants are handled as 64-bit two's complement. */
    public static final int MAX_WIDTH = 64;

    private final List<Bit<B>> bits;
    private final boolean signed;

    private BinaryInt(List<Bit<B>> bits, boolean signed) {
        this.bits = bits;
        this.signed = signed;
    }

    /**
     * The number with these bits, least significant first.
     *
     * @param bits 1 to 64 bits, copied
     * @throws CircuitArgumentException if the count is out of range or a bit is pending
     */
    public static <B> BinaryInt<B> of(List<Bit<B>> bits, boolean signed) {
        checkWidth(bits.size());
        List<Bit<B>> copy = new ArrayList<>(bits);
        for (int i = 0; i < copy.size(); i++) {
            Bit<B> b = copy.get(i);
            if (b == null || b.pending()) {
                throw new CircuitArgumentException("bit " + i + " is " + (b == null ? "null" : "pending relinearization"));
            }
        }
        return new BinaryInt<>(Collections.unmodifiableList(copy), signed);
    }

    /** Fresh inputs: these backend values, least significant first, each at depth 0. */
    public static <B> BinaryInt<B> ofValues(List<B> values, boolean signed) {
        List<Bit<B>> b = new ArrayList<>(values.size());
        for (B v : values) {
            b.add(Bit.of(v));
        }
        return of(b, signed);
    }

    /** The public constant {@code value mod 2^width} (as signed or unsigned), in every slot. */
    public static <B> BinaryInt<B> constant(long value, int width, boolean signed) {
        checkWidth(width);
        List<Bit<B>> b = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            b.add(Bit.constant(((value >>> i) & 1) == 1));
        }
        return new BinaryInt<>(Collections.unmodifiableList(b), signed);
    }

    static void checkWidth(int width) {
        if (width < 1 || width > MAX_WIDTH) {
            throw new CircuitArgumentException("width " + width + " is out of range: numbers have 1 to " + MAX_WIDTH
                    + " bits");
        }
    }

    /** Number of bits k. */
    public int width() {
        return bits.size();
    }

    /** Whether the bits are read as two's complement. */
    public boolean isSigned() {
        return signed;
    }

    /** Bit i (0 is the least significant). */
    public Bit<B> bit(int i) {
        if (i < 0 || i >= bits.size()) {
            throw new CircuitArgumentException("bit index " + i + " out of range for a " + bits.size() + "-bit number");
        }
        return bits.get(i);
    }

    /** The most significant bit (the sign of a signed number). */
    public Bit<B> topBit() {
        return bits.get(bits.size() - 1);
    }

    /** The bits, least significant first (an unmodifiable view). */
    public List<Bit<B>> bits() {
        return bits;
    }

    /** The largest depth of its bits. */
    public int depth() {
        int d = 0;
        for (Bit<B> b : bits) {
            d = Math.max(d, b.depth());
        }
        return d;
    }

    /** Whether every bit is a public constant. */
    public boolean isConstant() {
        for (Bit<B> b : bits) {
            if (!b.isConstant()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of a constant number (sign-extended if signed).
     *
     * @throws IllegalStateException if some bit is not a constant
     */
    public long constantValue() {
        long v = 0;
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i).constantValue()) {
                v |= 1L << i;
            }
        }
        int k = bits.size();
        return signed && k < 64 ? v << (64 - k) >> (64 - k) : v;
    }

    /** The same bits read as signed ({@code true}) or unsigned. */
    public BinaryInt<B> withSigned(boolean signed) {
        return signed == this.signed ? this : new BinaryInt<>(bits, signed);
    }

    /**
     * The same number in {@code width} bits: sign- or zero-extended if wider, reduced mod 2^width
     * (high bits dropped) if narrower. No AND; the extension repeats the sign bit.
     */
    public BinaryInt<B> resize(int width) {
        checkWidth(width);
        if (width == bits.size()) {
            return this;
        }
        if (width < bits.size()) {
            return new BinaryInt<>(bits.subList(0, width), signed);
        }
        List<Bit<B>> b = new ArrayList<>(bits);
        Bit<B> fill = signed ? topBit() : Bit.zero();
        while (b.size() < width) {
            b.add(fill);
        }
        return new BinaryInt<>(Collections.unmodifiableList(b), signed);
    }

    /**
     * Drops the f low bits: {@code floor(x / 2^f)} in {@code width() - f} bits. For a signed
     * number this is the arithmetic shift (rounding toward minus infinity, so -1 >> 1 = -1);
     * {@link BinaryArith#roundShiftRight} rounds half up instead. This is fixed-point truncation:
     * a value with F fractional bits keeps F - f of them. No AND.
     *
     * @param f {@code 0 <= f < width()}
     */
    public BinaryInt<B> shiftRight(int f) {
        if (f < 0 || f >= bits.size()) {
            throw new CircuitArgumentException("cannot drop " + f + " low bits of a " + bits.size() + "-bit number: use 0 to "
                    + (bits.size() - 1));
        }
        return f == 0 ? this : new BinaryInt<>(bits.subList(f, bits.size()), signed);
    }

    /** {@code x * 2^f} in {@code width() + f} bits (f constant zero bits below). No AND. */
    public BinaryInt<B> shiftLeft(int f) {
        if (f < 0) {
            throw new CircuitArgumentException("shift " + f + " must be non-negative");
        }
        checkWidth(bits.size() + f);
        List<Bit<B>> b = new ArrayList<>(bits.size() + f);
        for (int i = 0; i < f; i++) {
            b.add(Bit.zero());
        }
        b.addAll(bits);
        return new BinaryInt<>(Collections.unmodifiableList(b), signed);
    }

    @Override
    public String toString() {
        return (signed ? "signed " : "unsigned ") + bits.size() + "-bit BinaryInt(depth " + depth() + ")";
    }
}
