package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.OwnerClient;
import io.fhe4j.party.PlainReplay;
import io.fhe4j.party.TrainOptions;
import io.fhe4j.party.TrainingPlan;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.ring.Parallel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The final table of {@code train} through the protocol ({@link PartyRun}): the rows of the
 * in-process table, with the time per step split by party (the owner's answering, the server's
 * forward, backward and update, the link and waiting) and the bytes per step those of the frames on
 * the link in each direction (also after the first step, which runs at the top level while the
 * server learns the levels), the keys and the final model apart. Stateless.
 */
final class PartyTable {
  private PartyTable() {}

  /** Prints the table; returns whether the decrypted weights equal the replay's. */
  static boolean print(PrintStream out, TrainOptions o, Context ctx, TrainingPlan plan, PartyRun.Progress progress,
      OwnerClient.Result r, FixedPointData test, Path root, long modelBytes, String floatRow) {
    long steps = plan.steps();
    long e0 = System.nanoTime();
    FixedPointTrainer<LongMatrix> ref = progress.replay.advanceTo(steps);
    List<LongMatrix> expected = PlainReplay.parameters(ref);
    boolean identical = expected.equals(r.model());
    double accEnc = PlainReplay.accuracy(plan, r.model(), test);
    double accRef = ref.accuracy(test);
    long evalNanos = System.nanoTime() - e0;
    if (progress.epochEnd(steps) && steps > r.resumedAt()) {
      progress.epochEnd(steps, r.model(), accEnc, accRef);
    }
    long done = r.resumedAt();
    long segment = Math.max(0, steps - done);
    long n = Math.max(1, segment);
    FinalModel s = r.serverInfo();
    long serverSteps = Math.max(1, s.getServerSteps());
    double wall = (r.wallNanos() - r.listenerNanos()) / 1e9 / n;
    double owner = r.ownerNanos() / 1e9 / n;
    double server = s.getServerComputeNanos() / 1e9 / serverSteps;
    int perEpoch = progress.perEpoch();
    TrainCommand.Table t = new TrainCommand.Table(out);
    t.row("parameters", String.format(Locale.ROOT, "N = %d slots, t = %d (%d bits), %s, c = %d,"
        + " log2 QP = %.0f", ctx.n(), ctx.plaintextModulus(), o.tBits(), io.fhe4j.party.TrainOptions.primes(ctx), ctx.digits(),
        ctx.logQP()));
    t.row("security", String.format(Locale.ROOT, "%.1f bits (HE standard), %.1f bits (HElib estimate)",
        ctx.securityLevel(), ctx.helibSecurityEstimate()));
    t.row("threads", Integer.toString(Parallel.threads()));
    t.row("parties", "owner and server in this JVM, gRPC over loopback mutual TLS (the bytes of a real link)");
    t.row("steps", segment + " mini-batches of " + o.batch() + " (" + segment * o.batch() + " "
        + TrainCommand.samples(o) + ")"
        + (done > 0 ? String.format(Locale.ROOT, ", steps %d..%d of a resumed run", done + 1, steps) : ""));
    t.row("time per step", String.format(Locale.ROOT, "%.2f s (first step %.2f s)", wall,
        progress.firstStepNanos / 1e9) + io.fhe4j.party.StepTimes.note(r.medianStepNanos()));
    t.row("  owner (encrypt, refresh, decrypt)", secs(owner));
    t.row("  forward (server)", secs(s.getServerForwardNanos() / 1e9 / serverSteps));
    t.row("  backward (server)", secs(s.getServerBackwardNanos() / 1e9 / serverSteps));
    t.row("  update (server)", secs(s.getServerUpdateNanos() / 1e9 / serverSteps));
    t.row("  link and waiting", secs(Math.max(0, wall - owner - server))
        + " (serialization, TLS, checkpoints, the other party)");
    t.row("refreshes per step", String.format(Locale.ROOT, "%.1f rounds + %.1f extra layout requests, %.1f uploads",
        r.refreshRounds() / (double) n, r.viewRequests() / (double) n, r.dataRequests() / (double) n));
    t.row("owner -> server per step", mb(r.sentBytes() / n) + " (frames on the link)");
    t.row("server -> owner per step", mb(r.receivedBytes() / n) + " (frames on the link)");
    if (segment > 1) {
      long k = segment - 1;
      long up = (r.sentBytes() - r.firstStepSentBytes()) / k;
      long down = (r.receivedBytes() - r.firstStepReceivedBytes()) / k;
      t.row("link per step after the first", String.format(Locale.ROOT,
          "owner -> server %s, server -> owner %s, total %s", mb(up), mb(down), mb(up + down)));
      double trips = (r.refreshRounds() + r.viewRequests() + r.dataRequests()) / (double) n;
      double wire = (up + down) * 8.0 / 1e9;
      t.row("  at 1 Gbit/s, 10 ms round trip", String.format(Locale.ROOT,
          "%.2f s on the wire + %.1f round trips x 10 ms = %.2f s per step (computed from the counts, not measured)",
          wire, trips, wire + trips * 0.010));
    }
    t.row("keys sent once", r.keyBytes() == 0 ? "none (the server had them)" : mb(r.keyBytes()));
    t.row("final model sent once", mb(r.modelBytes()) + " (server -> owner, not in the bytes per step)");
    if (progress.evaluations > 0) {
      t.row("models sent for evaluation", String.format(Locale.ROOT, "%s at %d points (server -> owner, not in the"
          + " bytes per step)", mb(r.evaluationBytes()), progress.evaluations));
    }
    t.row("server products per step", String.format(Locale.ROOT,
        "%.0f tensor products, %.0f relinearizations, %.0f rotations (%s layouts)",
        s.getTensorProducts() / (double) serverSteps, s.getRelinearizations() / (double) serverSteps,
        s.getRotations() / (double) serverSteps, o.packing().name().toLowerCase(Locale.ROOT)));
    t.row("projected epoch", String.format(Locale.ROOT, "%d steps x %.2f s = %.2f h (projected from this run)",
        perEpoch, wall, perEpoch * wall / 3600));
    t.row("test accuracy (decrypted model)", String.format(Locale.ROOT, "%.2f %% on %d %s", 100 * accEnc,
        test.size(), TrainCommand.samples(o)));
    t.row("test accuracy (FixedPointTrainer)", String.format(Locale.ROOT, "%.2f %% after the same %d steps",
        100 * accRef, steps));
    t.row("test accuracy (float sigmoid)", floatRow);
    t.row("weights bit-identical", identical ? "yes" : "NO");
    if (o.checkpoint() != null) {
      t.row("checkpoint", String.format(Locale.ROOT, "%s (owner/: secret key; server/: encrypted model), %d steps",
          root, steps));
      for (var e : progress.epochs.entrySet()) {
        t.row("  after epoch " + e.getKey(), e.getValue());
      }
    }
    t.row("evaluation time", String.format(Locale.ROOT, "%.1f s", evalNanos / 1e9) + (progress.evaluations == 0 ? ""
        : String.format(Locale.ROOT, " (and %.1f s at %d points during training, not in the time per step)",
            r.listenerNanos() / 1e9, progress.evaluations)));
    if (o.out() != null) {
      t.row("encrypted model", o.out() + " (" + mb(modelBytes) + ")");
    }
    return identical;
  }

  private static String secs(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
