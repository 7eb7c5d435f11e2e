package io.fhe4j.nn;

import java.util.Arrays;

/**
 * Shape of a fully connected network: the width of every layer, input first, output last
 * (the paper's network is {@code 784-128-32-10}).
 *
 * <p>Invariants: at least two layers (input and output), every width at least 1. Each layer
 * {@code l >= 1} has a weight matrix of {@code sizes[l] x sizes[l-1]} and a bias vector of
 * {@code sizes[l]}. Immutable and thread-safe.
 */
public final class NetworkSpec {
  private final int[] sizes;

  private NetworkSpec(int[] sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "a network needs at least an input and an output layer, got sizes " + Arrays.toString(sizes));
    }
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException("layer widths must be >= 1, got " + Arrays.toString(sizes));
      }
    }
    this.sizes = sizes.clone();
  }

  /** A network with the given widths, input first; e.g. {@code of(784, 128, 32, 10)}. */
  public static NetworkSpec of(int... sizes) {
    return new NetworkSpec(sizes);
  }

  /** Parses {@code "784-128-32-10"}. */
  public static NetworkSpec parse(String text) {
    String[] parts = text.trim().split("-");
    int[] s = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      s[i] = Integer.parseInt(parts[i].trim());
    }
    return new NetworkSpec(s);
  }

  /** Number of weight layers (widths minus one). */
  public int layers() {
    return sizes.length - 1;
  }

  /** Width of layer {@code i}, 0 being the input. */
  public int size(int i) {
    return sizes[i];
  }

  public int inputSize() {
    return sizes[0];
  }

  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /** Total number of trainable parameters (weights and biases). */
  public long parameterCount() {
    long n = 0;
    for (int l = 1; l < sizes.length; l++) {
      n += (long) sizes[l] * sizes[l - 1] + sizes[l];
    }
    return n;
  }

  /** A copy of the widths. */
  public int[] sizes() {
    return sizes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSpec other && Arrays.equals(sizes, other.sizes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sizes);
  }

  /** The widths joined by dashes, e.g. {@code 784-128-32-10}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0) {
        b.append('-');
      }
      b.append(sizes[i]);
    }
    return b.toString();
  }
}
