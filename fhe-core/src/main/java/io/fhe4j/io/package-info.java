/**
 * Versioned binary serialization of fhe4j's BGV objects ({@link io.fhe4j.io.BgvSerializer}):
 * context parameters, plaintexts, ciphertexts, public keys, seed-compressed key-switching and
 * evaluation keys, and the secret key through an explicit token-guarded path. Readers validate
 * magic, version, type, sizes, checksum, context digest and every value, and reject bad data with
 * a {@link io.fhe4j.io.SerializationException} subclass.
 */
package io.fhe4j.io;
