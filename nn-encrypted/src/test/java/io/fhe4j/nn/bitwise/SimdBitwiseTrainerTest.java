package io.fhe4j.nn.bitwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TableSigmoid;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupFixedActivation;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paper's packing on real ciphertexts: SGD steps of small networks with the mini-batch across
 * the GF(2^8) slots of small odd m (insecure, tests only), bit-exact against {@code
 * FixedPointTrainer<LongMatrix>}; products, rotations, masks, depth and refreshes equal to the
 * plain backend's with the same slots. The chain is sized from the plain run's depth. Levelled:
 * each segment's fresh bits encrypted at the level its depth in the plain run needs
 * ({@link BitwiseArithmetic#segmentDepths()}, {@link SimdSlotBits#twoAndsPerPrime()}), still exact.
 */
class SimdBitwiseTrainerTest {
  static Stream<Arguments> configs() {
    return Stream.of(
        // net, batch, logical slots, m, expected placement: m = 51 has 4 slots on one bad dimension;
        // 2 of them are a part of that line (masked rotations, 2 groups per column), and a hidden
        // layer of 4 = batch units makes W1 a BATCH matrix (layout conversions, masks)
        Arguments.of("3-2-2", 4, 4, 51, SimdSlotBits.Placement.LINE, false),
        Arguments.of("3-4-2", 4, 2, 51, SimdSlotBits.Placement.PARTIAL_LINE, false),
        Arguments.of("3-2-2", 4, 4, 51, SimdSlotBits.Placement.LINE, true));
  }

  @ParameterizedTest(name = "{0} batch {1} in {2} slots of m = {3}, levelled per segment: {5}")
  @MethodSource("configs")
  void encryptedStepsWithTheBatchAcrossSlotsEqualTheIntegerTrainer(String net, int batch, int nSlots, int m,
      SimdSlotBits.Placement placement, boolean levelled) {
    NetworkSpec spec = NetworkSpec.parse(net);
    int steps = 2;
    FixedPointFormat fmt = new FixedPointFormat(2, 3, 16);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(0), 3, Loss.CROSS_ENTROPY);
    LookupFixedActivation act = new LookupFixedActivation(new TableSigmoid(3, 1), fmt);
    FixedPointData data = FixedPointData.quantize(BitwiseTrainerTest.blobs(batch * steps, 3, 2, 5), fmt.fracBits());

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, cfg);
    ref.trainEpoch(data);
    PlainSlotBits plainSlots = new PlainSlotBits(nSlots);
    BitwiseArithmetic<long[]> onPlainBits = new BitwiseArithmetic<>(plainSlots, batch, 0, 2);
    FixedPointTrainer<BitMatrix<long[]>> pt = new FixedPointTrainer<>(onPlainBits, spec, fmt, act, cfg);
    pt.trainEpoch(data);
    for (int l = 0; l < spec.layers(); l++) {
      onPlainBits.decode(pt.weights(l));
      onPlainBits.decode(pt.biases(l));
    }
    BitwiseStats ps = onPlainBits.stats();
    int[] plan = onPlainBits.segmentDepths();

    int bits = 60 * (ps.maxDepth() / 2 + 3);
    Context ctx = new ContextBuilder().m(m).p(2).bits(bits).c(2).allowInsecure().build();
    GeneralEncryptedArray array = new GeneralEncryptedArray(ctx);
    KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 8);
    SecretKey sk = kg.secretKey();
    Evaluator ev = new Evaluator(kg.evaluationKeys(sk, true, SimdSlotBits.keyElements(array, nSlots)));
    SimdSlotBits slots = new SimdSlotBits(new EncryptedBitBackend(ev), array, nSlots, new Encryptor(sk),
        new Decryptor(sk), levelled ? SimdSlotBits.twoAndsPerPrime() : null);
    assertEquals(placement, slots.placement());
    BitwiseArithmetic<Ciphertext> enc = new BitwiseArithmetic<>(slots, batch, 0, 2, levelled ? plan : null);
    FixedPointTrainer<BitMatrix<Ciphertext>> et = new FixedPointTrainer<>(enc, spec, fmt, act, cfg);
    long t0 = System.nanoTime();
    et.trainEpoch(data);
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertEquals(steps, et.steps());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(plain.decode(ref.weights(l)), enc.decode(et.weights(l)), "weights of layer " + l);
      assertEquals(plain.decode(ref.biases(l)), enc.decode(et.biases(l)), "biases of layer " + l);
    }
    BitwiseStats es = enc.stats();
    assertEquals(ps.totalProducts(), es.totalProducts(), "products");
    assertEquals(plainSlots.rotations(), slots.rotations(), "rotations");
    assertEquals(plainSlots.masks(), slots.masks(), "masks");
    assertEquals(ps.maxDepth(), es.maxDepth(), "depth");
    assertEquals(ps.refreshes(), es.refreshes(), "refreshes");
    assertArrayEquals(plan, enc.segmentDepths(), "depth per segment");
    if (levelled) {
      assertTrue(slots.meanFreshLevel() < ctx.maxLevel() - 1, "levelled fresh bits sit lower in the chain");
    }
    System.out.printf("SIMD bitwise steps %s batch %d in %d slots (%s): %d products, %d rotations (%d array rotations),"
        + " %d masks, depth %d, %d refreshes, %d encryptions (mean level %.1f of %d), %.1f s, chain %d bits at m = %d%n",
        spec, batch, slots.slots(), slots.placement(), es.totalProducts(), slots.rotations(), slots.arrayRotations(),
        slots.masks(), es.maxDepth(), es.refreshes(), slots.encryptions(), slots.meanFreshLevel(), ctx.maxLevel(),
        seconds, bits, m);
    System.out.println("  depth per segment: " + java.util.Arrays.toString(plan));
  }

  @Test
  void aDepthPlanFromAnotherRunIsRefused() {
    NetworkSpec spec = NetworkSpec.of(3, 2, 2);
    FixedPointFormat fmt = new FixedPointFormat(2, 3, 16);
    TrainingConfig cfg = new TrainingConfig(2, 1, LearningRate.powerOfTwo(0), 3, Loss.CROSS_ENTROPY);
    LookupFixedActivation act = new LookupFixedActivation(new TableSigmoid(3, 1), fmt);
    FixedPointData data = FixedPointData.quantize(BitwiseTrainerTest.blobs(2, 3, 2, 5), fmt.fracBits());
    assertThrows(IllegalArgumentException.class,
        () -> new BitwiseArithmetic<>(new PlainSlotBits(2), 2, 0, 2, new int[] {3, -1}));
    BitwiseArithmetic<long[]> tooShallow = new BitwiseArithmetic<>(new PlainSlotBits(2), 2, 0, 2, new int[40]);
    FixedPointTrainer<BitMatrix<long[]>> t = new FixedPointTrainer<>(tooShallow, spec, fmt, act, cfg);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.trainEpoch(data));
    assertTrue(e.getMessage().contains("beyond its planned 0"), e.getMessage());
  }
}
