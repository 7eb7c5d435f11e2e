package io.fhe4j.io;

/**
 * Thrown when the trailing CRC32C checksum does not match the bytes: the data was altered after it
 * was written (storage or transfer corruption, or deliberate change). The checksum detects
 * accidents, not a determined attacker, who can recompute it: authenticate data from untrusted
 * sources separately (for example with a MAC or a signature over the bytes).
 */
public class TamperedDataException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public TamperedDataException(String message) {
        super(message);
    }

    public TamperedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
