package io.fhe4j.nn.fixed;

import io.fhe4j.nn.Activation;
import io.fhe4j.nn.PolynomialActivation;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.Sigmoid;
import io.fhe4j.nn.TableSigmoid;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Activations by name, as the {@code train} command's {@code --act} and {@code --out-act} and the
 * experiments' plan files spell them:
 * <ul>
 *   <li>{@code poly<d>-mm<R>}: the degree-d minimax fit of the sigmoid on [-R, R] ({@link
 *       PolynomialFit#sigmoidMinimax}); {@code poly<d>-ls<R>}: the least-squares fit. Computable
 *       under encryption. The recommended ones are {@value #HIDDEN} (hidden layers) and {@value
 *       #OUTPUT} (output layer).</li>
 *   <li>{@code lut<b>}: the sigmoid as a lookup table of b input bits ({@link TableSigmoid#covering8});
 *       plain or bitwise only.</li>
 *   <li>{@code sigmoid}: the exact sigmoid (float trainer only).</li>
 * </ul>
 * A polynomial's name may end in {@value #MONOTONE_SUFFIX}: its fixed-point form then clamps the
 * input to the part of the interval where the polynomial rises ({@link
 * PolynomialFixedActivation.Saturation#MONOTONE}) instead of the whole fitted interval; the float
 * form is the same polynomial. A name that is none of these is refused with an {@link IllegalArgumentException} naming it and the
 * accepted forms. Stateless and thread-safe.
 */
public final class Activations {
  /** The recommended hidden-layer activation: degree-3 minimax sigmoid on [-8, 8]. */
  public static final String HIDDEN = "poly3-mm8";
  /**
   * The recommended output-layer activation: degree-3 minimax sigmoid on [-12, 12], its input clamped to [-10.29,
   * 10.29] where it rises (outputs -0.023..1.023). With cross-entropy the output error {@code a - y} of a sample
   * already past its target is then at most 0.023; a cubic that overshoots further (poly3-mm32 reaches 1.28, mm16 1.19,
   * mm8 1.09) pulls every such sample back to the point where it equals 1 with a force like a misclassified sample's,
   * which on small data sets made the boundary between two close classes swing from step to step (nn-encrypted/README.md,
   * "The default output activation"). It was poly3-mm32 (clamped to [-32, 32]) before.
   */
  public static final String OUTPUT = "poly3-mm12-mono";

  /** The suffix of a polynomial's name that selects the monotone clamp. */
  public static final String MONOTONE_SUFFIX = "-mono";

  private static final Pattern POLY = Pattern.compile("poly([1-9])-(mm|ls)([0-9]{1,4}(\\.[0-9]+)?)");
  private static final Pattern LUT = Pattern.compile("lut([1-9]|1[0-9]|20)");

  private Activations() {}

  /** Whether {@code name} is a polynomial activation's name ({@code poly<d>-mm<R>} or {@code poly<d>-ls<R>}, R > 0). */
  public static boolean isPolynomial(String name) {
    Matcher m = POLY.matcher(withoutMono(name));
    return m.matches() && Double.parseDouble(m.group(3)) > 0;
  }

  /**
   * The polynomial named {@code name}: {@code poly3-mm8} is degree 3, minimax on [-8, 8];
   * {@code poly3-ls8} least squares.
   *
   * @throws IllegalArgumentException if the name is not of that form
   */
  public static PolynomialActivation polynomial(String name) {
    Matcher m = POLY.matcher(withoutMono(name));
    if (!m.matches() || Double.parseDouble(m.group(3)) <= 0) {
      throw unknown(name);
    }
    int degree = Integer.parseInt(m.group(1));
    double r = Double.parseDouble(m.group(3));
    return m.group(2).equals("mm") ? PolynomialFit.sigmoidMinimax(degree, -r, r)
        : PolynomialFit.sigmoidLeastSquares(degree, -r, r);
  }

  /** The float activation named {@code name} (any of the three forms). */
  public static Activation floating(String name) {
    if (name.equals("sigmoid")) {
      return Sigmoid.INSTANCE;
    }
    if (LUT.matcher(name).matches()) {
      return TableSigmoid.covering8(Integer.parseInt(name.substring(3)));
    }
    return polynomial(name);
  }

  /**
   * The fixed-point activation named {@code name} in {@code format} (a polynomial or a lookup
   * table; the exact sigmoid has no fixed-point form). A polynomial's input is saturated to its
   * fitted interval ({@link PolynomialFixedActivation}).
   *
   * @throws IllegalArgumentException if the name is unknown or its coefficients do not fit the format
   */
  public static FixedPointActivation fixed(String name, FixedPointFormat format) {
    if (LUT.matcher(name).matches()) {
      return new LookupFixedActivation(TableSigmoid.covering8(Integer.parseInt(name.substring(3))), format);
    }
    if (name.endsWith(MONOTONE_SUFFIX)) {
      return new PolynomialFixedActivation(polynomial(name), format, PolynomialFixedActivation.Saturation.MONOTONE);
    }
    return new PolynomialFixedActivation(polynomial(name), format);
  }

  /** {@code name} without the monotone clamp's suffix. */
  private static String withoutMono(String name) {
    return name.endsWith(MONOTONE_SUFFIX) ? name.substring(0, name.length() - MONOTONE_SUFFIX.length()) : name;
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown activation '" + name + "': use poly<d>-mm<R> (minimax) or"
        + " poly<d>-ls<R> (least squares) on [-R, R] with d in 1..9 and R > 0 (e.g. " + HIDDEN + "; suffix -mono: clamped where it rises), lut<b>"
        + " (lookup table of b bits) or sigmoid (float only)");
  }
}
