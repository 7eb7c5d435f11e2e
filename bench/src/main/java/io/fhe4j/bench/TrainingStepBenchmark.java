package io.fhe4j.bench;

import io.fhe4j.bench.train.EncryptedRun;
import io.fhe4j.nn.fixed.FixedPointData;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One encrypted SGD step of the recommended configuration ({@code EncryptedRun.recommended()}: the
 * {@code train} command's defaults with nn-encrypted's 196-128-10, its monotone-clamped output and
 * learning-rate schedule (a step costs the same as with the defaults' output and rate), batch 60, N = 16384, packed layouts), end to end: the owner's uploads of the mini-batch, the server's
 * forward, backward and update, and the refreshes. Inputs are random 8-bit images (the cost does not
 * depend on the pixel values). The first step (which also uploads the initial weights) runs in the
 * setup. Single-shot: each measured call is one step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", Simd.ADD_MODULE})
public class TrainingStepBenchmark {
  private EncryptedRun run;
  private FixedPointData data;
  private int[] perm;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Simd.awaitVectorCode();
    run = EncryptedRun.recommended();
    SplittableRandom r = new SplittableRandom(1);
    int n = 600;
    int[] x = new int[n * 196];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(256);
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(10);
    }
    data = new FixedPointData(x, 196, y, 10, 8);
    perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    run.step(data, perm, 0, false);
    next = 1;
  }

  @Benchmark
  public Object step() {
    run.step(data, perm, (next++ % 10) * 60, false);
    return run;
  }
}
