package io.fhe4j.bench.report;

import io.fhe4j.bench.BgvBenchmark;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Presets;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.slots.EncryptedArray;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sizes of serialized BGV objects ({@link BgvSerializer#toBytes}) at each preset of
 * {@link Presets} and at HElib's prime chains as {@link BgvBenchmark} mirrors them: a fresh
 * ciphertext (two parts at the top level), the public key, the relinearization key and one Galois
 * key (both seed-compressed, as the serializer writes them). Also written to and read from
 * {@code sizes.csv}, so a report can be re-rendered without measuring again. Stateless and
 * thread-safe.
 */
public final class ObjectSizes {
    static final String HEADER = "context,helibChain,n,ciphertextPrimes,logQ,logQP,ciphertext,publicKey,"
            + "relinearizationKey,galoisKey";

    /** The sizes, in bytes, at one context. */
    public record Row(String context, boolean helibChain, int n, int ciphertextPrimes, double logQ, double logQP,
            long ciphertext, long publicKey, long relinearizationKey, long galoisKey) {
        /** {@code N=...}, the ring key {@code anchors.csv} uses. */
        public String ring() {
            return "N=" + n;
        }
    }

    private ObjectSizes() {
    }

    /** Measures every preset and every HElib chain; one line per context on {@code log}. */
    public static List<Row> measure(PrintStream log) {
        List<Row> rows = new ArrayList<>();
        rows.add(measure("Presets.n4096()", false, () -> Presets.n4096().build(), log));
        rows.add(measure("Presets.n8192()", false, () -> Presets.n8192().build(), log));
        rows.add(measure("Presets.n16384()", false, () -> Presets.n16384().build(), log));
        rows.add(measure("Presets.n32768()", false, () -> Presets.n32768().build(), log));
        for (int logN = 13; logN <= 15; logN++) {
            int l = logN;
            rows.add(measure("HElib chain, logN = " + logN, true, () -> BgvBenchmark.mirrorOfHelib(l), log));
        }
        return rows;
    }

    private static Row measure(String name, boolean helib, Supplier<Context> build, PrintStream log) {
        long start = System.nanoTime();
        Context context = build.get();
        KeyGenerator keys = new KeyGenerator(context);
        SecretKey sk = keys.secretKey();
        PublicKey pk = keys.publicKey(sk);
        EncryptedArray array = new EncryptedArray(context);
        long ct = BgvSerializer.toBytes(new Encryptor(pk).encrypt(array.encode(new long[] {1, 2, 3}))).length;
        long pkBytes = BgvSerializer.toBytes(pk).length;
        long relin = BgvSerializer.toBytes(keys.relinearizationKey(sk)).length;
        long galois = BgvSerializer.toBytes(keys.galoisKey(sk, array.algebra().rotateRowsElement(1))).length;
        Row row = new Row(name, helib, context.n(), context.ciphertextPrimes().length, context.logQ(context.maxLevel()),
                context.logQP(), ct, pkBytes, relin, galois);
        log.printf(Locale.ROOT, "sizes: %-22s N=%-6d ciphertext %s, public key %s (%.1f s)%n", name, row.n(),
                Format.bytes(ct), Format.bytes(pkBytes), (System.nanoTime() - start) / 1e9);
        return row;
    }

    /** Writes {@code rows} as {@code sizes.csv}. */
    public static void write(List<Row> rows, Writer out) {
        try {
            out.write(HEADER + "\n");
            for (Row r : rows) {
                out.write(String.format(Locale.ROOT, "%s,%b,%d,%d,%.2f,%.2f,%d,%d,%d,%d%n", Csv.quote(r.context()),
                        r.helibChain(), r.n(), r.ciphertextPrimes(), r.logQ(), r.logQP(), r.ciphertext(), r.publicKey(),
                        r.relinearizationKey(), r.galoisKey()));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static List<Row> read(Reader in) {
        List<List<String>> rows = Csv.read(in);
        if (rows.isEmpty() || !String.join(",", rows.get(0)).equals(HEADER)) {
            throw new ReportDataException("sizes.csv: expected the header " + HEADER);
        }
        List<Row> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> f = rows.get(i);
            if (f.size() != 10) {
                throw new ReportDataException("sizes.csv row " + (i + 1) + ": expected 10 fields, got " + f);
            }
            try {
                out.add(new Row(f.get(0), Boolean.parseBoolean(f.get(1)), Integer.parseInt(f.get(2)),
                        Integer.parseInt(f.get(3)), Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5)),
                        Long.parseLong(f.get(6)), Long.parseLong(f.get(7)), Long.parseLong(f.get(8)),
                        Long.parseLong(f.get(9))));
            } catch (NumberFormatException e) {
                throw new ReportDataException("sizes.csv row " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }
}
