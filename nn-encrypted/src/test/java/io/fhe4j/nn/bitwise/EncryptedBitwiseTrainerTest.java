package io.fhe4j.nn.bitwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

/**
 * One SGD step of a tiny network on BGV ciphertexts over GF(2) (one bit per ciphertext: the
 * power-of-two ring has no GF(2) slots, so each sample of the batch has its own ciphertexts),
 * bit-exact against {@code FixedPointTrainer<LongMatrix>}; the same run on the plain one-slot
 * backend gives the same products, depth and refreshes. The chain is sized from the plain run's
 * depth between refreshes. Insecure, small parameters (tests only).
 */
class EncryptedBitwiseTrainerTest {
  @Test
  void oneEncryptedStepEqualsTheIntegerTrainer() {
    NetworkSpec spec = NetworkSpec.of(3, 2, 2);
    int batch = 2;
    FixedPointFormat fmt = new FixedPointFormat(2, 3, 16);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(0), 3, Loss.CROSS_ENTROPY);
    LookupFixedActivation act = new LookupFixedActivation(new TableSigmoid(3, 1), fmt);
    FixedPointData data = FixedPointData.quantize(BitwiseTrainerTest.blobs(batch, 3, 2, 5), fmt.fracBits());

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, cfg);
    ref.trainEpoch(data);
    BitwiseArithmetic<long[]> onPlainBits = new BitwiseArithmetic<>(new PlainSlotBits(1), batch, 0, 2);
    FixedPointTrainer<BitMatrix<long[]>> pt = new FixedPointTrainer<>(onPlainBits, spec, fmt, act, cfg);
    pt.trainEpoch(data);
    BitwiseStats ps = onPlainBits.stats();
    int depth = ps.maxDepth();

    // about two ANDs per 60-bit prime at p = 2 (fhe-core circuits package): depth / 2 + 1 primes
    int bits = 60 * (depth / 2 + 2);
    Context ctx = new ContextBuilder().m(2048).p(2).bits(bits).c(3).allowInsecure().build();
    SecretKey sk = KeyGenerator.deterministicForTests(ctx, 7).secretKey();
    Evaluator ev = new Evaluator(KeyGenerator.deterministicForTests(ctx, 8).evaluationKeys(sk, true));
    EncryptedSlotBits slots = new EncryptedSlotBits(new EncryptedBitBackend(ev), new Encryptor(sk), new Decryptor(sk));
    BitwiseArithmetic<Ciphertext> enc = new BitwiseArithmetic<>(slots, batch, 0, 2);
    FixedPointTrainer<BitMatrix<Ciphertext>> et = new FixedPointTrainer<>(enc, spec, fmt, act, cfg);
    long t0 = System.nanoTime();
    et.trainEpoch(data);
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertEquals(1, et.steps());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(plain.decode(ref.weights(l)), enc.decode(et.weights(l)), "weights of layer " + l);
      assertEquals(plain.decode(ref.biases(l)), enc.decode(et.biases(l)), "biases of layer " + l);
    }
    BitwiseStats es = enc.stats();
    assertEquals(ps.totalProducts(), es.totalProducts(), "products");
    assertEquals(ps.maxDepth(), es.maxDepth(), "depth");
    assertEquals(ps.refreshes(), es.refreshes(), "refreshes");
    System.out.printf("encrypted bitwise step 3-2-2 batch 2: %d products, depth %d, %d refreshes (%d bit ciphertexts"
        + " in, %d out), %d encryptions, %.1f s, chain %d bits at N = 1024%n", es.totalProducts(), es.maxDepth(),
        es.refreshes(), es.refreshedBitsIn(), es.refreshedBitsOut(), slots.encryptions(), seconds, bits);
  }
}
