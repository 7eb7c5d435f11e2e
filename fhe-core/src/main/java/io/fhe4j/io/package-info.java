/**
 * Versioned binary serialization of fhe4j's BGV objects ({@link io.fhe4j.io.BgvSerializer}):
 * context parameters, plaintexts, ciphertexts, public keys, seed-compressed key-switching and
 * evaluation keys, and the secret key through an explicit token-guarded path.
 *
 * <p>The readers are the boundary for untrusted data (files, sockets). They validate magic,
 * version, type, sizes, checksum, context digest and every value, and reject bad data with a
 * {@link io.fhe4j.io.SerializationException} subclass. Every length and count is checked against
 * a hard limit (the largest object of its type in the reader's context) and against the bytes
 * present before anything is allocated; a context, which is rebuilt from its parameters, is
 * checked field by field and prime by prime, then against {@link io.fhe4j.io.ContextLimits} (at
 * most 2^22 residues {@code N (L + ceil(L/c) + 2)}, 128-bit security unless the caller opts in
 * with {@code allowInsecure()}) before it is built. The readers validate but do not
 * authenticate: see {@link io.fhe4j.io.BgvSerializer} for the bounds and what remains the
 * caller's job.
 */
package io.fhe4j.io;
