package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV public key {@code (b, a)} with {@code b = -a s + t e} over the full ciphertext modulus
 * {@code Q_L} (evaluation form): an encryption of zero. Immutable and thread-safe.
 */
public final class PublicKey {
    private final Context context;
    private final DoubleCrt b;
    private final DoubleCrt a;

    PublicKey(Context context, DoubleCrt b, DoubleCrt a) {
        this.context = context;
        this.b = b;
        this.a = a;
    }

    /** The context this key belongs to. */
    public Context context() {
        return context;
    }

    DoubleCrt b() {
        return b;
    }

    DoubleCrt a() {
        return a;
    }

    @Override
    public String toString() {
        return "PublicKey(" + context.fingerprint() + ")";
    }
}
