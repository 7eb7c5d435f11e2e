package io.fhe4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Fits polynomial approximations of an activation on an interval [lo, hi], with Commons Math:
 * least squares ({@link PolynomialCurveFitter} on equally spaced samples) or minimax (Remez
 * exchange on a fine grid, each step a linear solve by {@link LUDecomposition}).
 *
 * <p>The stated error of the result is its largest error on a grid of {@value #CHECK_POINTS}
 * points, plus a margin of {@value #ERROR_MARGIN} for the gaps between grid points (the error
 * curves are smooth, so the excess between points is orders of magnitude below that margin).
 * Stateless and thread-safe.
 */
public final class PolynomialFit {
  /** Grid on which the stated error is measured. */
  public static final int CHECK_POINTS = 100_001;
  /** Added to the measured grid maximum to form the stated error. */
  public static final double ERROR_MARGIN = 1e-7;

  private static final int FIT_POINTS = 4001;
  private static final int REMEZ_GRID = 20_001;

  private PolynomialFit() {}

  /** Least-squares polynomial of the sigmoid of the given degree on [lo, hi]. */
  public static PolynomialActivation sigmoidLeastSquares(int degree, double lo, double hi) {
    double[] c = leastSquares(Sigmoid::sigmoid, degree, lo, hi);
    return finish(c, Sigmoid::sigmoid, lo, hi, "poly" + degree + "-ls" + interval(lo, hi));
  }

  /** Minimax (Remez) polynomial of the sigmoid of the given degree on [lo, hi]. */
  public static PolynomialActivation sigmoidMinimax(int degree, double lo, double hi) {
    double[] c = minimax(Sigmoid::sigmoid, degree, lo, hi);
    return finish(c, Sigmoid::sigmoid, lo, hi, "poly" + degree + "-mm" + interval(lo, hi));
  }

  /** Wraps coefficients with their measured error on [lo, hi] against {@code target}. */
  public static PolynomialActivation finish(double[] c, DoubleUnaryOperator target, double lo, double hi, String name) {
    double err = PolynomialActivation.maxErrorOnGrid(c, target, lo, hi, CHECK_POINTS) + ERROR_MARGIN;
    return new PolynomialActivation(c, lo, hi, err, name);
  }

  static String interval(double lo, double hi) {
    return "[" + fmt(lo) + "," + fmt(hi) + "]";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Ascending coefficients of the least-squares fit of {@code f} on equally spaced points. */
  public static double[] leastSquares(DoubleUnaryOperator f, int degree, double lo, double hi) {
    checkArgs(degree, lo, hi);
    double mid = (lo + hi) / 2;
    double half = (hi - lo) / 2;
    // Fit in u = (x - mid) / half on [-1, 1] for conditioning, then map back.
    WeightedObservedPoints pts = new WeightedObservedPoints();
    for (int i = 0; i < FIT_POINTS; i++) {
      double u = -1 + 2.0 * i / (FIT_POINTS - 1);
      pts.add(u, f.applyAsDouble(mid + half * u));
    }
    double[] a = PolynomialCurveFitter.create(degree).withMaxIterations(1000).fit(pts.toList());
    return fromUnit(a, mid, half);
  }

  /** Ascending coefficients of the minimax fit of {@code f} on [lo, hi] (discrete Remez). */
  public static double[] minimax(DoubleUnaryOperator f, int degree, double lo, double hi) {
    checkArgs(degree, lo, hi);
    double mid = (lo + hi) / 2;
    double half = (hi - lo) / 2;
    int n = degree;
    double[] grid = new double[REMEZ_GRID];
    double[] fv = new double[REMEZ_GRID];
    for (int i = 0; i < REMEZ_GRID; i++) {
      grid[i] = -1 + 2.0 * i / (REMEZ_GRID - 1);
      fv[i] = f.applyAsDouble(mid + half * grid[i]);
    }
    // initial reference: Chebyshev extrema, snapped to the grid
    int[] ref = new int[n + 2];
    for (int i = 0; i < n + 2; i++) {
      double u = -Math.cos(Math.PI * i / (n + 1));
      ref[i] = (int) Math.round((u + 1) / 2 * (REMEZ_GRID - 1));
    }
    double[] a = new double[n + 1];
    double[] best = null;
    double bestErr = Double.POSITIVE_INFINITY;
    for (int iter = 0; iter < 60; iter++) {
      Array2DRowRealMatrix m = new Array2DRowRealMatrix(n + 2, n + 2);
      ArrayRealVector rhs = new ArrayRealVector(n + 2);
      for (int i = 0; i < n + 2; i++) {
        double u = grid[ref[i]];
        double p = 1;
        for (int k = 0; k <= n; k++) {
          m.setEntry(i, k, p);
          p *= u;
        }
        m.setEntry(i, n + 1, (i % 2 == 0) ? 1 : -1);
        rhs.setEntry(i, fv[ref[i]]);
      }
      RealVector sol = new LUDecomposition(m).getSolver().solve(rhs);
      for (int k = 0; k <= n; k++) {
        a[k] = sol.getEntry(k);
      }
      double levelled = Math.abs(sol.getEntry(n + 1));
      double[] err = new double[REMEZ_GRID];
      double maxErr = 0;
      for (int i = 0; i < REMEZ_GRID; i++) {
        err[i] = fv[i] - PolynomialActivation.evaluate(a, grid[i]);
        maxErr = Math.max(maxErr, Math.abs(err[i]));
      }
      if (maxErr < bestErr) {
        bestErr = maxErr;
        best = a.clone();
      }
      if (maxErr - levelled <= 1e-9 * Math.max(1e-12, maxErr)) {
        break;
      }
      int[] next = exchange(err, n + 2);
      if (next == null) {
        break;
      }
      ref = next;
    }
    return fromUnit(best, mid, half);
  }

  /** One extremum per sign run of {@code err}, thinned to {@code want} alternating points. */
  private static int[] exchange(double[] err, int want) {
    List<Integer> ext = new ArrayList<>();
    int i = 0;
    while (i < err.length) {
      if (err[i] == 0) {
        i++;
        continue;
      }
      boolean pos = err[i] > 0;
      int bestIdx = i;
      while (i < err.length && err[i] != 0 && (err[i] > 0) == pos) {
        if (Math.abs(err[i]) > Math.abs(err[bestIdx])) {
          bestIdx = i;
        }
        i++;
      }
      ext.add(bestIdx);
    }
    while (ext.size() > want) {
      int minAt = 0;
      for (int k = 1; k < ext.size(); k++) {
        if (Math.abs(err[ext.get(k)]) < Math.abs(err[ext.get(minAt)])) {
          minAt = k;
        }
      }
      ext.remove(minAt);
      // merge neighbours that now share a sign, keeping the larger one
      for (int k = 0; k + 1 < ext.size(); ) {
        int p = ext.get(k);
        int q = ext.get(k + 1);
        if ((err[p] > 0) == (err[q] > 0)) {
          ext.remove(Math.abs(err[p]) >= Math.abs(err[q]) ? k + 1 : k);
        } else {
          k++;
        }
      }
    }
    if (ext.size() < want) {
      return null;
    }
    int[] r = new int[want];
    for (int k = 0; k < want; k++) {
      r[k] = ext.get(k);
    }
    return r;
  }

  /** Converts coefficients in u = (x - mid) / half into coefficients in x. */
  static double[] fromUnit(double[] a, double mid, double half) {
    int n = a.length;
    double[] c = new double[n];
    // sum_k a_k ((x - mid)/half)^k, expanded by the binomial theorem
    for (int k = 0; k < n; k++) {
      double scale = a[k] / Math.pow(half, k);
      double binom = 1;
      for (int j = 0; j <= k; j++) {
        // term: C(k, j) x^j (-mid)^(k-j)
        c[j] += scale * binom * Math.pow(-mid, k - j);
        binom = binom * (k - j) / (j + 1);
      }
    }
    return c;
  }

  private static void checkArgs(int degree, double lo, double hi) {
    if (degree < 1 || degree > 9) {
      throw new IllegalArgumentException("degree must be in [1, 9], got " + degree);
    }
    if (!(hi > lo)) {
      throw new IllegalArgumentException("interval must have lo < hi, got [" + lo + ", " + hi + "]");
    }
  }
}
