package io.fhe4j.math;

/**
 * {@link CyclotomicCrt} through {@link BluesteinTransform#forwardPrimitive} and
 * {@link BluesteinTransform#interpolatePrimitive}: the fallback for prime powers too large for a
 * dense matrix. Output j is at {@code omega^unit(j)} (units in increasing order). Immutable and
 * thread-safe.
 */
final class BluesteinCrt extends PrimePowerCrt {
    private final BluesteinTransform transform;

    BluesteinCrt(BluesteinTransform transform) {
        super(transform.m());
        this.transform = transform;
    }

    @Override
    public void forward(long[] a) {
        long[] out = new long[a.length];
        transform.forwardPrimitive(a, out);
        System.arraycopy(out, 0, a, 0, a.length);
    }

    @Override
    public void inverse(long[] a) {
        transform.interpolatePrimitive(a, a);
    }
}
