package io.fhe4j.nn.experiments;

import io.fhe4j.nn.NetworkSpec;

/**
 * Operation counts of one SGD step of the integer-slot encrypted trainer in the layout sketched in
 * DESIGN.md (slot {@code s * out + h} holds sample s, unit h; input feature j of a layer is one
 * ciphertext {@code X_j} with {@code a[s][j]} replicated over the units, weight column j one
 * ciphertext {@code W_j} with {@code w[h][j]} replicated over the samples). These are counts
 * derived from the layout, not measurements; timing them is the encrypted trainer's job.
 *
 * <p>Per layer with {@code in} inputs and {@code out} units, batch B:
 * forward {@code z = sum_j X_j W_j}: {@code in} products; activation of degree d: {@code 2d - 3}
 * products (value and derivative, Horner); weight gradient {@code G_j = total-sum over s of
 * delta X_j}: {@code in} products and {@code in ceil(log2 B)} rotations; error back-propagation
 * (not for the first layer) {@code delta W_j} summed over the units, times act': {@code 2 in}
 * products and {@code in ceil(log2 out)} rotations. Ciphertexts held by the server: {@code in + 1}
 * per layer (weight columns and bias) plus the inputs of the batch. Immutable and thread-safe.
 *
 * @param products ciphertext-by-ciphertext products per step
 * @param rotations rotations per step
 * @param weightCiphertexts ciphertexts holding the weights and biases
 * @param inputCiphertexts ciphertexts the owner sends per mini-batch (inputs and labels)
 * @param slotsNeeded largest {@code B * out}: the ring must have at least this many slots
 */
public record LayoutCost(long products, long rotations, long weightCiphertexts, long inputCiphertexts, long slotsNeeded) {
  /** Counts for {@code net}, batch {@code batch}, polynomial activation of degree {@code degree}. */
  public static LayoutCost of(NetworkSpec net, int batch, int degree) {
    long products = 0;
    long rotations = 0;
    long weights = 0;
    long slots = 0;
    int logB = 32 - Integer.numberOfLeadingZeros(batch - 1);
    for (int l = 0; l < net.layers(); l++) {
      int in = net.size(l);
      int out = net.size(l + 1);
      int logOut = 32 - Integer.numberOfLeadingZeros(Math.max(1, out - 1));
      products += in + Math.max(0, 2 * degree - 3) + in;
      rotations += (long) in * logB;
      if (l > 0) {
        products += 2L * in;
        rotations += (long) in * logOut;
      }
      weights += in + 1;
      slots = Math.max(slots, (long) batch * out);
    }
    return new LayoutCost(products, rotations, weights, net.inputSize() + 1, slots);
  }
}
