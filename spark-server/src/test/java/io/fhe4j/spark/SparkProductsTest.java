package io.fhe4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.slots.EncryptedArray;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SerializedType;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.ring.Parallel;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * The server's products on Spark in local mode ({@code local[2]}) are the single-process server's
 * bit for bit: the partial sums, a 2-step training run's every model ciphertext, and the plain
 * fixed-point replay's model; and what crosses Spark is {@link BgvSerializer}'s bytes.
 */
class SparkProductsTest {
  static Context context;
  static DataOwner owner;
  static SparkProducts spark;
  static Encryptor encryptor;
  static EncryptedArray slots;

  @BeforeAll
  static void setUp() {
    context = Runs.smallContext();
    owner = DataOwner.deterministicForTests(context, 7);
    spark = SparkProducts.connect("local[2]");
    encryptor = new Encryptor(KeyGenerator.deterministicForTests(context, 9).secretKey());
    slots = new EncryptedArray(context);
  }

  private static Ciphertext encrypt(long... values) {
    return encryptor.encrypt(slots.encode(java.util.Arrays.copyOf(values, context.n())));
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.close();
    }
  }

  @Test
  void partialSumsAndSumsEqualTheLocalOnesByteForByte() {
    Evaluator eval = new Evaluator(context);
    int chunks = 2;
    int groups = 7;
    List<Ciphertext> a = new ArrayList<>();
    List<Ciphertext> b = new ArrayList<>();
    for (int i = 0; i < chunks * groups; i++) {
      a.add(encrypt(i + 1, 2, 0, i));
      b.add(encrypt(3, 1, i));
    }
    for (int slices : new int[] {1, 3, 5, 7}) {
      Ciphertext[] local = SliceProducts.LOCAL.partialSums(eval, a, b, chunks, groups, slices);
      Ciphertext[] remote = spark.partialSums(eval, a, b, chunks, groups, slices);
      assertEquals(local.length, remote.length);
      for (int i = 0; i < local.length; i++) {
        assertEquals(3, remote[i].size(), "a partial sum is a 3-part tensor");
        assertArrayEquals(BgvSerializer.toBytes(local[i]), BgvSerializer.toBytes(remote[i]),
            "partial sum " + i + " of " + slices + " slices");
      }
      // local[2]: blocks of 1, 2, 4 and 4 slices added on the executor, the rest of the tree on the driver
      Ciphertext[] localSums = SliceProducts.LOCAL.sums(eval, a, b, chunks, groups, slices);
      Ciphertext[] remoteSums = spark.sums(eval, a, b, chunks, groups, slices);
      for (int k = 0; k < chunks; k++) {
        assertArrayEquals(BgvSerializer.toBytes(localSums[k]), BgvSerializer.toBytes(remoteSums[k]),
            "sum of chunk " + k + " of " + slices + " slices");
      }
    }
  }

  @Test
  void blocksAreAlignedPowersOfTwoAtMostTheParallelism() {
    assertEquals(1, SparkProducts.blockWidth(16, 16));
    assertEquals(8, SparkProducts.blockWidth(16, 2));
    assertEquals(8, SparkProducts.blockWidth(16, 3));
    assertEquals(4, SparkProducts.blockWidth(16, 4));
    assertEquals(4, SparkProducts.blockWidth(5, 2));
    assertEquals(16, SparkProducts.blockWidth(16, 1));
    assertEquals(1, SparkProducts.blockWidth(3, 64));
    // a block's operands stay below the task limit (784-128-32-10's first layer: 164 MB in one task was refused)
    assertEquals(16, SparkProducts.blockWidth(16, 1, 1L << 20, 32L << 20));
    assertEquals(2, SparkProducts.blockWidth(16, 1, 10L << 20, 32L << 20));
    assertEquals(1, SparkProducts.blockWidth(16, 1, 40L << 20, 32L << 20));
    assertEquals(4, SparkProducts.blockWidth(16, 4, 1L << 20, 32L << 20));
  }

  /**
   * Four steps: the weights of step 2 go whole and stay on the executor, those of steps 3 and 4
   * would go as their updates; before step 3 the executor loses what it kept, so step 3's blocks
   * miss and go whole again, step 4's go as updates. Every model ciphertext equals the
   * single-process server's.
   */
  @Test
  void stepsOnSparkWithKeptWeightsEqualTheSingleProcessServerAndThePlainReplay() {
    int steps = 4;
    SparkProducts.Stats before = spark.stats();
    Recording.Recorder recorder = new Recording.Recorder(owner);
    Runs.Trained onSpark = Runs.train(context, recorder, owner.evaluationKeys(), spark, steps, s -> {
      if (s == 2) {
        assertTrue(spark.keptHere() > 0, "weights kept on the executor after step 2");
        spark.forgetKeptHere();
      }
    });
    SparkProducts.Stats after = spark.stats();
    assertTrue(after.calls() - before.calls() >= 3 * steps, "forward, backward and gradient products on Spark: "
        + (after.calls() - before.calls()) + " calls");
    assertTrue(after.updates() > before.updates(), "weights sent as updates to kept versions: " + after);
    assertTrue(after.misses() > before.misses(), "blocks sent whole after the kept versions were lost: " + after);
    assertEquals(before.resent(), after.resent(), "an operand sent twice: " + after);
    assertTrue(recorder.refreshInputs > 0, "no ciphertext reached the refresher");

    Recording.Replayer replayer = new Recording.Replayer(recorder);
    Runs.Trained single = Parallel.onCallingThread(() -> Runs.train(context, replayer, owner.evaluationKeys(),
        SliceProducts.LOCAL, steps, s -> { }));
    assertEquals(recorder.calls.size(), replayer.next, "the single-process server made fewer calls");
    assertEquals(onSpark.model().size(), single.model().size());
    for (int i = 0; i < onSpark.model().size(); i++) {
      assertArrayEquals(single.model().get(i), onSpark.model().get(i), "model ciphertext " + i);
    }
    FixedPointTrainer<LongMatrix> ref = Runs.plain(steps);
    for (int l = 0; l < Runs.SPEC.layers(); l++) {
      assertEquals(ref.weights(l), onSpark.server().decode(onSpark.trainer().weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), onSpark.server().decode(onSpark.trainer().biases(l)), "biases of layer " + l);
    }
  }

  @Test
  void ciphertextsCrossSparkAsBgvSerializerBytes() {
    assertFalse(Serializable.class.isAssignableFrom(Ciphertext.class),
        "a ciphertext cannot go through Java serialization: Spark only sees the serializer's bytes");
    Ciphertext x = encrypt(5, 6);
    Ciphertext y = encrypt(7);
    BlockTask task = new BlockTask(0, 1, 1, 1, 1, new int[] {0, 1},
        new Operand[] {Operand.whole(1, BgvSerializer.toBytes(x), false)},
        new Operand[] {Operand.whole(2, BgvSerializer.toBytes(y), false)});
    SerializerInstance ser = new JavaSerializer(new SparkConf()).newInstance();
    ByteBuffer wire = ser.serialize(task, ClassTag$.MODULE$.apply(BlockTask.class));
    BlockTask back = ser.deserialize(wire, ClassTag$.MODULE$.apply(BlockTask.class));
    BlockResult result = back.compute(BgvSerializer.toBytes(context));
    assertEquals(SerializedType.CIPHERTEXT, BgvSerializer.typeOf(result.sums()[0]));
    Evaluator eval = new Evaluator(context);
    assertArrayEquals(BgvSerializer.toBytes(eval.multiplyWithoutRelinearization(x, y)), result.sums()[0]);
  }

  /** An update reaches a kept version: the executor computes previous - update; without it, a miss. */
  @Test
  void anUpdateIsAppliedToTheKeptVersionOrMisses() {
    Evaluator eval = new Evaluator(context);
    Ciphertext w = encrypt(9, 8, 7);
    Ciphertext u = encrypt(1, 2, 3);
    Ciphertext x = encrypt(4, 4, 4);
    long session = 77;
    Operand[] in = {Operand.whole(1, BgvSerializer.toBytes(x), false)};
    byte[] ctx = BgvSerializer.toBytes(context);
    try {
      BlockTask orphan = new BlockTask(0, session, 1, 1, 1, new int[] {0, 1}, in,
          new Operand[] {Operand.updateOf(3, 2, BgvSerializer.toBytes(u))});
      assertTrue(orphan.compute(ctx).missed(), "no previous version kept: a miss");
      new BlockTask(0, session, 1, 1, 1, new int[] {0, 1}, in,
          new Operand[] {Operand.whole(2, BgvSerializer.toBytes(w), true)}).compute(ctx);
      BlockResult r = new BlockTask(0, session, 2, 1, 1, new int[] {0, 1}, in,
          new Operand[] {Operand.updateOf(3, 2, BgvSerializer.toBytes(u))}).compute(ctx);
      assertArrayEquals(BgvSerializer.toBytes(eval.multiplyWithoutRelinearization(x, eval.sub(w, u))), r.sums()[0]);
      assertEquals(1, ExecutorCache.kept(session), "the new version replaces the previous one");
      new BlockTask(0, session, 3, 3, 1, new int[] {0, 1}, in, in).compute(ctx);
      assertEquals(0, ExecutorCache.kept(session), "versions stored before the oldest needed job are dropped");
    } finally {
      ExecutorCache.clear(session);
    }
  }
}
