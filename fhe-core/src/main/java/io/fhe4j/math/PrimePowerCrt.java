package io.fhe4j.math;

/**
 * The common part of the {@link CyclotomicCrt} implementations: the prime power m' and the
 * exponents of the outputs ({@link CyclotomicCrt#exponents}). Immutable.
 */
abstract class PrimePowerCrt implements CyclotomicCrt {
    private final int index;
    private final int[] exponents;

    PrimePowerCrt(int index) {
        this.index = index;
        this.exponents = CyclotomicCrt.exponents(index);
    }

    @Override
    public final int index() {
        return index;
    }

    @Override
    public final int length() {
        return exponents.length;
    }

    @Override
    public final int exponent(int j) {
        return exponents[j];
    }
}
