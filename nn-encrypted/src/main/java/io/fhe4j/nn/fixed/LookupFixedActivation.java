package io.fhe4j.nn.fixed;

import io.fhe4j.nn.Activation;
import io.fhe4j.nn.Sigmoid;
import io.fhe4j.nn.TableSigmoid;

/**
 * The sigmoid by table lookup on k-bit inputs, the paper's activation: {@link
 * FixedPointArithmetic#lookup} with a table of {@code sigma} and one of {@code sigma'}, each
 * entry rounded to f fractional bits. The reduction of z to the table's input grid is part of the
 * lookup (in the bitwise representation, dropping low bits is free), so this activation does no
 * {@link FixedPointArithmetic#rescale}. Immutable and thread-safe.
 */
public final class LookupFixedActivation implements FixedPointActivation {
  private final TableSigmoid spec;
  private final LookupTable value;
  private final LookupTable derivative;
  private final int f;

  /** Tables for {@code spec}'s input grid with outputs at {@code format.fracBits()}. */
  public LookupFixedActivation(TableSigmoid spec, FixedPointFormat format) {
    this.spec = spec;
    this.f = format.fracBits();
    this.value = LookupTable.tabulate(Sigmoid::sigmoid, spec.inputBits(), spec.inputFracBits(), f);
    this.derivative =
        LookupTable.tabulate(Sigmoid.INSTANCE::derivative, spec.inputBits(), spec.inputFracBits(), f);
  }

  @Override
  public <V> Result<V> apply(FixedPointArithmetic<V> ar, V z, int zFracBits, boolean withDerivative) {
    V y = ar.lookup(z, zFracBits, value);
    V dy = withDerivative ? ar.lookup(z, zFracBits, derivative) : null;
    return new Result<>(y, dy);
  }

  /** The value table. */
  public LookupTable valueTable() {
    return value;
  }

  /** The derivative table. */
  public LookupTable derivativeTable() {
    return derivative;
  }

  @Override
  public int fracBits() {
    return f;
  }

  @Override
  public Activation real() {
    return spec;
  }

  @Override
  public int depth() {
    return 0;
  }

  @Override
  public int rescaleRounds() {
    return 0;
  }

  @Override
  public String name() {
    return spec.name();
  }
}
