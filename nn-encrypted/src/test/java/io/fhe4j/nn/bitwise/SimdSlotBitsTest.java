package io.fhe4j.nn.bitwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SimdSlotBits} against {@link PlainSlotBits} on real ciphertexts over the GF(2^d) slots of
 * small odd m (insecure, tests only), one case per placement: every rotation amount, a mask, and
 * an AND, slot by slot; the placement's keys make every rotation direct.
 */
class SimdSlotBitsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // m, logical slots, expected placement
        Arguments.of(85, 8, SimdSlotBits.Placement.LINE), // one bad dimension of order 8
        Arguments.of(255, 8, SimdSlotBits.Placement.LINE), // the line of dimension 0 (order 8) of 8 x 2
        Arguments.of(255, 16, SimdSlotBits.Placement.WHOLE),
        Arguments.of(85, 5, SimdSlotBits.Placement.PARTIAL_LINE),
        Arguments.of(255, 12, SimdSlotBits.Placement.PARTIAL_PREFIX));
  }

  @ParameterizedTest(name = "m = {0}, {1} slots: {2}")
  @MethodSource("cases")
  void rotationsMasksAndProductsEqualThePlainSlots(int m, int n, SimdSlotBits.Placement placement) {
    Context ctx = new ContextBuilder().m(m).p(2).bits(240).c(2).allowInsecure().build();
    GeneralEncryptedArray array = new GeneralEncryptedArray(ctx);
    KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 5);
    SecretKey sk = kg.secretKey();
    Evaluator ev = new Evaluator(kg.evaluationKeys(sk, true, SimdSlotBits.keyElements(array, n)));
    SimdSlotBits enc = new SimdSlotBits(new EncryptedBitBackend(ev), array, n, new Encryptor(sk), new Decryptor(sk));
    PlainSlotBits plain = new PlainSlotBits(n);
    assertEquals(placement, enc.placement());

    Random rnd = new Random(m * 31L + n);
    long[] x = new long[n];
    long[] y = new long[n];
    long[] mask = new long[n];
    for (int s = 0; s < n; s++) {
      x[s] = rnd.nextInt(2);
      y[s] = rnd.nextInt(2);
      mask[s] = rnd.nextInt(2);
    }
    Ciphertext cx = enc.encrypt(x);
    assertArrayEquals(x, enc.decrypt(cx));
    for (int k = -1; k <= n; k++) {
      assertArrayEquals(plain.rotate(x, k), enc.decrypt(enc.rotate(cx, k)), "rotate by " + k);
    }
    assertArrayEquals(plain.mask(x, mask), enc.decrypt(enc.mask(cx, mask)), "mask");
    Ciphertext prod = enc.backend().and(enc.rotate(cx, 1), enc.backend().not(enc.encrypt(y)));
    assertArrayEquals(plain.backend().and(plain.rotate(x, 1), plain.backend().not(y)), enc.decrypt(prod), "AND");
    assertEquals(plain.rotations(), enc.rotations(), "rotations");
    assertEquals(plain.masks(), enc.masks(), "masks");

    assertThrows(IllegalArgumentException.class, () -> enc.encrypt(new long[n + 1]));
    long[] two = new long[n];
    two[0] = 2;
    assertThrows(IllegalArgumentException.class, () -> enc.encrypt(two));
    assertThrows(IllegalArgumentException.class, () -> enc.mask(cx, two));
    assertThrows(IllegalArgumentException.class,
        () -> new SimdSlotBits(enc.backend(), array, array.size() + 1, new Encryptor(sk), new Decryptor(sk)));
  }
}
