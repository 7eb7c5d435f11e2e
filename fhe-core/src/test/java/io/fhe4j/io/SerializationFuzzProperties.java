package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static io.fhe4j.io.IoFixtures.ACCESS;
import static io.fhe4j.io.IoFixtures.EK;
import static io.fhe4j.io.IoFixtures.EVAL;
import static io.fhe4j.io.IoFixtures.PK;
import static io.fhe4j.io.IoFixtures.SK;
import static io.fhe4j.io.IoFixtures.SMALL;
import static io.fhe4j.io.IoFixtures.encrypt;
import static io.fhe4j.io.IoFixtures.randomPlain;
import static io.fhe4j.io.IoFixtures.reseal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Random mutations of valid serialized objects of every type: reading either succeeds with the
 * original object (a no-op mutation) or throws a {@link SerializationException} subclass, never
 * anything else; with the checksum recomputed (so the mutation reaches the payload validators),
 * reading either throws such an exception or returns an object that serializes back to exactly
 * the mutated bytes (the format is canonical).
 */
class SerializationFuzzProperties {
    /** A valid serialized object and how to read it back (from bytes or a stream) and re-serialize it. */
    private static final class Sample {
        final String name;
        final byte[] bytes;
        final Function<byte[], byte[]> fromArray;
        final Function<InputStream, byte[]> fromStream;

        Sample(String name, byte[] bytes, Function<byte[], byte[]> fromArray, Function<InputStream, byte[]> fromStream) {
            this.name = name;
            this.bytes = bytes;
            this.fromArray = fromArray;
            this.fromStream = fromStream;
        }
    }

    private static final Context C = SMALL;
    private static final Sample[] SAMPLES = samples();

    private static Sample[] samples() {
        Random rnd = new Random(42);
        long[] a = randomPlain(rnd, C);
        long[] b = randomPlain(rnd, C);
        return new Sample[] {
            new Sample("context", BgvSerializer.toBytes(C), d -> BgvSerializer.toBytes(BgvSerializer.readContext(d, INSECURE_OK)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readContext(in, INSECURE_OK))),
            new Sample("plaintext", BgvSerializer.toBytes(Plaintext.of(C, a)),
                    d -> BgvSerializer.toBytes(BgvSerializer.readPlaintext(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readPlaintext(in, C))),
            new Sample("ciphertext", BgvSerializer.toBytes(encrypt(a)),
                    d -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(in, C))),
            new Sample("seeded secret-key ciphertext", BgvSerializer.toBytes(new io.fhe4j.bgv.Encryptor(SK)
                    .encrypt(Plaintext.of(C, b))),
                    d -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(in, C))),
            new Sample("3-part ciphertext, level 2", BgvSerializer.toBytes(EVAL.multiplyWithoutRelinearization(
                    EVAL.modSwitchDown(encrypt(a)), EVAL.modSwitchDown(encrypt(b)))),
                    d -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readCiphertext(in, C))),
            new Sample("public key", BgvSerializer.toBytes(PK), d -> BgvSerializer.toBytes(BgvSerializer.readPublicKey(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readPublicKey(in, C))),
            new Sample("Galois key", BgvSerializer.toBytes(EK.galoisKey(5)),
                    d -> BgvSerializer.toBytes(BgvSerializer.readKeySwitchingKey(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readKeySwitchingKey(in, C))),
            new Sample("evaluation keys", BgvSerializer.toBytes(EK),
                    d -> BgvSerializer.toBytes(BgvSerializer.readEvaluationKeys(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readEvaluationKeys(in, C))),
            new Sample("Galois keys only", BgvSerializer.toBytes(KeyGenerator.deterministicForTests(C, 3)
                    .evaluationKeys(SK, false, 3)),
                    d -> BgvSerializer.toBytes(BgvSerializer.readEvaluationKeys(d, C)),
                    in -> BgvSerializer.toBytes(BgvSerializer.readEvaluationKeys(in, C))),
            new Sample("secret key", BgvSerializer.secretKeyToBytes(SK, ACCESS),
                    d -> BgvSerializer.secretKeyToBytes(BgvSerializer.readSecretKey(d, C, ACCESS), ACCESS),
                    in -> BgvSerializer.secretKeyToBytes(BgvSerializer.readSecretKey(in, C, ACCESS), ACCESS)),
        };
    }

    @Property(tries = 2000)
    void randomMutationsAreRejectedOrHarmless(@ForAll @IntRange(min = 0, max = 8) int sample, @ForAll long seed) {
        Sample s = SAMPLES[sample];
        Random rnd = new Random(seed);
        String[] how = new String[1];
        byte[] mutated = mutate(s.bytes, rnd, how);
        byte[] back = readOrNull(s, mutated, rnd.nextBoolean(), how[0]);
        if (back != null) {
            assertArrayEquals(s.bytes, back, () -> s.name + ": " + how[0] + " was accepted but changed the object");
        }
    }

    @Property(tries = 1000)
    void resealedMutationsAreRejectedOrCanonical(@ForAll @IntRange(min = 0, max = 8) int sample, @ForAll long seed) {
        Sample s = SAMPLES[sample];
        Random rnd = new Random(seed);
        String[] how = new String[1];
        byte[] mutated = reseal(mutate(s.bytes, rnd, how));
        byte[] back = readOrNull(s, mutated, rnd.nextBoolean(), how[0] + ", checksum recomputed");
        if (back != null) {
            assertArrayEquals(mutated, back, () -> s.name + ": " + how[0] + " was accepted but does not re-serialize to"
                    + " the same bytes");
        }
    }

    /** Reads; returns the re-serialized object, or null if a SerializationException was thrown. */
    private static byte[] readOrNull(Sample s, byte[] data, boolean stream, String how) {
        try {
            if (stream) {
                ByteArrayInputStream in = new ByteArrayInputStream(data);
                byte[] back = s.fromStream.apply(in);
                Statistics.label("outcome").collect(in.available() == 0 ? "read" : "read, bytes left in the stream");
                return in.available() == 0 ? back : null; // leftover bytes stay in the stream for the next object
            }
            byte[] back = s.fromArray.apply(data);
            Statistics.label("outcome").collect("read");
            return back;
        } catch (SerializationException expected) {
            Statistics.label("outcome").collect(expected.getClass().getSimpleName());
            return null;
        } catch (Throwable e) {
            fail(s.name + " (" + (stream ? "stream" : "array") + "): " + how + " raised " + e, e);
            return null;
        }
    }

    // ---- mutations -------------------------------------------------------------------------

    private static int position(Random rnd, int length) {
        // half of the changes hit the header and the counts at the start of the payload
        return rnd.nextBoolean() ? rnd.nextInt(Math.min(length, 128)) : rnd.nextInt(length);
    }

    static byte[] mutate(byte[] original, Random rnd, String[] how) {
        byte[] b = original.clone();
        int kind = rnd.nextInt(8);
        switch (kind) {
            case 0: {
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int p = position(rnd, b.length);
                    b[p] ^= (byte) (1 << rnd.nextInt(8));
                }
                how[0] = flips + " bit flips";
                return b;
            }
            case 1: {
                int p = position(rnd, b.length);
                int count = 1 + rnd.nextInt(Math.min(8, b.length - p));
                for (int i = 0; i < count; i++) {
                    b[p + i] = (byte) rnd.nextInt(256);
                }
                how[0] = count + " random bytes at " + p;
                return b;
            }
            case 2: {
                int len = rnd.nextBoolean() ? rnd.nextInt(b.length) : b.length - 1 - rnd.nextInt(Math.min(b.length, 16));
                how[0] = "truncation to " + len + " bytes";
                return Arrays.copyOf(b, len);
            }
            case 3: {
                int p = position(rnd, b.length + 1);
                byte[] extra = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, p);
                System.arraycopy(extra, 0, out, p, extra.length);
                System.arraycopy(b, p, out, p + extra.length, b.length - p);
                how[0] = extra.length + " bytes inserted at " + p;
                return out;
            }
            case 4: {
                int p = position(rnd, b.length);
                int count = 1 + rnd.nextInt(Math.min(16, b.length - p));
                byte[] out = new byte[b.length - count];
                System.arraycopy(b, 0, out, 0, p);
                System.arraycopy(b, p + count, out, p, b.length - p - count);
                how[0] = count + " bytes deleted at " + p;
                return out;
            }
            case 5: {
                long declared = ByteBuffer.wrap(b).getLong(40);
                long[] choices = {rnd.nextLong(), Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, -1, 0,
                    declared + 1 + rnd.nextInt(1 << 20), declared - 1 - rnd.nextInt((int) Math.min(declared, 1 << 20)),
                    declared ^ (1L << rnd.nextInt(64))};
                long forged = choices[rnd.nextInt(choices.length)];
                ByteBuffer.wrap(b).putLong(40, forged);
                how[0] = "length field " + declared + " -> " + forged;
                return b;
            }
            case 6: {
                int p = rnd.nextInt(48);
                b[p] = (byte) rnd.nextInt(256);
                how[0] = "header byte " + p + " set";
                return b;
            }
            default: {
                // a count or metadata field at the start of the payload: small, boundary or random values
                int p = 48 + rnd.nextInt(Math.min(64, b.length - 52));
                int[] values = {0, 1, 2, 3, -1, 0x7f, 0x80, 0xff};
                b[p] = (byte) (rnd.nextBoolean() ? values[rnd.nextInt(values.length)] : rnd.nextInt(256));
                how[0] = "payload byte " + p + " set";
                return b;
            }
        }
    }
}
