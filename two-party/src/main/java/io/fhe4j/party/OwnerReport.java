package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.LongMatrix;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The owner's final table: parameters, steps, time per step by party (owner, server, link and
 * waiting), refresh rounds, bytes on the wire per step in each direction (on average, and over the
 * steps after the first, which runs at the top level while the server learns the levels), the keys
 * and the final model (once a run, apart), test accuracy of the decrypted model and of the plain
 * replay, and whether the weights are bit-identical. Stateless.
 */
final class OwnerReport {
  private OwnerReport() {}

  /** Prints the table; returns whether the decrypted weights equal the replay's. */
  static boolean print(PrintStream out, long seed, Context ctx, TrainingPlan plan, FixedPointData train,
      FixedPointData test, OwnerClient.Result r) {
    io.fhe4j.nn.fixed.FixedPointTrainer<LongMatrix> replay = PlainReplay.train(plan, seed, train, plan.steps());
    List<LongMatrix> expected = PlainReplay.parameters(replay);
    boolean identical = expected.equals(r.model());
    double accEnc = PlainReplay.accuracy(plan, r.model(), test);
    double accRef = PlainReplay.accuracy(plan, expected, test);
    long n = Math.max(1, plan.steps() - r.resumedAt());
    long serverSteps = Math.max(1, r.serverInfo().getServerSteps());
    double wall = r.wallNanos() / 1e9 / n;
    double owner = r.ownerNanos() / 1e9 / n;
    double server = r.serverInfo().getServerComputeNanos() / 1e9 / serverSteps;
    out.println();
    row(out, "parameters", String.format(Locale.ROOT, "N = %d slots, t = %d, %s, c = %d",
        ctx.n(), ctx.plaintextModulus(), TrainOptions.primes(ctx), ctx.digits()));
    row(out, "security", String.format(Locale.ROOT, "%.1f bits (HE standard)", ctx.securityLevel()));
    row(out, "steps", n + " mini-batches of " + plan.batch()
        + (r.resumedAt() > 0 ? String.format(Locale.ROOT, " (steps %d..%d of a resumed run)", r.resumedAt() + 1,
            plan.steps()) : ""));
    row(out, "time per step (owner's wall clock)", secs(wall) + StepTimes.note(r.medianStepNanos()));
    row(out, "  owner (encrypt, refresh, decrypt)", secs(owner));
    row(out, "  server (compute)", secs(server) + " (" + serverSteps + " steps since the server started)");
    row(out, "  link and waiting", secs(Math.max(0, wall - owner - server)));
    row(out, "refresh rounds per step", String.format(Locale.ROOT, "%.1f (+ %.1f extra layout requests, %.1f uploads)",
        r.refreshRounds() / (double) n, r.viewRequests() / (double) n, r.dataRequests() / (double) n));
    row(out, "bytes per step, owner -> server", mb(r.sentBytes() / n));
    row(out, "bytes per step, server -> owner", mb(r.receivedBytes() / n));
    if (n > 1) {
      row(out, "  after the first step", String.format(Locale.ROOT, "owner -> server %s, server -> owner %s (the"
          + " first runs at the top level while the server learns the levels)",
          mb((r.sentBytes() - r.firstStepSentBytes()) / (n - 1)),
          mb((r.receivedBytes() - r.firstStepReceivedBytes()) / (n - 1))));
    }
    row(out, "keys sent once", r.keyBytes() == 0 ? "none (the server had them)" : mb(r.keyBytes()));
    row(out, "final model sent once", mb(r.modelBytes()) + " (server -> owner, not in the bytes per step)");
    row(out, "uploads sent a step ahead", r.prefetched() + " of " + r.dataRequests()
        + " (asked a step early, encrypted and sent while the server computed)");
    row(out, "reconnects, retried requests", r.reconnects() + ", " + r.retries());
    row(out, "test accuracy (decrypted model)", String.format(Locale.ROOT, "%.2f %% on %d samples", 100 * accEnc,
        test.size()));
    row(out, "test accuracy (FixedPointTrainer)", String.format(Locale.ROOT, "%.2f %% after the same %d steps",
        100 * accRef, plan.steps()));
    long f0 = System.nanoTime();
    double accFloat = plan.setup(seed).floatSigmoidAccuracy(train, test, plan.steps());
    row(out, "test accuracy (float sigmoid)", String.format(Locale.ROOT, "%.2f %% after the same %d steps"
        + " (FloatTrainer, exact sigmoid, %.1f s)", 100 * accFloat, plan.steps(), (System.nanoTime() - f0) / 1e9));
    row(out, "weights bit-identical", identical ? "yes" : "NO");
    if (!identical) {
      row(out, "  (values must stay below t/2", String.format(Locale.ROOT, "= 2^%.1f: a larger --t-bits may be needed)",
          Math.log(ctx.plaintextModulus() / 2.0) / Math.log(2)));
    }
    return identical;
  }

  private static void row(PrintStream out, String k, String v) {
    out.printf(Locale.ROOT, "%-36s %s%n", k, v);
  }

  private static String secs(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
