package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Small insecure runs for the tests: N = 2048, a 40-bit t, a 16-8-4 network, batch 8. */
final class Fixtures {
  static final long SEED = 11;

  private static Context context;
  private static DataOwner owner;

  private Fixtures() {}

  static synchronized Context context() {
    if (context == null) {
      context = new ContextBuilder().m(4096).p(Primes.generate(40, 4096)).bits(240).c(2).allowInsecure().build();
    }
    return context;
  }

  static synchronized DataOwner owner() {
    if (owner == null) {
      owner = DataOwner.deterministicForTests(context(), 7);
    }
    return owner;
  }

  static TrainingPlan plan(long steps) {
    return new TrainingPlan(NetworkSpec.of(16, 8, 4), new FixedPointFormat(8, 12, 10), "poly3-mm8", "poly3-mm32",
        Loss.CROSS_ENTROPY, LearningRateSchedule.constant(LearningRate.powerOfTwo(5)), 8, Packing.PACKED, steps);
  }

  /** Four Gaussian blobs in 16 dimensions, quantized to 8 fractional bits. */
  static FixedPointData data(int n, long seed) {
    return SyntheticData.blobs(n, 16, 4, seed);
  }

  static Path certs(Path dir) throws IOException {
    Certificates.generate(dir, List.of(), Duration.ofDays(1));
    return dir;
  }

  static ManagedChannel channel(int port, Path certs) throws IOException {
    return Grpc.newChannelBuilderForAddress("localhost", port, Tls.owner(certs))
        .maxInboundMessageSize(Frames.FRAME_BYTES + (64 << 10)).build();
  }

  static ServerOptions serverOptions(Path dir) {
    return new ServerOptions(dir, 1, 60_000_000_000L, 64L << 20, 256L << 20, true);
  }

  static OwnerClient.Options ownerOptions(String run) {
    return new OwnerClient.Options(run, 60_000, 600_000, 3, 64L << 20);
  }

  static Duration day() {
    return Duration.ofDays(1);
  }
}
