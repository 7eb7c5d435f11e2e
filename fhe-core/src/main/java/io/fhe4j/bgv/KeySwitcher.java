package io.fhe4j.bgv;

import io.fhe4j.ring.BaseConverter;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.RnsBasis;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HElib's hybrid key switching. A polynomial d (under a key s') at level l is split into the c
 * digits {@code [d]_{D_j}} (centered), each is extended exactly to {@code Q_l P}, multiplied by
 * the key's pair j and summed; the sum is divided by P with {@link ScaleDown}. The result
 * {@code (k0, k1)} satisfies {@code k0 + k1 s = d s' + e} with e small and divisible by t.
 *
 * <p>Thread-safe; the per-level converters are cached.
 */
final class KeySwitcher {
    private final Context context;
    private final Map<Integer, BaseConverter[]> digitConverters = new ConcurrentHashMap<>();
    private final Map<Integer, ScaleDown> dividers = new ConcurrentHashMap<>();

    KeySwitcher(Context context) {
        this.context = context;
    }

    /** Indices of the primes of digit j present at level l. */
    private int[] present(int j, int level) {
        return java.util.Arrays.stream(context.digit(j)).filter(i -> i < level).toArray();
    }

    private BaseConverter converter(int level, int j) {
        return digitConverters.computeIfAbsent(level, l -> {
            PolyRing ks = context.keySwitchRing(l);
            BaseConverter[] out = new BaseConverter[context.digits()];
            for (int d = 0; d < out.length; d++) {
                int[] idx = present(d, l);
                if (idx.length == 0) {
                    continue;
                }
                long[] from = new long[idx.length];
                long[] to = new long[ks.size() - idx.length];
                for (int k = 0, t = 0, f = 0; k < ks.size(); k++) {
                    if (f < idx.length && k == idx[f]) {
                        from[f++] = ks.basis().prime(k);
                    } else {
                        to[t++] = ks.basis().prime(k);
                    }
                }
                out[d] = new BaseConverter(RnsBasis.of(from), RnsBasis.of(to));
            }
            return out;
        })[j];
    }

    private ScaleDown divider(int level) {
        return dividers.computeIfAbsent(level, l -> new ScaleDown(context.ring(l),
                RnsBasis.of(context.specialPrimes()), context.plaintextModulus()));
    }

    /**
     * Switches d (evaluation form, over the ring of its level) with the given key.
     *
     * @return {@code {k0, k1}} over the same ring, evaluation form
     */
    DoubleCrt[] switchKey(DoubleCrt d, KeySwitchingKey key) {
        return applyKey(decompose(d), d.size(), key);
    }

    /**
     * The first half of key switching ("ModUp"): the centered digits {@code [d]_{D_j}} of d,
     * extended exactly to {@code Q_l P}, in evaluation form (null for digits with no prime at this
     * level). Rotations of one ciphertext can share it (hoisting): the digits of
     * {@code d(X^k)} are the digits of d mapped by the same automorphism.
     */
    DoubleCrt[] decompose(DoubleCrt d) {
        int level = d.size();
        PolyRing ks = context.keySwitchRing(level);
        int n = context.n();
        DoubleCrt coefficients = d.copy().toCoefficientForm();
        DoubleCrt[] digits = new DoubleCrt[context.digits()];
        for (int j = 0; j < digits.length; j++) {
            int[] idx = present(j, level);
            if (idx.length == 0) {
                continue;
            }
            BaseConverter conv = converter(level, j);
            long[][] in = new long[idx.length][];
            for (int k = 0; k < idx.length; k++) {
                in[k] = coefficients.row(idx[k]);
            }
            long[][] out = new long[ks.size() - idx.length][n];
            conv.convertExact(in, out);
            long[][] rows = new long[ks.size()][];
            boolean[] convertedRow = new boolean[ks.size()];
            for (int k = 0, f = 0, t = 0; k < ks.size(); k++) {
                if (f < idx.length && k == idx[f]) {
                    rows[k] = d.row(idx[f++]).clone();
                } else {
                    rows[k] = out[t++];
                    convertedRow[k] = true;
                }
            }
            io.fhe4j.ring.Parallel.forEach(rows.length, (long) n * 20, k -> {
                if (convertedRow[k]) {
                    ks.transform(k).forward(rows[k]);
                }
            });
            digits[j] = ks.wrap(rows, true);
        }
        return digits;
    }

    /** The second half: the digits times the key's pairs, summed and divided by P. */
    DoubleCrt[] applyKey(DoubleCrt[] digits, int level, KeySwitchingKey key) {
        PolyRing ks = context.keySwitchRing(level);
        DoubleCrt[][] keyParts = key.atLevel(level);
        DoubleCrt acc0 = ks.zero();
        DoubleCrt acc1 = ks.zero();
        for (int j = 0; j < digits.length; j++) {
            if (digits[j] != null) {
                acc0.multiplyAccumulate(digits[j], keyParts[0][j]);
                acc1.multiplyAccumulate(digits[j], keyParts[1][j]);
            }
        }
        ScaleDown div = divider(level);
        return new DoubleCrt[] {div.apply(acc0), div.apply(acc1)};
    }
}
