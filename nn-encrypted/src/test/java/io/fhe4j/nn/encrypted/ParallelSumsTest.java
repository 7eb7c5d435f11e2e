package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.Parallel;
import io.fhe4j.slots.EncryptedArray;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelSums} against the obvious sum: the decrypted sums equal the slot-wise sums (or sums
 * of products) of the terms' plaintexts mod t, the pooled result equals the one computed on the
 * calling thread byte for byte (residues, factor, noise bound), and terms that are views are left
 * unchanged. N = 2048, insecure (tests only).
 */
class ParallelSumsTest {
  private static final Context CONTEXT = new ContextBuilder().m(4096).p(Primes.generate(30, 4096)).bits(180).c(2)
      .allowInsecure().build();
  private static final KeyGenerator KEYS = KeyGenerator.deterministicForTests(CONTEXT, 5);
  private static final SecretKey SK = KEYS.secretKey();
  private static final Evaluator EVAL = new Evaluator(KEYS.evaluationKeys(SK, true));
  private static final EncryptedArray ARRAY = new EncryptedArray(CONTEXT);
  private static final Decryptor DEC = new Decryptor(SK);
  private static final int POOL = 12;
  private static final long[][] SLOTS = new long[POOL][];
  private static final Ciphertext[] CTS = new Ciphertext[POOL];

  static {
    SplittableRandom r = new SplittableRandom(9);
    Encryptor enc = new Encryptor(SK);
    long t = CONTEXT.plaintextModulus();
    for (int i = 0; i < POOL; i++) {
      SLOTS[i] = r.longs(ARRAY.size(), 0, t).toArray();
      CTS[i] = ARRAY.encrypt(enc, SLOTS[i]);
    }
  }

  @Property(tries = 40)
  void sumsEqualTheSlotSumsAndDoNotDependOnTheThreads(@ForAll @IntRange(min = 1, max = 3) int chunks,
      @ForAll @IntRange(min = 1, max = 40) int groups, @ForAll boolean products) {
    ParallelSums.Term term = products
        ? (g, k) -> EVAL.multiplyWithoutRelinearization(CTS[(g * chunks + k) % POOL], CTS[(g + k + 5) % POOL])
        : (g, k) -> CTS[(g * chunks + k) % POOL];
    byte[][] before = serialized(CTS);
    Ciphertext[] pooled = ParallelSums.sums(EVAL, chunks, groups, products, term);
    Ciphertext[] single = Parallel.onCallingThread(() -> ParallelSums.sums(EVAL, chunks, groups, products, term));
    assertArrayEquals(before, serialized(CTS), "terms changed by the sum");
    Modulus t = CONTEXT.plaintextModulusArithmetic();
    for (int k = 0; k < chunks; k++) {
      long[] want = new long[ARRAY.size()];
      for (int g = 0; g < groups; g++) {
        long[] a = SLOTS[(g * chunks + k) % POOL];
        long[] b = SLOTS[(g + k + 5) % POOL];
        for (int s = 0; s < want.length; s++) {
          want[s] = t.add(want[s], products ? t.mul(a[s], b[s]) : a[s]);
        }
      }
      assertArrayEquals(want, ARRAY.decode(DEC.decrypt(pooled[k])), "chunk " + k);
      assertArrayEquals(BgvSerializer.toBytes(single[k]), BgvSerializer.toBytes(pooled[k]), "chunk " + k);
    }
  }

  /**
   * Adding aligned blocks of slices first (where a cluster computes them) and the tree's upper levels
   * after ({@link SliceProducts#reduce} from the block width) is the whole tree, byte for byte.
   */
  @Property(tries = 30)
  void blocksReducedFirstGiveTheWholeTree(@ForAll @IntRange(min = 1, max = 2) int chunks,
      @ForAll @IntRange(min = 1, max = 16) int slices, @ForAll @IntRange(min = 1, max = 4) int log2Width) {
    int width = 1 << log2Width;
    Ciphertext[] whole = new Ciphertext[chunks * slices];
    Ciphertext[] blocks = new Ciphertext[chunks * slices];
    for (int i = 0; i < whole.length; i++) {
      whole[i] = EVAL.multiplyWithoutRelinearization(CTS[i % POOL], CTS[(3 * i + 1) % POOL]);
      blocks[i] = whole[i].copy();
    }
    Ciphertext[] want = SliceProducts.reduce(EVAL, whole, chunks, slices, 1);
    for (int k = 0; k < chunks; k++) {
      for (int lo = 0; lo < slices; lo += width) {
        int n = Math.min(width, slices - lo);
        Ciphertext[] block = java.util.Arrays.copyOfRange(blocks, k * slices + lo, k * slices + lo + n);
        blocks[k * slices + lo] = SliceProducts.reduce(EVAL, block, 1, n, 1)[0];
      }
    }
    Ciphertext[] got = SliceProducts.reduce(EVAL, blocks, chunks, slices, width);
    for (int k = 0; k < chunks; k++) {
      assertArrayEquals(BgvSerializer.toBytes(want[k]), BgvSerializer.toBytes(got[k]), "chunk " + k);
    }
  }

  @Test
  void aTreeLevelThatIsNoPowerOfTwoIsRefused() {
    Ciphertext[] p = {CTS[0].copy(), CTS[1].copy(), CTS[2].copy()};
    assertThrows(IllegalArgumentException.class, () -> SliceProducts.reduce(EVAL, p, 1, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> SliceProducts.reduce(EVAL, p, 1, 2, 1));
  }

  @Test
  void emptySumsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ParallelSums.sums(EVAL, 1, 0, false, (g, k) -> CTS[0]));
    assertThrows(IllegalArgumentException.class, () -> ParallelSums.sums(EVAL, 0, 3, false, (g, k) -> CTS[0]));
  }

  private static byte[][] serialized(Ciphertext[] cts) {
    byte[][] out = new byte[cts.length][];
    for (int i = 0; i < cts.length; i++) {
      out[i] = BgvSerializer.toBytes(cts[i]);
    }
    return out;
  }
}
