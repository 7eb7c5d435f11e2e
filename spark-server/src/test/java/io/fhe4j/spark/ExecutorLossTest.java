package io.fhe4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.ring.Parallel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a standalone cluster (a master and a worker process on loopback), the executor is killed in
 * the middle of the third SGD step, while the tasks of one of its product jobs run: Spark sees the
 * tasks fail, the master launches a new executor, the tasks run again; the new executor lacks the
 * weights the lost one kept, so its blocks miss and the driver sends them whole; and the 3-step
 * model is still the single-process server's bit for bit.
 *
 * <p>Starts four JVMs (master, worker, and an executor twice): 183 s on the 2-core VM at load
 * average 11, so it is not part of {@code mvn verify}; run it with {@code -Dfhe4j.sparkCluster=true}
 * (the README's Scale out on Spark).
 */
class ExecutorLossTest {
  @TempDir
  Path dir;

  @Test
  @EnabledIfSystemProperty(named = "fhe4j.sparkCluster", matches = "true")
  void anExecutorKilledMidStepIsReplacedAndTheResultStaysBitIdentical() throws Exception {
    Context context = Runs.smallContext();
    DataOwner owner = DataOwner.deterministicForTests(context, 7);
    AtomicInteger removed = new AtomicInteger();
    AtomicInteger failedTasks = new AtomicInteger();
    AtomicReference<CountDownLatch> taskStarted = new AtomicReference<>();
    int steps = 3;
    try (StandaloneCluster cluster = new StandaloneCluster(dir, 1, 2);
        JavaSparkContext sc = new JavaSparkContext(cluster.conf(2));
        SparkProducts spark = SparkProducts.using(sc)) {
      sc.sc().addSparkListener(new SparkListener() {
        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
          removed.incrementAndGet();
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
          CountDownLatch l = taskStarted.get();
          if (l != null) {
            l.countDown();
          }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
          if (!e.taskInfo().successful()) {
            failedTasks.incrementAndGet();
          }
        }
      });
      AtomicInteger calls = new AtomicInteger();
      int[] killed = new int[1];
      int[] callsInStep0 = new int[1];
      // kills the executor while the tasks of the second product job of step 3 run
      SliceProducts killing = new SliceProducts() {
        @Override
        public Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks,
            int groups, int slices) {
          throw new AssertionError("the server asks for sums");
        }

        @Override
        public void updated(Ciphertext before, Ciphertext update, Ciphertext result) {
          spark.updated(before, update, result);
        }

        @Override
        public Ciphertext[] sums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
            int slices) {
          Thread killer = null;
          if (callsInStep0[0] > 0 && calls.get() == callsInStep0[0] + 1) {
            CountDownLatch started = new CountDownLatch(1);
            taskStarted.set(started);
            killer = new Thread(() -> {
              try {
                if (started.await(120, TimeUnit.SECONDS)) {
                  killed[0] = cluster.killExecutors();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
            killer.start();
          }
          calls.incrementAndGet();
          Ciphertext[] r = spark.sums(eval, a, b, chunks, groups, slices);
          if (killer != null) {
            try {
              killer.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
          return r;
        }
      };
      Recording.Recorder recorder = new Recording.Recorder(owner);
      Runs.Trained onCluster = Runs.train(context, recorder, owner.evaluationKeys(), killing, steps, s -> {
        if (s == 2) {
          callsInStep0[0] = calls.get();
        }
      });
      assertEquals(1, killed[0], "one executor killed in step 3: " + cluster.processes());
      assertTrue(spark.stats().updates() > 0, "weights sent as updates before the loss: " + spark.stats());
      assertTrue(spark.stats().misses() > 0, "the new executor missed the lost one's weights: " + spark.stats());
      assertTrue(removed.get() >= 1, "Spark saw the executor go");
      assertTrue(failedTasks.get() >= 1, "the killed executor's running tasks failed and were rerun");

      Recording.Replayer replayer = new Recording.Replayer(recorder);
      Runs.Trained single = Parallel.onCallingThread(() -> Runs.train(context, replayer, owner.evaluationKeys(),
          SliceProducts.LOCAL, steps, s -> { }));
      assertEquals(recorder.calls.size(), replayer.next);
      assertEquals(single.model().size(), onCluster.model().size());
      for (int i = 0; i < single.model().size(); i++) {
        assertArrayEquals(single.model().get(i), onCluster.model().get(i), "model ciphertext " + i);
      }
      System.out.println("executor loss: " + removed.get() + " executor(s) removed, " + failedTasks.get()
          + " task(s) failed and rerun, " + spark.stats());
    }
  }
}
