package io.fhe4j.testing;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.KeySwitchingKey;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PreparedPlaintext;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.circuits.BinaryArith;
import io.fhe4j.circuits.BinaryInt;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;
import io.fhe4j.slots.EncryptedArray;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every public operation of fhe-core once, with reproducible randomness
 * ({@link KeyGenerator#deterministicForTests}, {@link Encryptor#deterministicForTests}) on small
 * insecure parameters (m = 2048 and m = 255), condensed into one SHA-256 digest per
 * section of decrypted values and serialized objects: two JVMs that compute the same values print
 * the same lines. Secret-key encryption (SecureRandom only) enters through its decryptions; no
 * secret key enters a digest. Run as a program ({@link #main}) in child JVMs with and without
 * {@code --add-modules jdk.incubator.vector} ({@code VectorModuleIsolationTest}). Each section also
 * checks its decryptions against the plain values and throws {@link AssertionError} if one differs.
 */
public final class ApiTour {
    private final List<String> lines = new ArrayList<>();

    private ApiTour() {
    }

    /**
     * Prints one line per section, {@code <section> <sha-256 hex>}, and exits with status 0; the
     * arguments, if any, choose the parts: {@code ntt}, {@code pow2}, {@code odd}.
     */
    public static void main(String[] args) {
        for (String line : run(args.length == 0 ? PARTS : args)) {
            System.out.println(line);
        }
    }

    private static final String[] PARTS = {"ntt", "pow2", "odd"};

    /** The lines {@link #main} prints for every part. */
    public static List<String> run() {
        return run(PARTS);
    }

    private static List<String> run(String... parts) {
        ApiTour tour = new ApiTour();
        for (String part : parts) {
            switch (part) {
                case "ntt" -> tour.ntt();
                case "pow2" -> tour.powerOfTwoRing();
                case "odd" -> tour.oddRing();
                default -> throw new IllegalArgumentException("unknown part " + part + ": use ntt, pow2 or odd");
            }
        }
        return tour.lines;
    }

    // ---- math ------------------------------------------------------------------------------

    private void ntt() {
        Digest d = new Digest();
        int logN = 12;
        NttTables tables = NttTables.of(Primes.generate(60, 2L << logN), logN);
        long q = tables.modulus().value();
        long[] a = new long[1 << logN];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.floorMod(i * 0x9E3779B97F4A7C15L, q);
        }
        long[] b = a.clone();
        Ntt.forward(b, tables);
        d.add(b);
        long[] lazy = a.clone();
        Ntt.forwardLazy(lazy, tables);
        Ntt.inverse(b, tables);
        check(Arrays.equals(a, b), "NTT round trip");
        for (int i = 0; i < lazy.length; i++) {
            lazy[i] %= q;
        }
        Ntt.inverse(lazy, tables);
        check(Arrays.equals(a, lazy), "lazy NTT round trip");
        lines.add("ntt " + d.hex());
    }

    // ---- power-of-two m: Evaluator, EncryptedArray, serialization ----------------------------

    private void powerOfTwoRing() {
        Context ctx = new ContextBuilder().m(2048).p(65537).bits(300).c(3).allowInsecure().build();
        long t = ctx.plaintextModulus();
        EncryptedArray slots = new EncryptedArray(ctx);
        int n = slots.size();
        KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 1);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        KeySwitchingKey relin = kg.relinearizationKey(sk);
        long rotateOne = slots.rotationKeyElements(1)[0];
        KeySwitchingKey galois = kg.galoisKey(sk, rotateOne);
        EvaluationKeys ek = kg.evaluationKeys(sk, true, slots.powerOfTwoKeyElements());
        Digest keys = new Digest();
        keys.add(BgvSerializer.toBytes(ctx));
        keys.add(BgvSerializer.toBytes(pk));
        keys.add(BgvSerializer.toBytes(relin));
        keys.add(BgvSerializer.toBytes(galois));
        keys.add(BgvSerializer.toBytes(ek));
        keys.add(slots.minimalKeyElements());
        keys.add(slots.babyStepGiantStepKeyElements());
        keys.add(slots.rotationKeyElements(3, -5));
        lines.add("pow2-keys " + keys.hex());

        Encryptor enc = Encryptor.deterministicForTests(pk, 2);
        Decryptor dec = new Decryptor(sk);
        Evaluator eval = new Evaluator(ek);
        Evaluator plainOnly = new Evaluator(ctx);
        check(eval.context() == ctx && plainOnly.context() == ctx, "context()");
        check(eval.hasGaloisKey(slots.powerOfTwoKeyElements()[0]) && !plainOnly.hasGaloisKey(rotateOne), "hasGaloisKey");
        long[] x = values(n, t, 3);
        long[] y = values(n, t, 5);
        Plaintext px = slots.encode(x);
        Plaintext py = slots.encode(y);
        check(Arrays.equals(x, slots.decode(px)), "decode");
        Ciphertext cx = enc.encrypt(px);
        Ciphertext cy = slots.encrypt(enc, y);
        Ciphertext low = enc.encrypt(py, ctx.maxLevel() - 1);
        Ciphertext secret = slots.encrypt(new Encryptor(sk), x);

        Digest ev = new Digest();
        Ciphertext sum = eval.add(cx, cy);
        expect(ev, slots, dec, sum, map(x, y, t, (a, b) -> a + b));
        expect(ev, slots, dec, eval.sub(cx, cy), map(x, y, t, (a, b) -> a - b));
        Ciphertext acc = cx.copy();
        eval.addInPlace(acc, low);
        eval.subInPlace(acc, cy);
        expect(ev, slots, dec, acc, x);
        expect(ev, slots, dec, eval.negate(cx), map(x, x, t, (a, b) -> -a));
        expect(ev, slots, dec, eval.addPlain(cx, py), map(x, y, t, (a, b) -> a + b));
        expect(ev, slots, dec, eval.addConstant(cx, 7), map(x, x, t, (a, b) -> a + 7));
        long[] xy = map(x, y, t, (a, b) -> a * b);
        expect(ev, slots, dec, eval.multiplyPlain(cx, py), xy);
        Ciphertext inPlace = cx.copy();
        eval.multiplyPlainInPlace(inPlace, py);
        expect(ev, slots, dec, inPlace, xy);
        PreparedPlaintext prepared = eval.prepare(py, ctx.maxLevel());
        expect(ev, slots, dec, eval.multiplyPlain(cx, prepared), xy);
        Ciphertext preparedInPlace = cx.copy();
        eval.multiplyPlainInPlace(preparedInPlace, prepared);
        expect(ev, slots, dec, preparedInPlace, xy);
        expect(ev, slots, dec, eval.multiplyConstant(cx, -3), map(x, x, t, (a, b) -> -3 * a));
        Ciphertext times = cx.copy();
        eval.multiplyConstantInPlace(times, 11);
        expect(ev, slots, dec, times, map(x, x, t, (a, b) -> 11 * a));
        expect(ev, slots, dec, eval.multiply(cx, cy), xy);
        check(Arrays.equals(xy, slots.decrypt(dec, eval.multiply(secret, cy))), "secret-key ciphertext times public-key one");
        expect(ev, slots, dec, eval.square(cx), map(x, x, t, (a, b) -> a * b));
        Ciphertext three = eval.multiplyWithoutRelinearization(cx, cy);
        expect(ev, slots, dec, three, xy);
        expect(ev, slots, dec, eval.relinearize(three), xy);
        expect(ev, slots, dec, eval.modSwitchDown(cx), x);
        expect(ev, slots, dec, eval.modSwitchTo(cx, 2), x);
        Ciphertext rotated = eval.automorphism(cx, rotateOne);
        ev.add(slots.decrypt(dec, rotated));
        ev.add(BgvSerializer.toBytes(rotated));
        for (Ciphertext c : eval.hoistedAutomorphisms(cx, slots.powerOfTwoKeyElements())) {
            ev.add(slots.decrypt(dec, c));
        }
        lines.add("pow2-evaluator " + ev.hex());

        Digest sl = new Digest();
        int half = slots.rowLength();
        long[] rowRotated = new long[n];
        for (int s = 0; s < n; s++) {
            int row = s / half;
            rowRotated[s] = x[row * half + (s % half + 3) % half];
        }
        expect(sl, slots, dec, slots.rotateRows(eval, cx, 3), rowRotated);
        long[] swapped = new long[n];
        for (int s = 0; s < n; s++) {
            swapped[s] = x[(s + half) % n];
        }
        expect(sl, slots, dec, slots.swapRows(eval, cx), swapped);
        long[] whole = new long[n];
        long[] shifted = new long[n];
        for (int s = 0; s < n; s++) {
            whole[s] = x[(s + 5) % n];
            shifted[s] = s + 5 < n ? x[s + 5] : 0;
        }
        expect(sl, slots, dec, slots.rotate(eval, cx, 5), whole);
        expect(sl, slots, dec, slots.shift(eval, cx, 5), shifted);
        long total = 0;
        long[] rows = new long[n];
        for (int r = 0; r < 2; r++) {
            long rowSum = 0;
            for (int s = r * half; s < (r + 1) * half; s++) {
                rowSum += x[s];
            }
            Arrays.fill(rows, r * half, (r + 1) * half, rowSum % t);
            total += rowSum;
        }
        expect(sl, slots, dec, slots.rowSums(eval, cx), rows);
        long[] totals = new long[n];
        Arrays.fill(totals, total % t);
        expect(sl, slots, dec, slots.totalSums(eval, cx), totals);
        long[] copies = new long[n];
        Arrays.fill(copies, x[7]);
        expect(sl, slots, dec, slots.replicate(eval, cx, 7), copies);
        long dot = 0;
        for (int s = 0; s < n; s++) {
            dot = (dot + x[s] * y[s]) % t;
        }
        long[] dots = new long[n];
        Arrays.fill(dots, dot);
        expect(sl, slots, dec, slots.innerProduct(eval, cx, cy), dots);
        boolean[] select = new boolean[n];
        long[] masked = new long[n];
        for (int s = 0; s < n; s += 3) {
            select[s] = true;
            masked[s] = x[s];
        }
        expect(sl, slots, dec, eval.multiplyPlain(cx, slots.mask(select)), masked);
        sl.add(slots.decodeCentered(slots.encode(new long[] {1, t - 1})));
        lines.add("pow2-slots " + sl.hex());

        lines.add("pow2-serialization " + serialization(ctx, sk, pk, relin, ek, px, cx, secret, slots, x));
    }

    /** Every write and read of {@link BgvSerializer} once; the read objects must decrypt and re-serialize alike. */
    private static String serialization(Context ctx, SecretKey sk, PublicKey pk, KeySwitchingKey relin, EvaluationKeys ek,
                                        Plaintext pt, Ciphertext ct, Ciphertext secret, EncryptedArray slots, long[] x) {
        Digest d = new Digest();
        Context ctx2 = BgvSerializer.readContext(roundTrip(BgvSerializer.toBytes(ctx), out -> BgvSerializer.write(ctx, out)));
        check(ctx2.sameAs(ctx), "context round trip");
        SecretKey.Access access = SecretKey.Access.insecureSecretKeyAccess();
        ByteArrayOutputStream skOut = new ByteArrayOutputStream();
        BgvSerializer.writeSecretKey(sk, access, skOut);
        byte[] skBytes = BgvSerializer.secretKeyToBytes(sk, access);
        check(Arrays.equals(skBytes, skOut.toByteArray()), "secret key bytes");
        SecretKey sk2 = BgvSerializer.readSecretKey(new ByteArrayInputStream(skBytes), ctx2, access);
        check(Arrays.equals(sk.coefficients(access), BgvSerializer.readSecretKey(skBytes, ctx2, access).coefficients(access)),
                "secret key round trip");
        Decryptor dec2 = new Decryptor(sk2);

        byte[] ptBytes = roundTrip(BgvSerializer.toBytes(pt), out -> BgvSerializer.write(pt, out));
        d.add(BgvSerializer.typeOf(ptBytes).name().getBytes(StandardCharsets.UTF_8));
        check(BgvSerializer.readPlaintext(ptBytes, ctx2).equals(BgvSerializer.readPlaintext(new ByteArrayInputStream(ptBytes), ctx2)),
                "plaintext round trip");
        for (Ciphertext c : new Ciphertext[] {ct, secret}) {
            byte[] bytes = roundTrip(BgvSerializer.toBytes(c), out -> BgvSerializer.write(c, out));
            Ciphertext back = BgvSerializer.readCiphertext(bytes, ctx2);
            check(Arrays.equals(x, slots.decrypt(dec2, back)), "ciphertext round trip");
            check(Arrays.equals(x, slots.decrypt(dec2, BgvSerializer.readCiphertext(new ByteArrayInputStream(bytes), ctx2))),
                    "ciphertext stream round trip");
        }
        d.add(BgvSerializer.toBytes(BgvSerializer.readCiphertext(BgvSerializer.toBytes(ct), ctx2)));
        byte[] pkBytes = roundTrip(BgvSerializer.toBytes(pk), out -> BgvSerializer.write(pk, out));
        PublicKey pk2 = BgvSerializer.readPublicKey(new ByteArrayInputStream(pkBytes), ctx2);
        d.add(BgvSerializer.toBytes(BgvSerializer.readPublicKey(pkBytes, ctx2)));
        byte[] ksBytes = roundTrip(BgvSerializer.toBytes(relin), out -> BgvSerializer.write(relin, out));
        d.add(BgvSerializer.toBytes(BgvSerializer.readKeySwitchingKey(ksBytes, ctx2)));
        d.add(BgvSerializer.toBytes(BgvSerializer.readKeySwitchingKey(new ByteArrayInputStream(ksBytes), ctx2)));
        byte[] ekBytes = roundTrip(BgvSerializer.toBytes(ek), out -> BgvSerializer.write(ek, out));
        EvaluationKeys ek2 = BgvSerializer.readEvaluationKeys(new ByteArrayInputStream(ekBytes), ctx2);
        d.add(BgvSerializer.toBytes(BgvSerializer.readEvaluationKeys(ekBytes, ctx2)));
        // the read keys at work: encrypt with the read public key, multiply and rotate with the read evaluation keys
        Ciphertext c2 = slots.encrypt(Encryptor.deterministicForTests(pk2, 3), x);
        Evaluator eval2 = new Evaluator(ek2);
        long t = ctx.plaintextModulus();
        expect(d, slots, dec2, eval2.multiply(c2, c2), map(x, x, t, (a, b) -> a * b));
        d.add(slots.decrypt(dec2, slots.rotate(eval2, c2, 1)));
        d.add(BgvSerializer.toBytes(c2));
        return d.hex();
    }

    /** The bytes of toBytes, checked equal to what write puts on a stream. */
    private static byte[] roundTrip(byte[] bytes, java.util.function.Consumer<ByteArrayOutputStream> write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write.accept(out);
        check(Arrays.equals(bytes, out.toByteArray()), "write and toBytes differ");
        return bytes;
    }

    // ---- odd m: GeneralEncryptedArray, key generation, circuits ------------------------------

    private void oddRing() {
        // 16 slots of GF(2^8); axes of 2, 4 and 16 entries, so the column transforms take whole vectors
        Context gf = new ContextBuilder().m(255).p(2).bits(300).c(2).allowInsecure().build();
        GeneralEncryptedArray array = new GeneralEncryptedArray(gf);
        int n = array.size();
        int d = array.slotDegree();
        KeyGenerator kg = KeyGenerator.deterministicForTests(gf, 4);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        long[] elements = concat(array.powerOfTwoKeyElements(), new long[] {array.frobeniusKeyElements()[0]});
        EvaluationKeys ek = kg.evaluationKeys(sk, true, elements);
        Digest keys = new Digest();
        keys.add(BgvSerializer.toBytes(pk));
        keys.add(BgvSerializer.toBytes(ek));
        keys.add(array.minimalKeyElements());
        keys.add(array.rotationKeyElements(0, 3));
        lines.add("odd-keys " + keys.hex());

        Encryptor enc = Encryptor.deterministicForTests(pk, 5);
        Decryptor dec = new Decryptor(sk);
        Evaluator eval = new Evaluator(ek);
        long[][] x = new long[n][d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                x[s][j] = (s * 31 + j * 7 + s * j) >>> 2 & 1;
            }
        }
        Plaintext px = array.encode(x);
        check(Arrays.deepEquals(x, array.decode(px)), "general decode");
        Ciphertext cx = array.encrypt(enc, x);
        Digest sl = new Digest();
        check(Arrays.deepEquals(x, array.decrypt(dec, cx)), "general decrypt");
        for (int dim = 0; dim < array.algebra().numDims(); dim++) {
            sl.add(array.decrypt(dec, array.rotate1D(eval, cx, dim, 1)));
            sl.add(array.decrypt(dec, array.shift1D(eval, cx, dim, -2)));
            sl.add(array.decrypt(dec, array.sum1D(eval, cx, dim)));
        }
        long[][] whole = array.decrypt(dec, array.rotate(eval, cx, 3));
        for (int s = 0; s < n; s++) {
            check(Arrays.equals(x[(s + 3) % n], whole[s]), "general rotate, slot " + s);
        }
        sl.add(whole);
        sl.add(array.decrypt(dec, array.shift(eval, cx, 3)));
        sl.add(array.decrypt(dec, array.frobenius(eval, cx, 1)));
        sl.add(array.decrypt(dec, array.totalSums(eval, cx)));
        long[][] copies = array.decrypt(dec, array.replicate(eval, cx, 2));
        for (long[] slot : copies) {
            check(Arrays.equals(x[2], slot), "general replicate");
        }
        boolean[] select = new boolean[n];
        for (int s = 0; s < n; s += 2) {
            select[s] = true;
        }
        sl.add(array.decrypt(dec, eval.multiplyPlain(cx, array.mask(select))));
        long[] constants = new long[n];
        for (int s = 0; s < n; s++) {
            constants[s] = s & 1;
        }
        check(Arrays.equals(constants, array.decodeConstants(array.encodeConstants(constants))), "constants");
        sl.add(BgvSerializer.toBytes(eval.multiply(cx, cx)));
        lines.add("odd-slots " + sl.hex());

        // the README's circuit example (on 16 slots), with reproducible randomness
        EncryptedBitBackend bits = new EncryptedBitBackend(eval);
        long[] v = new long[n];
        for (int s = 0; s < n; s++) {
            v[s] = s;
        }
        BinaryInt<Ciphertext> cv = bits.encryptSlots(enc, array, v, 8, false);
        long[] out = bits.decryptSlots(dec, array, new BinaryArith<>(bits).add(cv, cv));
        for (int s = 0; s < n; s++) {
            check(out[s] == (2L * s & 255), "circuit sum, slot " + s);
        }
        Digest circuits = new Digest();
        circuits.add(out);
        circuits.add(BgvSerializer.toBytes(cv.bit(0).value()));
        lines.add("odd-circuits " + circuits.hex());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private interface Op {
        long apply(long a, long b);
    }

    private static long[] values(int n, long t, int seed) {
        long[] v = new long[n];
        long z = seed;
        for (int i = 0; i < n; i++) {
            z = z * 6364136223846793005L + 1442695040888963407L;
            v[i] = Math.floorMod(z >>> 17, t);
        }
        return v;
    }

    private static long[] map(long[] x, long[] y, long t, Op op) {
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.floorMod(op.apply(x[i], y[i]), t);
        }
        return r;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Decrypts c, checks the slots against the expected values, and adds c's serialized form to the digest. */
    private static void expect(Digest d, EncryptedArray slots, Decryptor dec, Ciphertext c, long[] expected) {
        long[] got = slots.decrypt(dec, c);
        if (!Arrays.equals(expected, got)) {
            throw new AssertionError("decrypted " + Arrays.toString(Arrays.copyOf(got, 4)) + "... expected "
                    + Arrays.toString(Arrays.copyOf(expected, 4)) + "...");
        }
        d.add(got);
        d.add(BgvSerializer.toBytes(c));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** SHA-256 over longs and byte arrays, each prefixed by its length. */
    private static final class Digest {
        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(byte[] bytes) {
            add(bytes.length);
            sha.update(bytes);
        }

        void add(long... values) {
            add(values.length);
            sha.update(ByteBuffers.ofLongs(values));
        }

        void add(long[][] values) {
            add(values.length);
            for (long[] v : values) {
                add(v.length);
                add(v);
            }
        }

        private void add(int length) {
            sha.update(ByteBuffers.ofLongs(new long[] {length}));
        }

        String hex() {
            StringBuilder s = new StringBuilder();
            for (byte b : sha.digest()) {
                s.append(String.format("%02x", b));
            }
            return s.toString();
        }
    }

    private static final class ByteBuffers {
        static byte[] ofLongs(long[] values) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 * values.length);
            for (long v : values) {
                buf.putLong(v);
            }
            return buf.array();
        }
    }
}
