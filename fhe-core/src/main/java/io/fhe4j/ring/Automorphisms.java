package io.fhe4j.ring;

import io.fhe4j.math.NttTables;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Index maps of the automorphisms {@code X -> X^k} (k odd) of {@code Z[X]/(X^N + 1)}, cached per
 * (N, k).
 *
 * <p>Coefficient form: coefficient i moves to {@code i*k mod 2N}, negated when that lands in
 * [N, 2N) since {@code X^N = -1}. Evaluation form: output index j holds the evaluation at
 * {@code psi^e} with {@code e = 2*bitrev(j)+1}; since {@code sigma_k(a)(psi^e) = a(psi^(e*k))} it
 * is input index {@code bitrev((e*k mod 2N - 1)/2)}: a pure permutation, no arithmetic.
 *
 * <p>Thread-safe.
 */
final class Automorphisms {
    private static final Map<Long, int[]> EVAL = new ConcurrentHashMap<>();
    private static final Map<Long, int[]> COEFF = new ConcurrentHashMap<>();

    private Automorphisms() {
    }

    private static long normalize(int logN, long k) {
        long twoN = 2L << logN;
        long kk = Math.floorMod(k, twoN);
        if ((kk & 1) == 0) {
            throw new IllegalArgumentException("automorphism exponent " + k
                    + " is even: X -> X^k is an automorphism of Z[X]/(X^N+1) only for odd k");
        }
        return kk;
    }

    /** out[j] = in[perm[j]] realises the automorphism on bit-reversed NTT evaluations. */
    static int[] evaluationPermutation(int logN, long k) {
        long kk = normalize(logN, k);
        return EVAL.computeIfAbsent((kk << 5) | logN, key -> {
            int n = 1 << logN;
            long twoN = 2L * n;
            int[] perm = new int[n];
            for (int j = 0; j < n; j++) {
                long e = 2L * NttTables.bitReverse(j, logN) + 1;
                long ek = (e * kk) % twoN;
                perm[j] = NttTables.bitReverse((int) ((ek - 1) / 2), logN);
            }
            return perm;
        });
    }

    /**
     * Destination of coefficient i: {@code map[i] = i*k mod 2N}, a position in [0, 2N) where
     * positions at or above N mean "index - N, negated".
     */
    static int[] coefficientMap(int logN, long k) {
        long kk = normalize(logN, k);
        return COEFF.computeIfAbsent((kk << 5) | logN, key -> {
            int n = 1 << logN;
            long twoN = 2L * n;
            int[] map = new int[n];
            for (int i = 0; i < n; i++) {
                map[i] = (int) ((i * kk) % twoN);
            }
            return map;
        });
    }

    static void permute(long[] in, int[] perm, long[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = in[perm[j]];
        }
    }

    static void mapCoefficients(long[] in, int[] map, long q, long[] out) {
        int n = in.length;
        for (int i = 0; i < n; i++) {
            int d = map[i];
            if (d < n) {
                out[d] = in[i];
            } else {
                long v = in[i];
                out[d - n] = v == 0 ? 0 : q - v;
            }
        }
    }
}
