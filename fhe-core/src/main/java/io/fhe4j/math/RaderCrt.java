package io.fhe4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CyclotomicCrt} for an odd prime p by Rader's algorithm: with g the smallest generator of
 * {@code Z_p^*} and L = p - 1, output j is the value at {@code w^(g^j)} and
 * <pre>  a(w^(g^j)) = a_0 + sum_b a_(g^-b) w^(g^(j-b)),</pre>
 * a cyclic convolution of length L with the fixed kernel {@code W_s = w^(g^s)}. The inverse uses
 * {@code z_i = sum_j y_j w^(-g^j i)} (again a convolution, for i != 0, and a plain sum for i = 0)
 * and {@code a_i = (z_i - z_(p-1)) / p}, which holds because {@code a_(p-1) = 0}.
 *
 * <p>The convolution runs on a negacyclic NTT of length n ({@link #convolutionLength}): when L is
 * a power of two, n = L and the inputs are twisted by the powers of a primitive 2L-th root psi
 * ({@code X^L - 1} becomes {@code Y^L + 1} under {@code X = psi Y}); otherwise n is the power of
 * two at least 2L - 1 and the kernel is laid out so that the L wanted outputs of the linear
 * convolution never wrap. Twists, gathers and the factor {@code 1/p} are folded into the pre- and
 * post-multipliers. A single fiber uses {@link Ntt}; many interleaved fibers
 * ({@link #forwardColumns}, an axis of a tensor) use {@link ColumnNtt}, whose inner loops run
 * along the contiguous columns; when their count is a multiple of eight and the Vector API code is
 * ready, the column transforms and the pre-, kernel and post-products run on vectors
 * ({@link VectorArith#mulConstant}, {@link VectorArith#mulConstantAdd}). Cost per transform: two NTTs of length n and
 * about 3n products.
 *
 * <p>Cached per (q, p); immutable and thread-safe.
 */
final class RaderCrt extends PrimePowerCrt {
    private static final Map<Key, RaderCrt> CACHE = new ConcurrentHashMap<>();

    private record Key(long q, int p) {
    }

    private final int p;
    private final int len;
    private final int n;
    private final boolean twisted;
    private final Modulus mod;
    private final long q;
    private final NttTables tables;
    private final ColumnNtt columns;
    /** g^j mod p. */
    private final int[] gPow;
    /** Input position of convolution slot b: forward a_(g^-b), inverse y_(-b mod L). */
    private final int[] fwdGather;
    private final int[] invGather;
    private final Side fwd;
    private final Side inv;
    private final long pInv;

    /** The multipliers and kernel of one direction (kernel in Ntt's and in ColumnNtt's order). */
    private static final class Side {
        final long[] pre;
        final long[] preS;
        final long[] kernel;
        final long[] kernelS;
        final long[] kernelColumns;
        final long[] kernelColumnsS;
        final long[] post;
        final long[] postS;

        /** Multipliers in the signed-companion form of {@link NttTables#mulLazy}. */
        Side(long[] pre, long[] kernel, long[] kernelColumns, long[] post, Modulus mod) {
            this.preS = NttTables.companionsInPlace(pre, mod);
            this.kernelS = NttTables.companionsInPlace(kernel, mod);
            this.kernelColumnsS = NttTables.companionsInPlace(kernelColumns, mod);
            this.postS = NttTables.companionsInPlace(post, mod);
            this.pre = pre;
            this.kernel = kernel;
            this.kernelColumns = kernelColumns;
            this.post = post;
        }

    }

    private RaderCrt(long q, int p) {
        super(p);
        this.p = p;
        this.len = p - 1;
        this.n = convolutionLength(p);
        this.twisted = n == len;
        this.mod = new Modulus(q);
        this.q = q;
        this.tables = NttTables.of(q, Integer.numberOfTrailingZeros(n));
        this.columns = new ColumnNtt(mod, n);
        this.gPow = generatorPowers(p);
        int[] gInvPow = new int[len];
        for (int j = 0; j < len; j++) {
            gInvPow[j] = gPow[Math.floorMod(-j, len)];
        }
        this.fwdGather = gInvPow;
        this.invGather = new int[len];
        for (int b = 0; b < len; b++) {
            invGather[b] = Math.floorMod(-b, len);
        }
        long w = Primes.primitiveRootOfUnity(q, p);
        long wInv = mod.inverse(w);
        this.pInv = mod.inverse(p % q);
        this.fwd = side(w, 1);
        this.inv = side(wInv, pInv);
    }

    /** Kernel W_s = w^(g^s), laid out for the convolution, with pre/post multipliers. */
    private Side side(long w, long scale) {
        long[] kernel = new long[n];
        long[] pre = new long[len];
        long[] post = new long[len];
        if (twisted) {
            long psi = Primes.primitiveRootOfUnity(mod.value(), 2L * len);
            long psiInv = mod.inverse(psi);
            long tw = 1;
            long twInv = scale;
            for (int s = 0; s < len; s++) {
                kernel[s] = mod.mul(mod.pow(w, gPow[s]), tw);
                pre[s] = tw;
                post[s] = twInv;
                tw = mod.mul(tw, psi);
                twInv = mod.mul(twInv, psiInv);
            }
        } else {
            for (int s = 0; s < 2 * len - 1; s++) {
                kernel[s] = mod.pow(w, gPow[Math.floorMod(s - len + 1, len)]);
            }
            java.util.Arrays.fill(pre, 1);
            java.util.Arrays.fill(post, scale);
        }
        long[] kernelColumns = kernel.clone();
        columns.forward(kernelColumns, 1, false);
        for (int r = 0; r < n; r++) {
            kernelColumns[r] %= mod.value();
        }
        for (int r = 0; r < n; r++) { // the column inverse leaves out 1/n
            kernelColumns[r] = mod.mul(kernelColumns[r], columns.scale());
        }
        Ntt.forward(kernel, tables);
        return new Side(pre, kernel, kernelColumns, post, mod);
    }

    static RaderCrt of(long q, int p) {
        return CACHE.computeIfAbsent(new Key(q, p), k -> new RaderCrt(k.q, k.p));
    }

    /** The NTT length for prime p: p - 1 if a power of two, else the power of two at least 2p - 3. */
    static int convolutionLength(int p) {
        int l = p - 1;
        if (Integer.bitCount(l) == 1) {
            return Math.max(2, l);
        }
        int need = 2 * l - 1;
        return Integer.highestOneBit(need - 1) << 1;
    }

    /** {@code g^j mod p} for j in [0, p - 1), g the smallest generator of {@code Z_p^*}. */
    static int[] generatorPowers(int p) {
        int g = smallestGenerator(p);
        int[] out = new int[p - 1];
        long x = 1;
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) x;
            x = x * g % p;
        }
        return out;
    }

    private static int smallestGenerator(int p) {
        long[] f = Primes.primeFactors(p - 1);
        for (int g = 2; g < p; g++) {
            boolean ok = true;
            for (long r : f) {
                if (powMod(g, (p - 1) / r, p) == 1) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return g;
            }
        }
        return 1; // p = 2 only, excluded by the callers
    }

    private static long powMod(long b, long e, long m) {
        long r = 1 % m;
        b %= m;
        while (e > 0) {
            if ((e & 1) != 0) {
                r = r * b % m;
            }
            b = b * b % m;
            e >>= 1;
        }
        return r;
    }

    @Override
    public void forward(long[] a) {
        forwardColumns(a, 0, 1);
    }

    @Override
    public void inverse(long[] a) {
        inverseColumns(a, 0, 1);
    }

    @Override
    public void forwardColumns(long[] a, int base, int inner) {
        long[] a0 = new long[inner];
        System.arraycopy(a, base, a0, 0, inner);
        long[] buf = convolve(fwd, a, base, inner, fwdGather);
        int off = (twisted ? 0 : len - 1) * inner;
        boolean vector = ColumnNtt.vectorRows(inner);
        for (int j = 0; j < len; j++) {
            long w = fwd.post[j];
            long ws = fwd.postS[j];
            int src = off + j * inner;
            int dst = base + j * inner;
            if (vector) {
                Simd.KERNELS.mulConstantAdd(buf, src, a0, a, dst, inner, w, ws, q);
                continue;
            }
            for (int x = 0; x < inner; x++) {
                a[dst + x] = mod.add(a0[x], reduced(NttTables.mulLazy(buf[src + x], w, ws, q)));
            }
        }
    }

    @Override
    public void inverseColumns(long[] a, int base, int inner) {
        long[] sum = new long[inner];
        for (int j = 0; j < len; j++) {
            int row = base + j * inner;
            for (int x = 0; x < inner; x++) {
                sum[x] = mod.add(sum[x], a[row + x]);
            }
        }
        long[] buf = convolve(inv, a, base, inner, invGather);
        int off = (twisted ? 0 : len - 1) * inner;
        // row b of buf is z_(g^b) before the post-multiplier (which includes 1/p); p - 1 = g^(L/2)
        long[] last = new long[inner];
        int half = off + (len / 2) * inner;
        long wl = inv.post[len / 2];
        long wls = inv.postS[len / 2];
        for (int x = 0; x < inner; x++) {
            last[x] = reduced(NttTables.mulLazy(buf[half + x], wl, wls, q));
        }
        long pS = mod.shoup(pInv);
        for (int x = 0; x < inner; x++) {
            a[base + x] = mod.sub(mod.mulShoup(sum[x], pInv, pS), last[x]);
        }
        boolean vector = ColumnNtt.vectorRows(inner);
        long[] minusLast = vector ? new long[inner] : null;
        if (vector) {
            for (int x = 0; x < inner; x++) {
                minusLast[x] = mod.sub(0, last[x]);
            }
        }
        for (int b = 0; b < len; b++) {
            int i = gPow[b];
            if (i == p - 1) {
                continue;
            }
            long w = inv.post[b];
            long ws = inv.postS[b];
            int src = off + b * inner;
            int dst = base + i * inner;
            if (vector) {
                Simd.KERNELS.mulConstantAdd(buf, src, minusLast, a, dst, inner, w, ws, q);
                continue;
            }
            for (int x = 0; x < inner; x++) {
                a[dst + x] = mod.sub(reduced(NttTables.mulLazy(buf[src + x], w, ws, q)), last[x]);
            }
        }
    }

    /** x mod q for x in [0, 2q). */
    private long reduced(long x) {
        long r = x - q;
        return r + ((r >> 63) & q);
    }

    /** buf = NTT^-1(NTT(pre * gathered input) * kernel), column by column: the convolution before the post-multipliers. */
    private long[] convolve(Side side, long[] a, int base, int inner, int[] gather) {
        long[] buf = new long[n * inner];
        boolean vector = ColumnNtt.vectorRows(inner); // then the products are in [0, 4q): fine for both transforms
        for (int b = 0; b < len; b++) {
            int i = gather[b];
            if (i >= len) {
                continue;
            }
            long w = side.pre[b];
            long ws = side.preS[b];
            int src = base + i * inner;
            int dst = b * inner;
            if (vector) {
                Simd.KERNELS.mulConstant(a, src, buf, dst, inner, w, ws, q);
                continue;
            }
            for (int x = 0; x < inner; x++) {
                buf[dst + x] = NttTables.mulLazy(a[src + x], w, ws, q); // [0, 2q): fine for both NTTs
            }
        }
        if (inner == 1) {
            Ntt.forwardLazy(buf, tables);
            long[] k = side.kernel;
            long[] ks = side.kernelS;
            for (int r = 0; r < n; r++) {
                buf[r] = reduced(NttTables.mulLazy(buf[r], k[r], ks[r], q)); // Ntt.inverse takes [0, q)
            }
            Ntt.inverse(buf, tables);
            return buf;
        }
        columns.forward(buf, inner, vector);
        long[] k = side.kernelColumns;
        long[] ks = side.kernelColumnsS;
        for (int r = 0; r < n; r++) {
            long w = k[r];
            long ws = ks[r];
            int row = r * inner;
            if (vector) {
                Simd.KERNELS.mulConstant(buf, row, buf, row, inner, w, ws, q);
                continue;
            }
            for (int x = 0; x < inner; x++) {
                buf[row + x] = NttTables.mulLazy(buf[row + x], w, ws, q);
            }
        }
        columns.inverse(buf, inner, vector);
        return buf;
    }
}
