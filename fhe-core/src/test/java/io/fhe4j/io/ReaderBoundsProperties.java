package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.ACCESS;
import static io.fhe4j.io.IoFixtures.EK;
import static io.fhe4j.io.IoFixtures.EVAL;
import static io.fhe4j.io.IoFixtures.HEADER;
import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static io.fhe4j.io.IoFixtures.PK;
import static io.fhe4j.io.IoFixtures.SK;
import static io.fhe4j.io.IoFixtures.SMALL;
import static io.fhe4j.io.IoFixtures.encrypt;
import static io.fhe4j.io.IoFixtures.randomPlain;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.math.Cyclotomic;
import io.fhe4j.ring.PowerfulBasis;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The readers' resource bounds on hostile input under 1 MB: valid objects of every type (small
 * insecure contexts, so that a try takes milliseconds), mutated by bit flips, random bytes,
 * truncation, insertion, deletion, length-field and count inflation, or replaced by random
 * bytes, usually with the checksum and context digest recomputed so that the change reaches the
 * payload validators. Every read, from an array or a stream, either returns or throws a
 * {@link SerializationException} subclass (never an OutOfMemoryError, NegativeArraySizeException,
 * IndexOutOfBoundsException, ArithmeticException...), and
 *
 * <ul>
 *   <li>allocates at most {@value #BYTES_PER_INPUT_BYTE} bytes per input byte, plus
 *       {@value #ELEMENTS} ring elements of the reader's context ({@code 8 N (L + K)} bytes each:
 *       a secret key of N/4 bytes is expanded to one over all primes), plus {@value #FIXED_BYTES}
 *       bytes (measured: at most about 5 per input byte, for a public key or a seeded ciphertext,
 *       whose uniform half is regenerated from its seed; a stream read buffers the input once).
 *       A context read may in addition allocate
 *       {@value #BYTES_PER_RESIDUE} bytes per residue of the context its fields declare,
 *       {@code N (L + ceil(L/c) + 2)}, which {@link ContextLimits} caps: building a context is
 *       the one step whose cost is not proportional to the input (measured: under 64 bytes per
 *       residue, the NTT tables of new primes included);</li>
 *   <li>takes at most {@value #MAX_MILLIS} ms of CPU time on the reading thread (its own work,
 *       not the waits for the other processes of a shared machine or for garbage-collector
 *       threads). The code paths are exercised before (JIT warm-up), and an input over a bound is
 *       read twice more and judged by its best run, so that first-time class initialization does
 *       not fail the property; a forged size, which costs the same on every run, does.</li>
 * </ul>
 */
class ReaderBoundsProperties {
    static final int MAX_INPUT = (1 << 20) - 1;
    static final double MAX_MILLIS = 100;
    static final long FIXED_BYTES = 64 << 10;
    static final int BYTES_PER_INPUT_BYTE = 6;
    static final int BYTES_PER_RESIDUE = 256;
    static final int ELEMENTS = 2;

    /** A reader of one type: returns the object read, or throws. */
    private interface Reader {
        Object read(byte[] data, boolean stream);
    }

    /** A valid serialized object, its reader, and the payload offsets of its 4-byte count fields. */
    private record Seed(String name, byte[] bytes, Reader reader, boolean context, int... intFields) {
    }

    private static final Seed[] SEEDS = seeds();

    private static Seed[] seeds() {
        Random rnd = new Random(7);
        long[] a = randomPlain(rnd, SMALL);
        Context general = new ContextBuilder().m(85).p(2).bits(200).c(2).allowInsecure().build();
        int generalL = general.maxLevel();
        int l = SMALL.maxLevel();
        Reader context = (d, s) -> s ? BgvSerializer.readContext(new ByteArrayInputStream(d), INSECURE_OK)
                : BgvSerializer.readContext(d, INSECURE_OK);
        Reader ciphertext = (d, s) -> s ? BgvSerializer.readCiphertext(new ByteArrayInputStream(d), SMALL)
                : BgvSerializer.readCiphertext(d, SMALL);
        Reader evaluationKeys = (d, s) -> s ? BgvSerializer.readEvaluationKeys(new ByteArrayInputStream(d), SMALL)
                : BgvSerializer.readEvaluationKeys(d, SMALL);
        int[] contextFields = {0, 12, 16, 20, 24, 28, 33};
        return new Seed[] {
            new Seed("context", BgvSerializer.toBytes(SMALL), context, true, with(contextFields, 37 + 8 * l)),
            new Seed("context, default limits", BgvSerializer.toBytes(SMALL),
                (d, s) -> s ? BgvSerializer.readContext(new ByteArrayInputStream(d)) : BgvSerializer.readContext(d), true,
                with(contextFields, 37 + 8 * l)),
            new Seed("general-ring context", BgvSerializer.toBytes(general), context, true,
                with(contextFields, 37 + 8 * generalL)),
            new Seed("plaintext", BgvSerializer.toBytes(Plaintext.of(SMALL, a)),
                (d, s) -> s ? BgvSerializer.readPlaintext(new ByteArrayInputStream(d), SMALL)
                        : BgvSerializer.readPlaintext(d, SMALL), false, 0),
            new Seed("ciphertext", BgvSerializer.toBytes(encrypt(a)), ciphertext, false, 0, 4),
            new Seed("seeded ciphertext", BgvSerializer.toBytes(new Encryptor(SK).encrypt(Plaintext.of(SMALL, a))),
                ciphertext, false, 0, 4),
            new Seed("3-part ciphertext", BgvSerializer.toBytes(EVAL.multiplyWithoutRelinearization(
                EVAL.modSwitchDown(encrypt(a)), EVAL.modSwitchDown(encrypt(a)))), ciphertext, false, 0, 4),
            new Seed("zero ciphertext", BgvSerializer.toBytes(EVAL.multiplyPlain(encrypt(a), Plaintext.constant(SMALL, 0))),
                ciphertext, false, 0, 4),
            new Seed("public key", BgvSerializer.toBytes(PK),
                (d, s) -> s ? BgvSerializer.readPublicKey(new ByteArrayInputStream(d), SMALL)
                        : BgvSerializer.readPublicKey(d, SMALL), false, 0),
            new Seed("key-switching key", BgvSerializer.toBytes(EK.galoisKey(5)),
                (d, s) -> s ? BgvSerializer.readKeySwitchingKey(new ByteArrayInputStream(d), SMALL)
                        : BgvSerializer.readKeySwitchingKey(d, SMALL), false, 0, 4, 8, 12),
            new Seed("evaluation keys", BgvSerializer.toBytes(EK), evaluationKeys, false, 1, 5, 5 + 8, 5 + 12),
            new Seed("Galois keys", BgvSerializer.toBytes(KeyGenerator.deterministicForTests(SMALL, 3)
                .evaluationKeys(SK, false, 3, 7)), evaluationKeys, false, 1, 5, 5 + 8, 5 + 12),
            new Seed("secret key", BgvSerializer.secretKeyToBytes(SK, ACCESS),
                (d, s) -> s ? BgvSerializer.readSecretKey(new ByteArrayInputStream(d), SMALL, ACCESS)
                        : BgvSerializer.readSecretKey(d, SMALL, ACCESS), false, 0),
        };
    }

    private static int[] with(int[] a, int x) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }

    static {
        // JIT warm-up: every reader on valid and mutated data, untimed
        Random rnd = new Random(1);
        for (int round = 0; round < 40; round++) {
            for (Seed s : SEEDS) {
                for (byte[] d : new byte[][] {s.bytes, mutate(s, rnd, new String[1])}) {
                    try {
                        s.reader.read(d, rnd.nextBoolean());
                    } catch (SerializationException expected) {
                        // the outcome is checked by the properties
                    }
                }
            }
        }
    }

    @Property(tries = 1500)
    void mutatedObjectsAreReadWithinBounds(@ForAll @IntRange(min = 0, max = 12) int seed, @ForAll long randomSeed) {
        Seed s = SEEDS[seed];
        Random rnd = new Random(randomSeed);
        String[] how = new String[1];
        byte[] input = mutate(s, rnd, how);
        checkBounds(s, input, rnd.nextBoolean(), how[0]);
    }

    @Property(tries = 300)
    void randomBytesAreReadWithinBounds(@ForAll @IntRange(min = 0, max = 12) int seed, @ForAll long randomSeed) {
        Seed s = SEEDS[seed];
        Random rnd = new Random(randomSeed);
        int length = rnd.nextInt(4) == 0 ? rnd.nextInt(MAX_INPUT + 1) : rnd.nextInt(4096);
        byte[] input = new byte[length];
        rnd.nextBytes(input);
        String how = length + " random bytes";
        if (length >= HEADER + 4 && rnd.nextBoolean()) {
            // behind a valid header of the seed's type, with a matching length and checksum
            System.arraycopy(s.bytes, 0, input, 0, HEADER);
            ByteBuffer.wrap(input).putLong(40, length - HEADER - 4);
            input = reseal(s, input);
            how += " behind a valid header";
        }
        checkBounds(s, input, rnd.nextBoolean(), how);
    }

    // ---- the bounds ------------------------------------------------------------------------

    private static void checkBounds(Seed s, byte[] input, boolean stream, String how) {
        assertTrue(input.length <= MAX_INPUT, "the generator keeps inputs under 1 MB");
        long element = 8L * SMALL.n() * SMALL.fullRing().size();
        long allowed = FIXED_BYTES + (long) BYTES_PER_INPUT_BYTE * input.length
                + (s.context ? (long) BYTES_PER_RESIDUE * declaredResidues(input) : ELEMENTS * element);
        String what = s.name + " (" + (stream ? "stream" : "array") + ", " + input.length + " bytes): " + how;
        Cost first = Cost.of(() -> s.reader.read(input, stream));
        if (first.thrown != null && !(first.thrown instanceof SerializationException)) {
            fail(what + " raised " + first.thrown, first.thrown);
        }
        long bytes = first.bytes;
        double cpu = first.cpuMillis();
        for (int retry = 0; retry < 2 && (bytes > allowed || cpu > MAX_MILLIS); retry++) {
            Cost again = Cost.of(() -> s.reader.read(input, stream));
            bytes = Math.min(bytes, again.bytes);
            cpu = Math.min(cpu, again.cpuMillis());
        }
        Statistics.label("outcome").collect(first.thrown == null ? "read" : first.thrown.getClass().getSimpleName());
        long b = bytes;
        double t = cpu;
        assertTrue(b <= allowed, () -> what + ": " + b + " bytes allocated at best (first read: " + first + "), over the "
                + allowed + " allowed");
        assertTrue(t <= MAX_MILLIS, () -> what + ": " + t + " ms of CPU time at best (first read: " + first + "), over "
                + MAX_MILLIS);
    }

    /**
     * {@code N (L + ceil(L/c) + 2)} of the context the fields of a serialized context declare,
     * when they are in range (the reader refuses it otherwise, before building anything).
     */
    private static long declaredResidues(byte[] b) {
        if (b.length < HEADER + 37) {
            return 0;
        }
        ByteBuffer f = ByteBuffer.wrap(b);
        int m = f.getInt(HEADER);
        int c = f.getInt(HEADER + 20);
        int count = f.getInt(HEADER + 33);
        long n;
        if (m >= 2048 && m <= (1 << 18) && Integer.bitCount(m) == 1) {
            n = m / 2;
        } else if ((m & 1) == 1 && m >= 3 && m <= PowerfulBasis.MAX_M) {
            n = Cyclotomic.eulerPhi(m);
        } else {
            return 0;
        }
        if (count < 1 || count > 64 || c < 1 || c > count) {
            return 0;
        }
        long residues = n * (count + (count + c - 1) / c + 2);
        return residues <= ContextLimits.MAX_RESIDUES ? residues : 0;
    }

    // ---- mutations -------------------------------------------------------------------------

    private static byte[] reseal(Seed s, byte[] b) {
        try {
            return s.context && b.length >= HEADER + 4 ? IoFixtures.resealContext(b) : IoFixtures.reseal(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] mutate(Seed s, Random rnd, String[] how) {
        byte[] b;
        int kind = rnd.nextInt(6);
        if (kind < 3) {
            b = SerializationFuzzProperties.mutate(s.bytes, rnd, how);
        } else if (kind < 5) {
            // count inflation: a count or size field set to a boundary, inflated or random value
            b = s.bytes.clone();
            int offset = HEADER + s.intFields[rnd.nextInt(s.intFields.length)];
            ByteBuffer f = ByteBuffer.wrap(b);
            int old = f.getInt(offset);
            int[] values = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, old + 1, old - 1, old * 2, old * 64, 1 << 16,
                1 << 20, 1 << 30, rnd.nextInt()};
            int v = values[rnd.nextInt(values.length)];
            f.putInt(offset, v);
            how[0] = "field at " + offset + ": " + old + " -> " + v;
        } else {
            // length inflation with the bytes present: the declared length grows and random bytes follow
            int extra = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : Math.max(1, MAX_INPUT - s.bytes.length));
            b = Arrays.copyOf(s.bytes, s.bytes.length + extra);
            byte[] tail = new byte[extra + 4];
            rnd.nextBytes(tail);
            System.arraycopy(tail, 0, b, s.bytes.length - 4, extra + 4);
            ByteBuffer f = ByteBuffer.wrap(b);
            f.putLong(40, f.getLong(40) + extra);
            how[0] = "payload grown by " + extra + " random bytes";
        }
        return rnd.nextInt(4) == 0 ? b : reseal(s, b);
    }
}
