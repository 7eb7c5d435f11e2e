package io.fhe4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The envelope of every serialized object (format version 1, big-endian):
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "FHEJ" (0x46 0x48 0x45 0x4A)
 *      4     2  format version, unsigned (1)
 *      6     1  object type tag ({@link SerializedType#tag()})
 *      7     1  flags, reserved: 0
 *      8    32  context digest: SHA-256 of the context's parameter block (see {@link ContextCodec})
 *     40     8  payload length L, signed, at most the largest object of the type in that context
 *     48     L  payload
 *   48+L     4  CRC32C of bytes [0, 48 + L)
 * </pre>
 *
 * A reader checks, in this order: magic, version, type, flags, declared length (against the
 * context's largest object of the type, then against the bytes available), checksum; the codec
 * then checks the context digest and validates the payload. Stateless and thread-safe.
 */
final class Frame {
    static final byte[] MAGIC = {'F', 'H', 'E', 'J'};
    static final int VERSION = 1;
    static final int DIGEST_BYTES = 32;
    static final int HEADER_BYTES = 48;
    static final int TRAILER_BYTES = 4;
    /** Largest payload that fits, with header and trailer, in one Java array. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 64 - HEADER_BYTES - TRAILER_BYTES;

    final SerializedType type;
    final byte[] digest;
    /** The payload, positioned at its start; big-endian. */
    final ByteBuffer payload;

    private Frame(SerializedType type, byte[] digest, ByteBuffer payload) {
        this.type = type;
        this.digest = digest;
        this.payload = payload;
    }

    // ---- writing ---------------------------------------------------------------------------

    /**
     * A buffer for a whole object with the header written and the position at the payload's
     * start. Fill exactly {@code payloadLength} bytes, then call {@link #seal}.
     */
    static ByteBuffer open(SerializedType type, byte[] digest, long payloadLength) {
        if (payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a " + type.description() + " of " + payloadLength
                    + " bytes does not fit in one array: write its parts separately");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + (int) payloadLength + TRAILER_BYTES);
        b.put(MAGIC).putShort((short) VERSION).put((byte) type.tag()).put((byte) 0).put(digest).putLong(payloadLength);
        return b;
    }

    /** Appends the checksum and returns the bytes. */
    static byte[] seal(ByteBuffer b) {
        if (b.remaining() != TRAILER_BYTES) {
            throw new IllegalStateException("writer bug: " + (b.remaining() - TRAILER_BYTES) + " payload bytes left unwritten");
        }
        byte[] a = b.array();
        b.putInt(crc(a, 0, b.position()));
        return a;
    }

    static int crc(byte[] a, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(a, offset, length);
        return (int) c.getValue();
    }

    // ---- reading ---------------------------------------------------------------------------

    /**
     * Parses and verifies the envelope of one whole object.
     *
     * @param expected the type asked for, or null for any
     * @param maxPayload the largest payload the asked type can have in the reader's context
     */
    static Frame parse(byte[] data, SerializedType expected, long maxPayload) {
        checkMagic(data, data.length);
        if (data.length < HEADER_BYTES) {
            throw new TruncatedDataException("the data ends after " + data.length + " bytes, inside the " + HEADER_BYTES
                    + "-byte header: it is incomplete; copy or fetch it again in full");
        }
        ByteBuffer h = ByteBuffer.wrap(data);
        SerializedType type = checkHeader(h, expected);
        long length = checkLength(h.getLong(40), type, expected == null ? MAX_PAYLOAD : maxPayload);
        long total = HEADER_BYTES + length + TRAILER_BYTES;
        if (data.length < total) {
            throw new TruncatedDataException("the " + type.description() + " needs " + total + " bytes but only "
                    + data.length + " are present: the data is incomplete; copy or fetch it again in full");
        }
        if (data.length > total) {
            throw new MalformedDataException(data.length - total + " unexpected bytes follow the " + type.description()
                    + " (" + total + " bytes): pass exactly one object, or read concatenated objects from a stream");
        }
        int stored = h.getInt((int) (HEADER_BYTES + length));
        verifyCrc(stored, crc(data, 0, HEADER_BYTES + (int) length), type);
        byte[] digest = new byte[DIGEST_BYTES];
        System.arraycopy(data, 8, digest, 0, DIGEST_BYTES);
        return new Frame(type, digest, ByteBuffer.wrap(data, HEADER_BYTES, (int) length).slice());
    }

    /**
     * Reads one object from a stream, leaving the stream just after it; the payload is buffered
     * (allocated only after its declared length passed the type's limit, and filled as the bytes
     * arrive, so a forged length cannot exhaust memory).
     */
    static Frame read(InputStream in, SerializedType expected, long maxPayload) {
        byte[] header = readUpTo(in, HEADER_BYTES);
        checkMagic(header, header.length);
        if (header.length < HEADER_BYTES) {
            throw new TruncatedDataException("the stream ends after " + header.length + " bytes, inside the "
                    + HEADER_BYTES + "-byte header: it is incomplete");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        SerializedType type = checkHeader(h, expected);
        long length = checkLength(h.getLong(40), type, expected == null ? MAX_PAYLOAD : maxPayload);
        int rest = (int) length + TRAILER_BYTES;
        byte[] body = readUpTo(in, rest);
        if (body.length < rest) {
            throw new TruncatedDataException("the stream ends " + (HEADER_BYTES + body.length) + " bytes into a "
                    + type.description() + " of " + (HEADER_BYTES + rest) + " bytes: it is incomplete");
        }
        CRC32C c = new CRC32C();
        c.update(header, 0, HEADER_BYTES);
        c.update(body, 0, (int) length);
        verifyCrc(ByteBuffer.wrap(body).getInt((int) length), (int) c.getValue(), type);
        byte[] digest = new byte[DIGEST_BYTES];
        System.arraycopy(header, 8, digest, 0, DIGEST_BYTES);
        return new Frame(type, digest, ByteBuffer.wrap(body, 0, (int) length).slice());
    }

    /** The type of the object in {@code data} after checking magic, version and tag only. */
    static SerializedType peek(byte[] data) {
        checkMagic(data, data.length);
        if (data.length < 8) {
            throw new TruncatedDataException("the data ends after " + data.length + " bytes, inside the header");
        }
        return checkHeader(ByteBuffer.wrap(data), null);
    }

    private static void checkMagic(byte[] data, int available) {
        for (int i = 0; i < Math.min(available, MAGIC.length); i++) {
            if (data[i] != MAGIC[i]) {
                throw new UnrecognizedFormatException(String.format("not fhe4j data: it starts with %s instead of the"
                        + " magic bytes \"FHEJ\" (another format, a different file, or an offset error)",
                        hex(data, Math.min(available, MAGIC.length))));
            }
        }
        if (available < MAGIC.length) {
            throw new TruncatedDataException("the data ends after " + available + " bytes, inside the magic bytes");
        }
    }

    private static SerializedType checkHeader(ByteBuffer h, SerializedType expected) {
        int version = Short.toUnsignedInt(h.getShort(4));
        if (version != VERSION) {
            throw new UnsupportedVersionException("format version " + version + " is not supported: this reader"
                    + " knows version " + VERSION + (version > VERSION ? "; read the data with the newer fhe4j that wrote it"
                    : "; version 0 does not exist, so the data is corrupted"));
        }
        int tag = Byte.toUnsignedInt(h.get(6));
        SerializedType type = SerializedType.ofTag(tag);
        if (type == null) {
            throw new MalformedDataException("unknown object type tag " + tag + ": version-" + VERSION
                    + " data holds tags 1.." + SerializedType.values().length + "; the header is corrupted");
        }
        if (expected != null && type != expected) {
            throw new UnexpectedObjectTypeException("expected a " + expected.description() + " but the data holds a "
                    + type.description() + ": read it with BgvSerializer." + type.reader());
        }
        if (h.limit() >= HEADER_BYTES && h.get(7) != 0) {
            throw new MalformedDataException("header flags " + Byte.toUnsignedInt(h.get(7)) + " are set: version "
                    + VERSION + " defines none, so the header is corrupted");
        }
        return type;
    }

    private static long checkLength(long length, SerializedType type, long max) {
        if (length < 0 || length > max) {
            throw new MalformedDataException("declared payload length " + length + " of the " + type.description()
                    + " is outside [0, " + max + "], the largest this context allows for it: the length field is"
                    + " forged or corrupted");
        }
        return length;
    }

    /**
     * Throws on a mismatch. For a secret key neither checksum is printed: both are functions of the
     * key's bytes (a CRC is linear, so it reveals bits of them).
     */
    private static void verifyCrc(int stored, int computed, SerializedType type) {
        if (stored != computed) {
            String values = type == SerializedType.SECRET_KEY ? ""
                    : String.format(" (stored CRC32C %08x, computed %08x)", stored, computed);
            throw new TamperedDataException("checksum mismatch in the " + type.description() + values
                    + ": the bytes were altered after writing; obtain the data again");
        }
    }

    private static byte[] readUpTo(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("reading serialized fhe4j data failed", e);
        }
    }

    static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.length() == 0 ? "(nothing)" : s.toString();
    }
}
