package io.fhe4j.bench.train;

import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.party.TrainOptions;
import io.fhe4j.ring.Parallel;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How the training server's phases scale with threads, measured in one JVM so that a busy machine
 * affects both sides alike: encrypted steps of the {@code train} configuration (its flags; random
 * 8-bit images) alternate between the pool ({@link Parallel#threads()} workers) and the calling
 * thread alone ({@link Parallel#onCallingThread}, as {@code -Dfhe4j.threads=1}), and the server's
 * forward, backward and update times (owner time excluded) are compared per phase, medians over
 * the steps after the first two. Usage: {@code java --add-modules jdk.incubator.vector -cp
 * fhe4j.jar io.fhe4j.bench.train.ServerScaling [train flags] --steps 22}. Stateless.
 */
public final class ServerScaling {
  private ServerScaling() {}

  public static void main(String[] args) {
    TrainOptions o = TrainOptions.parse(args);
    EncryptedRun run = new EncryptedRun(o);
    int in = o.net().inputSize();
    int classes = o.net().outputSize();
    int n = 10 * o.batch();
    SplittableRandom r = new SplittableRandom(1);
    int[] x = new int[n * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(256);
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    FixedPointData data = new FixedPointData(x, in, y, classes, 8);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    int phases = EncryptedArithmetic.Phase.values().length;
    int measured = Math.max(2, o.steps() - 2);
    long[][][] nanos = new long[2][phases + 1][measured / 2 + 1]; // [pooled?][phase, total][step]
    int[] count = new int[2];
    long[] before = run.server.phaseNanos();
    for (int s = 0; s < o.steps(); s++) {
      int from = (s % 10) * o.batch();
      boolean pooled = s % 2 == 0;
      if (pooled) {
        run.step(data, perm, from, false);
      } else {
        Parallel.onCallingThread(() -> {
          run.step(data, perm, from, false);
          return null;
        });
      }
      long[] after = run.server.phaseNanos();
      if (s >= 2) {
        int m = pooled ? 1 : 0;
        long total = 0;
        for (int p = 0; p < phases; p++) {
          nanos[m][p][count[m]] = after[p] - before[p];
          total += after[p] - before[p];
        }
        nanos[m][phases][count[m]] = total;
        count[m]++;
      }
      before = after;
    }
    System.out.printf(Locale.ROOT, "%s, %d steps, each mode %d measured; server time per step, median (min) ms:%n",
        o.net(), o.steps(), Math.min(count[0], count[1]));
    String[] names = {"forward", "backward", "update", "server"};
    for (int p = 0; p <= phases; p++) {
      double one = median(nanos[0][p], count[0]);
      double pool = median(nanos[1][p], count[1]);
      System.out.printf(Locale.ROOT, "  %-9s 1 thread %8.1f (%6.1f)   %d threads %8.1f (%6.1f)   speed-up %.2fx%n",
          names[p], one / 1e6, min(nanos[0][p], count[0]) / 1e6, Parallel.threads(), pool / 1e6,
          min(nanos[1][p], count[1]) / 1e6, one / pool);
    }
  }

  private static double median(long[] v, int n) {
    long[] s = Arrays.copyOf(v, n);
    Arrays.sort(s);
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  private static long min(long[] v, int n) {
    return Arrays.stream(v, 0, n).min().orElse(0);
  }
}
