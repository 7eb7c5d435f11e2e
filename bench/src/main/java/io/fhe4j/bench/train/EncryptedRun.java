package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.experiments.AccuracyTable;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;

/**
 * One encrypted training run and its plain twin: the context, the data owner (secret key and
 * refresher), the server ({@link EncryptedArithmetic}, public objects only), a {@link
 * FixedPointTrainer} on each arithmetic with the same configuration, and the step that feeds both
 * the same mini-batch. Used by the {@code train} command and {@code TrainingStepBenchmark}.
 * Mutable, not thread-safe.
 */
public final class EncryptedRun {
  final TrainOptions options;
  final Context context;
  final DataOwner owner;
  final EncryptedArithmetic server;
  final PlainArithmetic plain = new PlainArithmetic();
  final FixedPointTrainer<EncryptedMatrix> encrypted;
  final FixedPointTrainer<LongMatrix> reference;
  final TrainingConfig config;
  final long setupNanos;

  EncryptedRun(TrainOptions o) {
    long t0 = System.nanoTime();
    this.options = o;
    long t = smallestPrime(o.tBits, o.m);
    ContextBuilder b = new ContextBuilder().m(o.m).p(t).bits(o.bits).c(o.c);
    if (o.insecure) {
      b.allowInsecure();
    }
    this.context = b.build();
    this.owner = new DataOwner(context);
    this.server = new EncryptedArithmetic(context, owner.evaluationKeys(), owner, o.packing);
    FixedPointFormat format = new FixedPointFormat(o.f, o.fw, o.fc);
    FixedPointActivation act = AccuracyTable.fixedActivation(o.act, format);
    FixedPointActivation outAct = AccuracyTable.fixedActivation(o.outAct, format);
    this.config = new TrainingConfig(o.batch, Math.max(1, o.epochs), o.lr, o.seed, o.loss);
    this.encrypted = new FixedPointTrainer<>(server, o.net, format, act, outAct, config);
    this.reference = new FixedPointTrainer<>(plain, o.net, format, act, outAct, config);
    this.setupNanos = System.nanoTime() - t0;
  }

  /**
   * The smallest prime {@code t = 1 mod m} above {@code 2^(bits-1)}: the smallest plaintext modulus
   * of that size, so that {@code t/2 > 2^(bits-2)} bounds the values.
   */
  static long smallestPrime(int bits, int m) {
    if (bits < 3 || bits > 62) {
      throw new IllegalArgumentException("--t-bits must be in [3, 62], got " + bits);
    }
    long lower = 1L << (bits - 1);
    for (long q = (lower / m + 1) * m + 1; q < 2 * lower; q += m) {
      if (Primes.isPrime(q)) {
        return q;
      }
    }
    throw new IllegalArgumentException("no prime = 1 mod " + m + " has " + bits + " bits");
  }

  /** The recommended configuration (the {@code train} command's defaults). */
  public static EncryptedRun recommended() {
    return new EncryptedRun(new TrainOptions());
  }

  /** One encrypted step on samples {@code perm[from .. from+B)}; the reference too when asked. */
  public void step(FixedPointData data, int[] perm, int from, boolean withReference) {
    int bs = options.batch;
    LongMatrix x = data.features(perm, from, bs);
    LongMatrix y = data.oneHot(perm, from, bs, options.net.outputSize());
    encrypted.step(server.encode(x), server.encode(y));
    if (withReference) {
      reference.step(plain.encode(x), plain.encode(y));
    }
  }

  /** Whether the decrypted weights and biases equal the reference's, every layer. */
  public boolean bitIdentical() {
    for (int l = 0; l < options.net.layers(); l++) {
      if (!server.decode(encrypted.weights(l)).equals(reference.weights(l))
          || !server.decode(encrypted.biases(l)).equals(reference.biases(l))) {
        return false;
      }
    }
    return true;
  }
}
