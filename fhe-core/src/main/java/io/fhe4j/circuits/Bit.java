package io.fhe4j.circuits;

import java.util.Objects;

/**
 * One bit of a circuit: either a public constant (0 or 1, known to everybody, costing nothing) or
 * a backend value B holding one bit per slot, together with its multiplicative depth, the number
 * of ANDs on the longest path from the circuit's inputs. {@link BinaryArith} keeps the depth:
 * {@code depth(a AND b) = max(depth a, depth b) + 1}, XOR and NOT keep the maximum, constants have
 * depth 0 and never add to it.
 *
 * <p>A bit may also be pending relinearization (an unrelinearized product inside a table lookup);
 * such bits never leave this package's public operations.
 *
 * <p>Immutable; thread-safe if B is not mutated.
 *
 * @param <B> the backend's bit value
 */
public final class Bit<B> {
    @SuppressWarnings("rawtypes")
    private static final Bit ZERO = new Bit<>(null, false, 0, false);
    @SuppressWarnings("rawtypes")
    private static final Bit ONE = new Bit<>(null, true, 0, false);

    private final B value;
    private final boolean one;
    private final int depth;
    private final boolean pending;

    private Bit(B value, boolean one, int depth, boolean pending) {
        this.value = value;
        this.one = one;
        this.depth = depth;
        this.pending = pending;
    }

    /** The public constant 0. */
    @SuppressWarnings("unchecked")
    public static <B> Bit<B> zero() {
        return ZERO;
    }

    /** The public constant 1. */
    @SuppressWarnings("unchecked")
    public static <B> Bit<B> one() {
        return ONE;
    }

    /** The public constant {@code bit}. */
    public static <B> Bit<B> constant(boolean bit) {
        return bit ? one() : zero();
    }

    /** A circuit input: this backend value at depth 0. */
    public static <B> Bit<B> of(B value) {
        return of(value, 0);
    }

    /**
     * This backend value at the given depth (for values that already went through a circuit, say
     * kept from an earlier evaluation).
     *
     * @throws CircuitArgumentException if the depth is negative
     */
    public static <B> Bit<B> of(B value, int depth) {
        Objects.requireNonNull(value, "value");
        if (depth < 0) {
            throw new CircuitArgumentException("depth " + depth + " of a bit must be non-negative");
        }
        return new Bit<>(value, false, depth, false);
    }

    static <B> Bit<B> computed(B value, int depth, boolean pending) {
        return new Bit<>(value, false, depth, pending);
    }

    /** Whether this is a public constant. */
    public boolean isConstant() {
        return value == null;
    }

    /** Whether this is the public constant 0. */
    public boolean isZero() {
        return value == null && !one;
    }

    /** Whether this is the public constant 1. */
    public boolean isOne() {
        return value == null && one;
    }

    /**
     * The constant's value.
     *
     * @throws IllegalStateException if this bit is not a constant
     */
    public boolean constantValue() {
        if (value != null) {
            throw new IllegalStateException("this bit is a backend value, not a constant: test isConstant() first");
        }
        return one;
    }

    /**
     * The backend value (not a copy).
     *
     * @throws IllegalStateException if this bit is a constant
     */
    public B value() {
        if (value == null) {
            throw new IllegalStateException("this bit is the constant " + (one ? 1 : 0) + ", not a backend value: test"
                    + " isConstant() first");
        }
        return value;
    }

    /** Multiplicative depth: ANDs on the longest path from the inputs (0 for constants and inputs). */
    public int depth() {
        return depth;
    }

    boolean pending() {
        return pending;
    }

    @Override
    public String toString() {
        return value == null ? "Bit(" + (one ? 1 : 0) + ")" : "Bit(depth " + depth + (pending ? ", pending" : "") + ")";
    }
}
