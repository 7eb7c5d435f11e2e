package io.fhe4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PolynomialFitTest {
  private static final PolynomialActivation LS3 = PolynomialFit.sigmoidLeastSquares(3, -8, 8);
  private static final PolynomialActivation MM3 = PolynomialFit.sigmoidMinimax(3, -8, 8);
  private static final PolynomialActivation MM5 = PolynomialFit.sigmoidMinimax(5, -6, 6);

  @Property(tries = 300)
  void leastSquaresStaysWithinStatedError(@ForAll @DoubleRange(min = -8, max = 8) double x) {
    assertTrue(Math.abs(LS3.value(x) - Sigmoid.sigmoid(x)) <= LS3.maxError(), () -> "x=" + x + " " + LS3);
  }

  @Property(tries = 300)
  void minimaxStaysWithinStatedError(@ForAll @DoubleRange(min = -8, max = 8) double x) {
    assertTrue(Math.abs(MM3.value(x) - Sigmoid.sigmoid(x)) <= MM3.maxError(), () -> "x=" + x + " " + MM3);
  }

  @Property(tries = 200)
  void minimaxDegree5StaysWithinStatedError(@ForAll @DoubleRange(min = -6, max = 6) double x) {
    assertTrue(Math.abs(MM5.value(x) - Sigmoid.sigmoid(x)) <= MM5.maxError(), () -> "x=" + x + " " + MM5);
  }

  @Property(tries = 20)
  void anyFitStaysWithinItsStatedError(
      @ForAll @IntRange(min = 1, max = 5) int degree,
      @ForAll @DoubleRange(min = 1, max = 12) double r,
      @ForAll boolean minimax,
      @ForAll @DoubleRange(min = 0, max = 1) double t) {
    PolynomialActivation p = minimax ? PolynomialFit.sigmoidMinimax(degree, -r, r) : PolynomialFit.sigmoidLeastSquares(degree, -r, r);
    double x = -r + 2 * r * t;
    assertTrue(Math.abs(p.value(x) - Sigmoid.sigmoid(x)) <= p.maxError(), () -> p + " at " + x);
  }

  @Test
  void minimaxBeatsLeastSquaresInMaxError() {
    assertTrue(MM3.maxError() < LS3.maxError(), MM3 + " vs " + LS3);
    // both are usable approximations of the sigmoid on [-8, 8]
    assertTrue(LS3.maxError() < 0.15, LS3.toString());
    assertTrue(MM3.maxError() < 0.1, MM3.toString());
  }

  @Test
  void minimaxEquioscillates() {
    // Remez converged: the error reaches its maximum at both ends of the interval
    double e0 = Math.abs(MM3.value(-8) - Sigmoid.sigmoid(-8));
    double e1 = Math.abs(MM3.value(8) - Sigmoid.sigmoid(8));
    assertEquals(MM3.maxError(), e0, 1e-6);
    assertEquals(MM3.maxError(), e1, 1e-6);
  }

  @Test
  void fitsAPolynomialExactly() {
    double[] c = PolynomialFit.minimax(x -> 1 - 2 * x + 0.5 * x * x * x, 3, -2, 3);
    double[] l = PolynomialFit.leastSquares(x -> 1 - 2 * x + 0.5 * x * x * x, 3, -2, 3);
    double[] want = {1, -2, 0, 0.5};
    for (int k = 0; k < 4; k++) {
      assertEquals(want[k], c[k], 1e-8);
      assertEquals(want[k], l[k], 1e-8);
    }
  }

  @Test
  void derivativeMatchesCoefficients() {
    double h = 1e-6;
    for (double x = -7; x <= 7; x += 0.5) {
      double fd = (LS3.value(x + h) - LS3.value(x - h)) / (2 * h);
      assertEquals(fd, LS3.derivative(x), 1e-6);
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> PolynomialFit.sigmoidLeastSquares(0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> PolynomialFit.sigmoidMinimax(3, 1, 1));
  }
}
