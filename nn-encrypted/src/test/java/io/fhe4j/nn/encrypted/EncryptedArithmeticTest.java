package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.NoiseBudgetExhaustedException;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encrypted SGD against the plain fixed-point trainer, bit for bit, on small insecure contexts. */
class EncryptedArithmeticTest {
  /** N = 2048, a 40-bit t = 1 mod 2N, four 60-bit primes: depth 2 between refreshes. Insecure (tests only). */
  static Context context;
  static DataOwner sharedOwner;

  @BeforeAll
  static void setUp() {
    context = SmallContext.build();
    sharedOwner = DataOwner.deterministicForTests(context, 7);
  }

  static Samples blobs(int n, int dim, int classes, long seed) {
    return io.fhe4j.nn.TestData.blobs(n, dim, classes, seed);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("16-8-4", Loss.CROSS_ENTROPY, 8, 5, Packing.PACKED),
        Arguments.of("16-8-4", Loss.QUADRATIC, 6, 4, Packing.PACKED),
        Arguments.of("12-8-6-4", Loss.QUADRATIC_LINEAR_OUTPUT, 5, 7, Packing.PACKED),
        Arguments.of("49-8-10", Loss.CROSS_ENTROPY, 10, 4, Packing.PACKED),
        Arguments.of("16-8-4", Loss.QUADRATIC, 6, 4, Packing.UNPACKED),
        Arguments.of("49-8-10", Loss.CROSS_ENTROPY, 10, 4, Packing.UNPACKED),
        Arguments.of("16-8-4", Loss.CROSS_ENTROPY, 8, 5, Packing.PAPER),
        Arguments.of("16-8-4", Loss.QUADRATIC, 6, 5, Packing.PAPER),
        Arguments.of("12-8-6-4", Loss.QUADRATIC_LINEAR_OUTPUT, 5, 7, Packing.PAPER));
  }

  @ParameterizedTest(name = "{0} {1} batch {2} lr 2^-{3} {4}")
  @MethodSource("configs")
  void encryptedStepsEqualThePlainTrainerBitForBit(String net, Loss loss, int batch, int lrShift, Packing packing) {
    NetworkSpec spec = NetworkSpec.parse(net);
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32), fmt);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(lrShift), 11, loss);
    FixedPointData data = FixedPointData.quantize(blobs(batch * 4, spec.inputSize(), spec.outputSize(), 3), 8);
    int steps = 3;

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, out, cfg);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, sharedOwner.evaluationKeys(), sharedOwner, packing);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, spec, fmt, act, out, cfg);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    ExchangeStats.Snapshot beforeLast = null;
    for (int s = 0; s < steps; s++) {
      beforeLast = enc.exchange().snapshot();
      ref.step(plain.encode(data.features(perm, s * batch, batch)),
          plain.encode(data.oneHot(perm, s * batch, batch, spec.outputSize())));
      trainer.step(enc.encode(data.features(perm, s * batch, batch)),
          enc.encode(data.oneHot(perm, s * batch, batch, spec.outputSize())));
    }
    // the last step's window: the previous step's update round (forced by this step's forward)
    // and this step's own rounds; its update round is left for the decryption below
    ExchangeStats.Snapshot last = enc.exchange().snapshot().minus(beforeLast);
    assertTrue(plain.stats().maxBits() + 1 < 40, "t too small for this config: " + plain.stats());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), enc.decode(trainer.weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), enc.decode(trainer.biases(l)), "biases of layer " + l);
    }
    assertTrue(enc.exchange().snapshot().refreshes() > 0);
    // from the third step on, every layout a value needs comes with its first upload or refresh
    assertEquals(0, last.viewRequests(), "extra layout requests in the last step");
    // one round per rescale level: 2 per activated layer (pre-activation; value and derivative
    // together), 1 for a linear output, 1 for the quadratic output error, 1 per hidden layer
    // backward, and 1 for all updates
    int layers = spec.layers();
    int forward = loss.activatesOutput() ? 2 * layers : 2 * (layers - 1) + 1;
    int rounds = forward + (loss == Loss.QUADRATIC ? 1 : 0) + (layers - 1) + 1;
    assertEquals(rounds, last.refreshes(), "refresh rounds in the last step");
    assertEquals(2, last.uploads(), "uploads in the last step (inputs and labels, all layouts at once)");
    assertEquals(packing != Packing.UNPACKED, enc.rotations() > 0, "rotations " + enc.rotations());
    // inference on the encrypted model gives the plain model's outputs
    LongMatrix x = data.features(perm, 0, batch);
    assertEquals(ref.forward(plain.encode(x)), enc.decode(trainer.forward(enc.encode(x))));
  }

  @Test
  void paperLayoutRefusesAnUpdateWithoutRescale() {
    // lr 2^-4 with f = 8, f_w = 12: the bias step has shift 0, so the biases are updated by a sum
    // over the batch held in slot 0 only, and the next step cannot add them to the B slots of z
    NetworkSpec spec = NetworkSpec.parse("16-8-4");
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    TrainingConfig cfg = new TrainingConfig(6, 1, LearningRate.powerOfTwo(4), 11, Loss.QUADRATIC);
    FixedPointData data = FixedPointData.quantize(blobs(12, 16, 4, 3), 8);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, sharedOwner.evaluationKeys(), sharedOwner,
        Packing.PAPER);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, spec, fmt, act, cfg);
    int[] perm = BatchOrder.permutation(12, 11, 0);
    trainer.step(enc.encode(data.features(perm, 0, 6)), enc.encode(data.oneHot(perm, 0, 6, 4)));
    assertThrows(UnsupportedLayoutException.class, () -> trainer.step(enc.encode(data.features(perm, 6, 6)),
        enc.encode(data.oneHot(perm, 6, 6, 4))));
  }

  @Test
  void serverIsBuiltFromPublicObjectsOnly() {
    for (Constructor<?> c : EncryptedArithmetic.class.getConstructors()) {
      for (Class<?> p : c.getParameterTypes()) {
        assertTrue(p != SecretKey.class && p != Decryptor.class && p != KeyGenerator.class && p != DataOwner.class
            && p != Refresher.class, "server constructor takes " + p);
      }
    }
    for (Field f : EncryptedArithmetic.class.getDeclaredFields()) {
      Class<?> t = f.getType();
      assertTrue(t != SecretKey.class && t != Decryptor.class && t != DataOwner.class && t != Refresher.class,
          "server field " + f.getName() + " of type " + t);
    }
  }

  @Test
  void refreshInputsGoDownTheChainWithoutTrippingTheEvaluatorsRefusal() {
    // a t so large that a switch onto the last 60-bit prime leaves a negative capacity (as t = 2^46
    // does at N = 16384, train's default): the server's search for the lowest level to send at must
    // stop above it, not be refused by the switch
    long t = Primes.generate(56, 4096);
    Context big = new ContextBuilder().m(4096).p(t).bits(240).c(2).allowInsecure().build();
    DataOwner owner = DataOwner.deterministicForTests(big, 5);
    EncryptedArithmetic enc = new EncryptedArithmetic(big, owner.evaluationKeys(), owner);
    long[][] v = {{123_456, -98_765}, {4_000_000, -1}};
    EncryptedMatrix a = enc.encode(LongMatrix.of(v));
    LongMatrix got = enc.decode(enc.rescale(enc.hadamard(a, a), 9));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(io.fhe4j.nn.fixed.Rounding.shiftRound(v[i][j] * v[i][j], 9), got.get(i, j), "entry " + i + "," + j);
      }
    }
  }

  @Test
  void spentNoiseRaisesInsteadOfAWrongModel() {
    // one 60-bit prime leaves no room for a product: the product itself is refused (it used to go on
    // to a refresh that refused to decrypt it), never a wrong model
    long t = Primes.generate(30, 4096);
    Context tiny = new ContextBuilder().m(4096).p(t).bits(60).c(1).allowInsecure().build();
    DataOwner owner = DataOwner.deterministicForTests(tiny, 3);
    EncryptedArithmetic enc = new EncryptedArithmetic(tiny, owner.evaluationKeys(), owner);
    EncryptedMatrix a = enc.encode(LongMatrix.of(new long[][] {{1000, 2000}, {3000, 4000}}));
    EncryptedMatrix p = enc.hadamard(enc.hadamard(a, a), enc.hadamard(a, a));
    // the server checks the capacity before it sends the value to the refresher
    NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class,
        () -> enc.decode(enc.rescale(p, 4)).get(0, 0));
    assertTrue(e.getMessage().contains("multiply refused") && e.getMessage().contains("bits missing"), e.getMessage());
  }

  @Test
  void layoutsPlaceEveryEntry() {
    for (Layout.Kind k : Layout.Kind.values()) {
      Layout l = new Layout(k, 5, 7, 3, 64);
      int[] count = new int[35];
      for (int c = 0; c < l.ciphertexts(); c++) {
        for (int idx : l.slotMap(c)) {
          if (idx >= 0) {
            count[idx]++;
          }
        }
      }
      for (int i = 0; i < count.length; i++) {
        assertTrue(count[i] >= 1, k + " misses entry " + i);
      }
    }
    assertThrows(UnsupportedLayoutException.class, () -> new Layout(Layout.Kind.DENSE, 2, 100, 1, 64));
  }

  @Test
  void packedLayoutsPlaceEveryEntryOnceInAlignedBlocks() {
    // COL_REP(6x8, K=5): groups of 30 slots in strides of 32, 8 columns -> 2 per ciphertext of 64
    Layout l = new Layout(Layout.Kind.COL_REP, 6, 8, 5, 64).packed();
    assertEquals(2, l.blocks());
    assertEquals(32, l.stride());
    assertEquals(4, l.ciphertexts());
    assertEquals(List.of(32), java.util.Arrays.stream(l.foldSteps()).boxed().toList());
    Layout one = l.unpacked();
    for (int c = 0; c < l.ciphertexts(); c++) {
      int[] map = l.slotMap(c);
      for (int b = 0; b < 2; b++) {
        int[] m = one.slotMap(2 * c + b);
        for (int s = 0; s < 32; s++) {
          assertEquals(m[s], map[b * 32 + s]);
        }
      }
    }
    // ROW_TILE(12x3, T=4): 12 slots -> stride 16, 256/16 = 16 blocks for 12 rows: one ciphertext, 4 empty blocks
    Layout r = new Layout(Layout.Kind.ROW_TILE, 12, 3, 4, 256).packed();
    assertEquals(16, r.blocks());
    assertEquals(1, r.ciphertexts());
    assertTrue(r.hasEmptyBlocks());
    // at most the groups rounded up to a power of two: 3 rows take 4 blocks, not 16
    assertEquals(4, new Layout(Layout.Kind.ROW_TILE, 3, 3, 4, 256).packed().blocks());
    // 7 groups of 8 slots: 8 blocks, one ciphertext whose last block is empty; over half the slots: no packing
    Layout odd = new Layout(Layout.Kind.COL_TILE, 4, 7, 2, 64).packed();
    assertEquals(8, odd.blocks());
    assertEquals(1, odd.ciphertexts());
    assertTrue(odd.hasEmptyBlocks());
    assertEquals(1, new Layout(Layout.Kind.COL_TILE, 40, 8, 1, 64).packed().blocks());
    assertThrows(UnsupportedLayoutException.class, () -> new Layout(Layout.Kind.COL_TILE, 4, 7, 2, 64, 3));
    assertThrows(UnsupportedLayoutException.class, () -> new Layout(Layout.Kind.COL_TILE, 4, 7, 2, 64, 16));
    assertThrows(UnsupportedLayoutException.class, () -> new Layout(Layout.Kind.DENSE, 4, 7, 1, 64, 2));
  }

  /**
   * A constant added to views with empty blocks stays out of those blocks: both operands of the
   * product below carry one (7 groups in 8 blocks), and the fold adds the empty block into block 0.
   */
  @Test
  void constantsStayOutOfEmptyBlocks() {
    EncryptedArithmetic enc = new EncryptedArithmetic(context, sharedOwner.evaluationKeys(), sharedOwner,
        Packing.PACKED);
    PlainArithmetic plain = new PlainArithmetic();
    LongMatrix x = new LongMatrix(4, 7, java.util.stream.LongStream.range(0, 28).map(i -> i * 37 % 23 - 11).toArray(), 0);
    LongMatrix w = new LongMatrix(3, 7, java.util.stream.LongStream.range(0, 21).map(i -> i * 53 % 19 - 9).toArray(), 0);
    assertTrue(new Layout(Layout.Kind.COL_REP, 4, 7, 3, context.n()).packed().hasEmptyBlocks());
    LongMatrix expected = plain.linear(plain.addConstant(x, 5), plain.addConstant(w, -3));
    assertEquals(expected, enc.decode(enc.linear(enc.addConstant(enc.encode(x), 5), enc.addConstant(enc.encode(w), -3))));
  }
}
