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
  void partialSumsEqualTheLocalOnesByteForByte() {
    Evaluator eval = new Evaluator(context);
    int chunks = 2;
    int groups = 5;
    List<Ciphertext> a = new ArrayList<>();
    List<Ciphertext> b = new ArrayList<>();
    for (int i = 0; i < chunks * groups; i++) {
      a.add(encrypt(i + 1, 2, 0, i));
      b.add(encrypt(3, 1, i));
    }
    for (int slices : new int[] {1, 3, 5}) {
      Ciphertext[] local = SliceProducts.LOCAL.partialSums(eval, a, b, chunks, groups, slices);
      Ciphertext[] remote = spark.partialSums(eval, a, b, chunks, groups, slices);
      assertEquals(local.length, remote.length);
      for (int i = 0; i < local.length; i++) {
        assertEquals(3, remote[i].size(), "a partial sum is a 3-part tensor");
        assertArrayEquals(BgvSerializer.toBytes(local[i]), BgvSerializer.toBytes(remote[i]),
            "partial sum " + i + " of " + slices + " slices");
      }
    }
  }

  @Test
  void twoStepsOnSparkEqualTheSingleProcessServerAndThePlainReplay() {
    int steps = 2;
    SparkProducts.Stats before = spark.stats();
    Recording.Recorder recorder = new Recording.Recorder(owner);
    Runs.Trained onSpark = Runs.train(context, recorder, owner.evaluationKeys(), spark, steps, s -> { });
    SparkProducts.Stats after = spark.stats();
    assertTrue(after.calls() - before.calls() >= 3 * steps, "forward, backward and gradient products on Spark: "
        + (after.calls() - before.calls()) + " jobs");
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
    SliceTask task = new SliceTask(0, new byte[][] {BgvSerializer.toBytes(x)}, new byte[][] {BgvSerializer.toBytes(y)});
    SerializerInstance ser = new JavaSerializer(new SparkConf()).newInstance();
    ByteBuffer wire = ser.serialize(task, ClassTag$.MODULE$.apply(SliceTask.class));
    SliceTask back = ser.deserialize(wire, ClassTag$.MODULE$.apply(SliceTask.class));
    byte[] result = back.compute(BgvSerializer.toBytes(context));
    assertEquals(SerializedType.CIPHERTEXT, BgvSerializer.typeOf(result));
    Evaluator eval = new Evaluator(context);
    assertArrayEquals(BgvSerializer.toBytes(eval.multiplyWithoutRelinearization(x, y)), result);
  }
}
