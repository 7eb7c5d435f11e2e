/**
 * HElib's {@code binaryArith} and {@code tableLookup}: circuits on integers encrypted bit by bit
 * over GF(2). A k-bit number (unsigned, or two's complement) is k bit values, bit i of every
 * slot's number in bit value i ({@link io.fhe4j.circuits.BinaryInt}); XOR is addition, AND is a
 * ciphertext product, NOT adds 1.
 *
 * <p>The circuits ({@link io.fhe4j.circuits.BinaryArith}, {@link io.fhe4j.circuits.TableLookup})
 * are written once against a four-operation {@link io.fhe4j.circuits.BitBackend}, with two
 * implementations: {@link io.fhe4j.circuits.PlainBitBackend} ({@code long[]} of 0/1 slots, the
 * reference semantics) and {@link io.fhe4j.circuits.EncryptedBitBackend} (BGV ciphertexts with
 * plaintext modulus 2). Public constants are folded before they reach a backend; every
 * {@link io.fhe4j.circuits.Bit} carries its multiplicative depth; the backends count products and
 * relinearizations. Both counts are properties of the circuit, identical on the two backends.
 *
 * <p>Cost of each circuit on operands of k non-constant bits of depth 0 ("products" are
 * ciphertext multiplications, "depth" the number of ANDs on the longest path; lg is
 * {@code ceil(log2)}); the tests assert these numbers and the formulas in the methods' Javadoc:
 * <table>
 * <caption>products and depth at k = 8 and k = 16</caption>
 * <tr><th>circuit<th>formula (products; depth)<th>k = 8<th><th>k = 16<th>
 * <tr><td><td><td>products<td>depth<td>products<td>depth
 * <tr><td>bitwise AND, select<td>k; 1<td>8<td>1<td>16<td>1
 * <tr><td>bitwise XOR, NOT, shifts, resize<td>0; 0<td>0<td>0<td>0<td>0
 * <tr><td>addRippleCarry<td>k - 1; k - 1<td>7<td>7<td>15<td>15
 * <tr><td>add, subtract (Sklansky)<td>(k-1) + sum popcount(i &lt; k-1) + P; 1 + lg(k-1)<td>19<td>4<td>57<td>5
 * <tr><td>negate<td>prefix ANDs of k - 1 bits; lg(k-1)<td>9<td>3<td>28<td>4
 * <tr><td>lessThan, lessOrEqual, greaterThan (either sign)<td>3k - 2 - lg k; 1 + lg k<td>19<td>4<td>42<td>5
 * <tr><td>equal<td>k - 1; lg k<td>7<td>3<td>15<td>4
 * <tr><td>max, min<td>4k - 2 - lg k; 2 + lg k<td>27<td>5<td>58<td>6
 * <tr><td>multiply k x k to 2k bits (either sign)<td>k^2 + Dadda adders + final adder<td>161<td>9<td>615<td>12
 * <tr><td>multiply k x k mod 2^k<td>table<td>68<td>6<td>282<td>9
 * <tr><td>multiplyFixedPoint, f = k/2<td>table<td>127<td>8<td>505<td>11
 * <tr><td>roundShiftRight, f = k/2<td>increment of k - f bits; 1 + lg(k - f)<td>5<td>3<td>13<td>4
 * <tr><td>sum of 8 numbers (to k + 3 bits)<td>about one per input bit + adder<td>79<td>8<td>167<td>9
 * <tr><td>sum of 64 numbers (to k + 6 bits)<td><td>548<td>13<td>1084<td>15
 * <tr><td>table lookup, k to l bits<td>at most 2^k - k - 1; at most lg k<td>247<td>3<td>-<td>-
 * </table>
 * P is the number of propagate products the Sklansky carries need (3 at k = 8, 14 at k = 16). The
 * lookup row is the worst case (every monomial, f(x) = [x == 0]); an 8-bit sigmoid table takes
 * 240 products at depth 3 and, with lazy relinearization, 29 relinearizations.
 *
 * <p>On BGV with p = 2 a 60-bit prime holds about two levels of AND (the noise of a fresh bit
 * ciphertext is about 2^12), so an 8-bit product (depth 9) needs five ciphertext primes.
 * Over an odd m the circuits run SIMD on the GF(2^d) slots of a real ciphertext
 * ({@link io.fhe4j.circuits.EncryptedBitBackend#encryptSlots}, one number per slot of an
 * {@link io.fhe4j.slots.GeneralEncryptedArray}: 256 numbers at m = 4369); power-of-two rings have
 * no GF(2) slots, so there {@link io.fhe4j.circuits.EncryptedBitBackend#encrypt} puts one number in
 * the constant coefficient.
 */
package io.fhe4j.circuits;
