package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import io.fhe4j.ring.Parallel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multi-threaded server computes exactly what the single-threaded one does: every ciphertext it
 * sends to the refresher and its final model are equal byte for byte (residues, plaintext factor
 * and noise bound), and the decrypted model equals {@link FixedPointTrainer}'s. The pooled run
 * talks to a real owner and records its answers; the single-threaded run ({@link
 * Parallel#onCallingThread}) gets the same answers replayed, so both servers see the same
 * ciphertexts and any difference is the server's. The pooled run also starts its products on the
 * pool and goes on ({@link EncryptedArithmetic}'s concurrency), the single-threaded one computes
 * each before the next operation. On a machine with one core both runs are single-threaded.
 */
class ParallelServerTest {
  static Context context;
  static DataOwner owner;

  @BeforeAll
  static void setUp() {
    context = SmallContext.build();
    owner = DataOwner.deterministicForTests(context, 7);
  }

  @ParameterizedTest(name = "{0} {1} batch {2} {3}")
  @CsvSource({
      "49-8-10, CROSS_ENTROPY, 10, PACKED",
      "12-8-6-4, QUADRATIC_LINEAR_OUTPUT, 5, PACKED",
      "16-8-4, QUADRATIC, 6, UNPACKED"})
  void pooledServerEqualsSingleThreadedServerBitForBit(String net, Loss loss, int batch, Packing packing) {
    NetworkSpec spec = NetworkSpec.parse(net);
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32), fmt);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(5), 11, loss);
    FixedPointData data = FixedPointData.quantize(
        io.fhe4j.nn.TestData.blobs(batch * 3, spec.inputSize(), spec.outputSize(), 3), 8);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    int steps = 3;

    Recorder recorder = new Recorder(owner);
    EncryptedArithmetic pooled = new EncryptedArithmetic(context, owner.evaluationKeys(), recorder, packing);
    FixedPointTrainer<EncryptedMatrix> a = new FixedPointTrainer<>(pooled, spec, fmt, act, out, cfg);
    List<byte[]> modelA = train(pooled, a, data, perm, batch, steps, spec);

    Replayer replayer = new Replayer(recorder);
    List<byte[]> modelB = Parallel.onCallingThread(() -> {
      EncryptedArithmetic single = new EncryptedArithmetic(context, owner.evaluationKeys(), replayer, packing);
      FixedPointTrainer<EncryptedMatrix> b = new FixedPointTrainer<>(single, spec, fmt, act, out, cfg);
      return train(single, b, data, perm, batch, steps, spec);
    });
    assertEquals(recorder.calls.size(), replayer.next, "the single-threaded server made fewer calls");
    assertTrue(recorder.refreshInputs > 0, "no ciphertext reached the refresher");
    assertEquals(modelA.size(), modelB.size());
    for (int i = 0; i < modelA.size(); i++) {
      assertArrayEquals(modelA.get(i), modelB.get(i), "model ciphertext " + i);
    }

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, out, cfg);
    for (int s = 0; s < steps; s++) {
      ref.step(plain.encode(data.features(perm, s * batch, batch)),
          plain.encode(data.oneHot(perm, s * batch, batch, spec.outputSize())));
    }
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), pooled.decode(a.weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), pooled.decode(a.biases(l)), "biases of layer " + l);
    }
  }

  /** Trains, then the model as exported (every ciphertext serialized, in layer order). */
  private static List<byte[]> train(EncryptedArithmetic server, FixedPointTrainer<EncryptedMatrix> trainer,
      FixedPointData data, int[] perm, int batch, int steps, NetworkSpec spec) {
    for (int s = 0; s < steps; s++) {
      trainer.step(server.encode(data.features(perm, s * batch, batch)),
          server.encode(data.oneHot(perm, s * batch, batch, spec.outputSize())));
    }
    List<byte[]> model = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      for (EncryptedMatrix m : List.of(trainer.weights(l), trainer.biases(l))) {
        for (Ciphertext c : server.export(m).ciphertexts()) {
          model.add(BgvSerializer.toBytes(c));
        }
      }
    }
    return model;
  }

  /** A call to the owner: what the server asked (ciphertexts by digest) and what it got. */
  private record Call(String request, Object answer) {}

  private static String describe(String op, Object... parts) {
    StringBuilder s = new StringBuilder(op);
    for (Object p : parts) {
      s.append(' ').append(p);
    }
    return s.toString();
  }

  /** SHA-256 of the serialized ciphertexts: residues, factor and noise bound. */
  private static String digest(List<Ciphertext> cts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Ciphertext c : cts) {
        md.update(BgvSerializer.toBytes(c));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String describeRefresh(List<KeyHolder.RefreshRequest> requests) {
    StringBuilder s = new StringBuilder("refresh");
    for (KeyHolder.RefreshRequest r : requests) {
      s.append(" [").append(r.inputLayout()).append(" bits ").append(r.bits()).append(" -> ").append(r.layouts())
          .append(' ').append(r.encoding()).append(' ').append(digest(r.input())).append(']');
    }
    return s.toString();
  }

  /** Passes every call to the owner and records it. */
  private static final class Recorder implements KeyHolder {
    final KeyHolder owner;
    final List<Call> calls = new ArrayList<>();
    int refreshInputs;

    Recorder(KeyHolder owner) {
      this.owner = owner;
    }

    @Override
    public synchronized long submit(LongMatrix values) {
      long h = owner.submit(values);
      calls.add(new Call(describe("submit", values.rows(), values.cols()), h));
      return h;
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
      return encrypt(handle, layouts, Encoding.TOP);
    }

    @Override
    public synchronized List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
      List<List<Ciphertext>> got = owner.encrypt(handle, layouts, encoding);
      calls.add(new Call(describe("encrypt", handle, layouts, encoding), got));
      return got;
    }

    @Override
    public synchronized List<Refreshed> refresh(List<RefreshRequest> requests) {
      String request = describeRefresh(requests);
      List<Refreshed> got = owner.refresh(requests);
      refreshInputs += requests.size();
      calls.add(new Call(request, got));
      return got;
    }

    @Override
    public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
      return owner.decrypt(value, layout);
    }

    @Override
    public void release(long handle) {
      owner.release(handle);
    }

    @Override
    public ExchangeStats stats() {
      return owner.stats();
    }
  }

  /** Answers every call as the recorded run was answered, after checking it is the same call. */
  private static final class Replayer implements KeyHolder {
    final List<Call> calls;
    final ExchangeStats stats = new ExchangeStats();
    int next;

    Replayer(Recorder recorded) {
      this.calls = recorded.calls;
    }

    private synchronized Object answer(String request) {
      assertTrue(next < calls.size(), "call " + next + " beyond the recorded run: " + request);
      Call c = calls.get(next);
      assertEquals(c.request(), request, "call " + next + " differs from the multi-threaded run's");
      next++;
      return c.answer();
    }

    @Override
    public long submit(LongMatrix values) {
      return (Long) answer(describe("submit", values.rows(), values.cols()));
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
      return encrypt(handle, layouts, Encoding.TOP);
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
      return (List<List<Ciphertext>>) answer(describe("encrypt", handle, layouts, encoding));
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<Refreshed> refresh(List<RefreshRequest> requests) {
      return (List<Refreshed>) answer(describeRefresh(requests));
    }

    @Override
    public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
      throw new AssertionError("the single-threaded run decrypts nothing");
    }

    @Override
    public void release(long handle) {
      // the recorded run's owner releases its own handles
    }

    @Override
    public ExchangeStats stats() {
      return stats;
    }
  }
}
