package io.fhe4j.nn.fixed;

import io.fhe4j.nn.fixed.ArithmeticStats.Op;

/**
 * {@link FixedPointArithmetic} on plain {@code long}s: the integer reference. Every operation
 * computes exactly what the contract says, checks the {@code (-2^62, 2^62)} bound (throwing
 * {@link FixedPointOverflowException} with the operation and magnitudes), tracks multiplicative
 * depth in {@link LongMatrix#depth()}, and records {@link ArithmeticStats}.
 *
 * <p>Products use a fast loop when the input magnitudes prove that no partial sum can exceed
 * the bound, and overflow-checked arithmetic otherwise; both give the same integers.
 *
 * <p>Mutable (the statistics) and not thread-safe: use one instance per thread.
 */
public final class PlainArithmetic implements FixedPointArithmetic<LongMatrix> {
  private static final double SAFE = 0x1p62;
  private final ArithmeticStats stats = new ArithmeticStats();

  /** The statistics collected so far (live). */
  public ArithmeticStats stats() {
    return stats;
  }

  private LongMatrix out(Op op, int rows, int cols, long[] d, int depth) {
    LongMatrix m;
    try {
      m = new LongMatrix(rows, cols, d, depth);
    } catch (FixedPointOverflowException e) {
      throw new FixedPointOverflowException(op + ": " + e.getMessage());
    }
    stats.record(op, m);
    return m;
  }

  private static void sameShape(String op, LongMatrix a, LongMatrix b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(op + " needs equal shapes, got " + a.rows() + "x" + a.cols()
          + " and " + b.rows() + "x" + b.cols());
    }
  }

  private static void guard(String op, double bound, LongMatrix a, LongMatrix b) {
    if (bound >= SAFE) {
      throw new FixedPointOverflowException(op + " of values up to " + a.maxAbs() + " and " + b.maxAbs()
          + " may reach " + bound + " >= 2^62; use fewer fractional bits");
    }
  }

  @Override
  public LongMatrix encode(LongMatrix values) {
    LongMatrix m = new LongMatrix(values.rows(), values.cols(), values.data().clone(), 0);
    stats.record(Op.ENCODE, m);
    return m;
  }

  @Override
  public LongMatrix decode(LongMatrix value) {
    return value;
  }

  @Override
  public int rows(LongMatrix v) {
    return v.rows();
  }

  @Override
  public int cols(LongMatrix v) {
    return v.cols();
  }

  @Override
  public LongMatrix add(LongMatrix a, LongMatrix b) {
    sameShape("add", a, b);
    long[] x = a.data();
    long[] y = b.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + y[i];
    }
    return out(Op.ADD, a.rows(), a.cols(), r, Math.max(a.depth(), b.depth()));
  }

  @Override
  public LongMatrix subtract(LongMatrix a, LongMatrix b) {
    sameShape("subtract", a, b);
    long[] x = a.data();
    long[] y = b.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] - y[i];
    }
    return out(Op.SUBTRACT, a.rows(), a.cols(), r, Math.max(a.depth(), b.depth()));
  }

  @Override
  public LongMatrix hadamard(LongMatrix a, LongMatrix b) {
    sameShape("hadamard", a, b);
    guard("hadamard", (double) a.maxAbs() * b.maxAbs(), a, b);
    long[] x = a.data();
    long[] y = b.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] * y[i];
    }
    return out(Op.HADAMARD, a.rows(), a.cols(), r, Math.max(a.depth(), b.depth()) + 1);
  }

  @Override
  public LongMatrix multiplyConstant(LongMatrix a, long c) {
    if ((double) a.maxAbs() * Math.abs((double) c) >= SAFE) {
      throw new FixedPointOverflowException("multiplyConstant of values up to " + a.maxAbs() + " by " + c
          + " leaves (-2^62, 2^62)");
    }
    long[] x = a.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] * c;
    }
    return out(Op.MULTIPLY_CONSTANT, a.rows(), a.cols(), r, a.depth());
  }

  @Override
  public LongMatrix addConstant(LongMatrix a, long c) {
    if (Math.abs(c) >= LongMatrix.BOUND) {
      throw new FixedPointOverflowException("addConstant: constant " + c + " is outside (-2^62, 2^62)");
    }
    long[] x = a.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + c;
    }
    return out(Op.ADD_CONSTANT, a.rows(), a.cols(), r, a.depth());
  }

  @Override
  public LongMatrix addRow(LongMatrix a, LongMatrix row) {
    if (row.rows() != 1 || row.cols() != a.cols()) {
      throw new IllegalArgumentException("addRow needs a 1x" + a.cols() + " row, got " + row.rows() + "x" + row.cols());
    }
    long[] x = a.data();
    long[] y = row.data();
    long[] r = new long[x.length];
    int c = a.cols();
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + y[i % c];
    }
    return out(Op.ADD_ROW, a.rows(), a.cols(), r, Math.max(a.depth(), row.depth()));
  }

  @Override
  public LongMatrix linear(LongMatrix x, LongMatrix w) {
    if (x.cols() != w.cols()) {
      throw new IllegalArgumentException("linear needs x (B x in) and w (out x in) with equal in, got "
          + x.rows() + "x" + x.cols() + " and " + w.rows() + "x" + w.cols());
    }
    int bs = x.rows();
    int in = x.cols();
    int outN = w.rows();
    boolean fast = (double) x.maxAbs() * w.maxAbs() * in < SAFE;
    long[] xd = x.data();
    long[] wd = w.data();
    long[] r = new long[bs * outN];
    for (int s = 0; s < bs; s++) {
      int xo = s * in;
      for (int h = 0; h < outN; h++) {
        int wo = h * in;
        long acc = 0;
        if (fast) {
          for (int j = 0; j < in; j++) {
            acc += xd[xo + j] * wd[wo + j];
          }
        } else {
          for (int j = 0; j < in; j++) {
            acc = Math.addExact(acc, Math.multiplyExact(xd[xo + j], wd[wo + j]));
          }
        }
        r[s * outN + h] = acc;
      }
    }
    return out(Op.LINEAR, bs, outN, r, Math.max(x.depth(), w.depth()) + 1);
  }

  @Override
  public LongMatrix backLinear(LongMatrix d, LongMatrix w) {
    if (d.cols() != w.rows()) {
      throw new IllegalArgumentException("backLinear needs d (B x out) and w (out x in) with equal out, got "
          + d.rows() + "x" + d.cols() + " and " + w.rows() + "x" + w.cols());
    }
    int bs = d.rows();
    int outN = d.cols();
    int in = w.cols();
    boolean fast = (double) d.maxAbs() * w.maxAbs() * outN < SAFE;
    long[] dd = d.data();
    long[] wd = w.data();
    long[] r = new long[bs * in];
    for (int s = 0; s < bs; s++) {
      int ro = s * in;
      for (int h = 0; h < outN; h++) {
        long dv = dd[s * outN + h];
        if (dv == 0) {
          continue;
        }
        int wo = h * in;
        if (fast) {
          for (int j = 0; j < in; j++) {
            r[ro + j] += dv * wd[wo + j];
          }
        } else {
          for (int j = 0; j < in; j++) {
            r[ro + j] = Math.addExact(r[ro + j], Math.multiplyExact(dv, wd[wo + j]));
          }
        }
      }
    }
    return out(Op.BACK_LINEAR, bs, in, r, Math.max(d.depth(), w.depth()) + 1);
  }

  @Override
  public LongMatrix batchGradient(LongMatrix d, LongMatrix x) {
    if (d.rows() != x.rows()) {
      throw new IllegalArgumentException("batchGradient needs d (B x out) and x (B x in) with equal B, got "
          + d.rows() + "x" + d.cols() + " and " + x.rows() + "x" + x.cols());
    }
    int bs = d.rows();
    int outN = d.cols();
    int in = x.cols();
    boolean fast = (double) d.maxAbs() * x.maxAbs() * bs < SAFE;
    long[] dd = d.data();
    long[] xd = x.data();
    long[] r = new long[outN * in];
    for (int s = 0; s < bs; s++) {
      int xo = s * in;
      for (int h = 0; h < outN; h++) {
        long dv = dd[s * outN + h];
        if (dv == 0) {
          continue;
        }
        int ro = h * in;
        if (fast) {
          for (int j = 0; j < in; j++) {
            r[ro + j] += dv * xd[xo + j];
          }
        } else {
          for (int j = 0; j < in; j++) {
            r[ro + j] = Math.addExact(r[ro + j], Math.multiplyExact(dv, xd[xo + j]));
          }
        }
      }
    }
    return out(Op.BATCH_GRADIENT, outN, in, r, Math.max(d.depth(), x.depth()) + 1);
  }

  @Override
  public LongMatrix sumOverBatch(LongMatrix d) {
    int c = d.cols();
    long[] dd = d.data();
    long[] r = new long[c];
    for (int i = 0; i < dd.length; i++) {
      r[i % c] += dd[i];
    }
    return out(Op.SUM_OVER_BATCH, 1, c, r, d.depth());
  }

  @Override
  public LongMatrix rescale(LongMatrix a, int bits) {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("rescale bits must be in [1, 62], got " + bits);
    }
    stats.recordRescaleInput(a);
    long[] x = a.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Rounding.shiftRound(x[i], bits);
    }
    return out(Op.RESCALE, a.rows(), a.cols(), r, 0);
  }

  @Override
  public LongMatrix rescale(LongMatrix a, int bits, long bound) {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("rescale bits must be in [1, 62], got " + bits);
    }
    if (bound < 1 || bound >= LongMatrix.BOUND) {
      throw new IllegalArgumentException("a rescale's clamp bound must be in [1, 2^62), got " + bound);
    }
    stats.recordRescaleInput(a);
    long[] x = a.data();
    long[] r = new long[x.length];
    long clamped = 0;
    for (int i = 0; i < r.length; i++) {
      long v = Rounding.shiftRound(x[i], bits);
      r[i] = Rounding.shiftRoundClamp(x[i], bits, bound);
      if (r[i] != v) {
        clamped++;
      }
    }
    stats.recordClamped(clamped);
    return out(Op.RESCALE, a.rows(), a.cols(), r, 0);
  }

  @Override
  public LongMatrix lookup(LongMatrix x, int xFracBits, LookupTable table) {
    if (xFracBits < table.inputFracBits()) {
      throw new IllegalArgumentException("lookup input has " + xFracBits + " fractional bits, fewer than the table's "
          + table.inputFracBits());
    }
    long[] xd = x.data();
    long[] r = new long[xd.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = table.apply(xd[i], xFracBits);
    }
    return out(Op.LOOKUP, x.rows(), x.cols(), r, 0);
  }
}
