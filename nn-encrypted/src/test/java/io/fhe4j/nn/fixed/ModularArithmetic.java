package io.fhe4j.nn.fixed;

import java.math.BigInteger;

/**
 * A model of the integer-slot encrypted arithmetic for tests: every value is kept only as a
 * residue mod an odd prime t, every exact operation is done mod t, and {@link #rescale} and
 * {@link #lookup} first lift residues to the centered range (-t/2, t/2), as a Refresher does after
 * decrypting. With t above twice the largest magnitude it must reproduce {@link PlainArithmetic}
 * bit for bit; with a t that is too small it silently wraps, like real ciphertexts would.
 */
final class ModularArithmetic implements FixedPointArithmetic<ModularArithmetic.Residues> {
  /** A matrix of residues in [0, t). */
  record Residues(int rows, int cols, long[] r) {}

  private final long t;

  ModularArithmetic(long t) {
    this.t = t;
  }

  private long mod(long x) {
    long m = x % t;
    return m < 0 ? m + t : m;
  }

  private long mul(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(t)).longValue();
  }

  private long lift(long r) {
    return r > t / 2 ? r - t : r;
  }

  @Override
  public Residues encode(LongMatrix v) {
    long[] r = new long[v.data().length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(v.data()[i]);
    }
    return new Residues(v.rows(), v.cols(), r);
  }

  @Override
  public LongMatrix decode(Residues v) {
    long[] d = new long[v.r.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = lift(v.r[i]);
    }
    return new LongMatrix(v.rows, v.cols, d, 0);
  }

  @Override
  public int rows(Residues v) {
    return v.rows;
  }

  @Override
  public int cols(Residues v) {
    return v.cols;
  }

  @Override
  public Residues add(Residues a, Residues b) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(a.r[i] + b.r[i]);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues subtract(Residues a, Residues b) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(a.r[i] - b.r[i]);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues hadamard(Residues a, Residues b) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mul(a.r[i], b.r[i]);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues multiplyConstant(Residues a, long c) {
    long cm = mod(c);
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mul(a.r[i], cm);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues addConstant(Residues a, long c) {
    long cm = mod(c);
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(a.r[i] + cm);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues addRow(Residues a, Residues row) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(a.r[i] + row.r[i % a.cols]);
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues linear(Residues x, Residues w) {
    long[] r = new long[x.rows * w.rows];
    for (int s = 0; s < x.rows; s++) {
      for (int h = 0; h < w.rows; h++) {
        long acc = 0;
        for (int j = 0; j < x.cols; j++) {
          acc = mod(acc + mul(x.r[s * x.cols + j], w.r[h * w.cols + j]));
        }
        r[s * w.rows + h] = acc;
      }
    }
    return new Residues(x.rows, w.rows, r);
  }

  @Override
  public Residues backLinear(Residues d, Residues w) {
    long[] r = new long[d.rows * w.cols];
    for (int s = 0; s < d.rows; s++) {
      for (int j = 0; j < w.cols; j++) {
        long acc = 0;
        for (int h = 0; h < d.cols; h++) {
          acc = mod(acc + mul(d.r[s * d.cols + h], w.r[h * w.cols + j]));
        }
        r[s * w.cols + j] = acc;
      }
    }
    return new Residues(d.rows, w.cols, r);
  }

  @Override
  public Residues batchGradient(Residues d, Residues x) {
    long[] r = new long[d.cols * x.cols];
    for (int h = 0; h < d.cols; h++) {
      for (int j = 0; j < x.cols; j++) {
        long acc = 0;
        for (int s = 0; s < d.rows; s++) {
          acc = mod(acc + mul(d.r[s * d.cols + h], x.r[s * x.cols + j]));
        }
        r[h * x.cols + j] = acc;
      }
    }
    return new Residues(d.cols, x.cols, r);
  }

  @Override
  public Residues sumOverBatch(Residues d) {
    long[] r = new long[d.cols];
    for (int i = 0; i < d.r.length; i++) {
      r[i % d.cols] = mod(r[i % d.cols] + d.r[i]);
    }
    return new Residues(1, d.cols, r);
  }

  @Override
  public Residues rescale(Residues a, int bits) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(Rounding.shiftRound(lift(a.r[i]), bits));
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues rescale(Residues a, int bits, long bound) {
    long[] r = new long[a.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(Rounding.shiftRoundClamp(lift(a.r[i]), bits, bound));
    }
    return new Residues(a.rows, a.cols, r);
  }

  @Override
  public Residues lookup(Residues x, int xFracBits, LookupTable table) {
    long[] r = new long[x.r.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = mod(table.apply(lift(x.r[i]), xFracBits));
    }
    return new Residues(x.rows, x.cols, r);
  }
}
