package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ContextLimits;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run stopped after k steps and resumed from what a checkpoint holds (the owner's secret key, the
 * server's ciphertexts of the model, both through their byte formats) continues exactly as an
 * uninterrupted run: the weights equal the plain trainer's bit for bit.
 */
class CheckpointResumeTest {
  @ParameterizedTest
  @EnumSource(value = Packing.class, names = {"PACKED", "PAPER"})
  void resumedRunEqualsUninterruptedPlainRun(Packing packing) {
    Context context = SmallContext.build();
    NetworkSpec spec = NetworkSpec.parse("16-8-4");
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32), fmt);
    int batch = 6;
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(5), 11, Loss.CROSS_ENTROPY);
    FixedPointData data = FixedPointData.quantize(io.fhe4j.nn.TestData.blobs(batch * 4, 16, 4, 3), 8);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    int perEpoch = data.size() / batch;

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, out, cfg);
    for (int s = 0; s < 4; s++) {
      ref.step(plain.encode(data.features(perm, s * batch, batch)), plain.encode(data.oneHot(perm, s * batch, batch, 4)));
    }

    // first sitting: 2 steps, then the owner writes its key and the server its model
    DataOwner owner = DataOwner.deterministicForTests(context, 5);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner, packing);
    FixedPointTrainer<EncryptedMatrix> first = new FixedPointTrainer<>(enc, spec, fmt, act, out, cfg);
    for (int s = 0; s < 2; s++) {
      first.step(enc.encode(data.features(perm, s * batch, batch)), enc.encode(data.oneHot(perm, s * batch, batch, 4)));
    }
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    owner.writeSecretKey(key);
    byte[] ctx = BgvSerializer.toBytes(context);
    List<StoredBytes> weights = new ArrayList<>();
    List<StoredBytes> biases = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      weights.add(StoredBytes.of(enc.export(first.weights(l))));
      biases.add(StoredBytes.of(enc.export(first.biases(l))));
    }

    // second sitting: everything read back, fresh evaluation keys, 2 more steps
    Context context2 = BgvSerializer.readContext(ctx, ContextLimits.defaults().allowInsecure()); // a test context
    DataOwner owner2 = DataOwner.readSecretKey(context2, new ByteArrayInputStream(key.toByteArray()));
    EncryptedArithmetic enc2 = new EncryptedArithmetic(context2, owner2.evaluationKeys(), owner2, packing);
    FixedPointTrainer<EncryptedMatrix> second = new FixedPointTrainer<>(enc2, spec, fmt, act, out, cfg);
    List<EncryptedMatrix> w = new ArrayList<>();
    List<EncryptedMatrix> b = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      w.add(enc2.restore(weights.get(l).read(context2)));
      b.add(enc2.restore(biases.get(l).read(context2)));
    }
    second.restore(w, b, 2, perEpoch);
    assertEquals(2, second.steps());
    for (int s = 2; s < 4; s++) {
      second.step(enc2.encode(data.features(perm, s * batch, batch)), enc2.encode(data.oneHot(perm, s * batch, batch, 4)));
    }
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), enc2.decode(second.weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), enc2.decode(second.biases(l)), "biases of layer " + l);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Packing.class, names = {"PACKED"})
  void restoreRefusesForeignOrMisshapenData(Packing packing) {
    Context context = SmallContext.build();
    Context other = new ContextBuilder().m(4096).p(Primes.generate(41, 4096)).bits(240).c(2).allowInsecure().build();
    DataOwner owner = DataOwner.deterministicForTests(context, 5);
    DataOwner stranger = DataOwner.deterministicForTests(other, 5);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner, packing);
    EncryptedArithmetic encOther = new EncryptedArithmetic(other, stranger.evaluationKeys(), stranger, packing);
    Stored foreign = encOther.export(encOther.encode(LongMatrix.of(new long[][] {{1, 2, 3}})));
    assertThrows(IllegalArgumentException.class, () -> enc.restore(foreign));
    Stored mine = enc.export(enc.encode(LongMatrix.of(new long[][] {{1, 2, 3}})));
    Stored truncated = new Stored(mine.layout(), List.of());
    assertThrows(IllegalArgumentException.class, () -> enc.restore(truncated));
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    FixedPointTrainer<EncryptedMatrix> tr = new FixedPointTrainer<>(enc, NetworkSpec.parse("16-8-4"), fmt, act,
        new TrainingConfig(6, 1, LearningRate.powerOfTwo(5), 11, Loss.CROSS_ENTROPY));
    EncryptedMatrix row = enc.restore(mine);
    assertThrows(IllegalArgumentException.class, () -> tr.restore(List.of(row, row), List.of(row, row), 1, 4));
  }

  /** A stored value through the ciphertext byte format. */
  private record StoredBytes(Layout layout, List<byte[]> cts) {
    static StoredBytes of(Stored s) {
      List<byte[]> b = new ArrayList<>();
      for (Ciphertext c : s.ciphertexts()) {
        b.add(BgvSerializer.toBytes(c));
      }
      return new StoredBytes(s.layout(), b);
    }

    Stored read(Context context) {
      List<Ciphertext> c = new ArrayList<>();
      for (byte[] x : cts) {
        c.add(BgvSerializer.readCiphertext(x, context));
      }
      return new Stored(layout, c);
    }
  }
}
