package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.TrainingSetup;
import io.fhe4j.party.TrainOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One encrypted training run and its plain twin: the context, the data owner (secret key and
 * refresher), the server ({@link EncryptedArithmetic}, public objects only), a {@link
 * FixedPointTrainer} on each arithmetic with the same configuration, and the step that feeds both
 * the same mini-batch, all in one JVM without the protocol. Used by {@code train --in-process} and
 * {@code TrainingStepBenchmark}.
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
    this(o, null, null);
  }

  /**
   * A run in {@code context} with {@code owner}'s keys (a resumed checkpoint), or with a context
   * built from the options and fresh keys when both are null.
   */
  EncryptedRun(TrainOptions o, Context context, DataOwner owner) {
    long t0 = System.nanoTime();
    this.options = o;
    this.context = context != null ? context : o.context();
    this.owner = owner != null ? owner : new DataOwner(this.context);
    this.server = new EncryptedArithmetic(this.context, this.owner.evaluationKeys(), this.owner, o.packing());
    TrainingSetup setup = o.setup();
    FixedPointFormat format = setup.format();
    FixedPointActivation act = setup.hiddenActivation();
    FixedPointActivation outAct = setup.outputActivationFunction();
    this.config = new TrainingConfig(o.batch(), Math.max(1, o.epochs()), o.lr(), o.seed(), o.loss());
    this.encrypted = new FixedPointTrainer<>(server, o.net(), format, act, outAct, config);
    this.reference = new FixedPointTrainer<>(plain, o.net(), format, act, outAct, config);
    this.setupNanos = System.nanoTime() - t0;
  }

  /**
   * The recommended configuration of nn-encrypted/README.md ({@link TrainOptions#recommended()}: the {@code train}
   * command's defaults with the 196-128-10 network, the output activation poly3-mm12-mono and the schedule
   * {@link TrainOptions#RECOMMENDED_LR}).
   */
  public static EncryptedRun recommended() {
    return new EncryptedRun(TrainOptions.recommended());
  }

  /** One encrypted step on samples {@code perm[from .. from+B)}; the reference too when asked. */
  public void step(FixedPointData data, int[] perm, int from, boolean withReference) {
    int bs = options.batch();
    LongMatrix x = data.features(perm, from, bs);
    LongMatrix y = data.oneHot(perm, from, bs, options.net().outputSize());
    owner.atStep(encrypted.steps() + 1);
    encrypted.step(server.encode(x), server.encode(y));
    if (withReference) {
      referenceStep(data, perm, from);
    }
  }

  /** One step of the plain reference only (replaying the steps before a checkpoint). */
  void referenceStep(FixedPointData data, int[] perm, int from) {
    int bs = options.batch();
    reference.step(plain.encode(data.features(perm, from, bs)),
        plain.encode(data.oneHot(perm, from, bs, options.net().outputSize())));
  }

  /** The server's encrypted model (weights and biases per layer) in its smallest layouts. */
  List<Stored> exportModel() {
    List<Stored> out = new ArrayList<>();
    for (int l = 0; l < options.net().layers(); l++) {
      out.add(server.export(encrypted.weights(l)));
      out.add(server.export(encrypted.biases(l)));
    }
    return out;
  }

  /** Continues the encrypted trainer from a checkpointed model (weights and biases alternating). */
  void restoreModel(List<Stored> model, long steps, int stepsPerEpoch) {
    List<EncryptedMatrix> w = new ArrayList<>();
    List<EncryptedMatrix> b = new ArrayList<>();
    for (int l = 0; l < options.net().layers(); l++) {
      w.add(server.restore(model.get(2 * l)));
      b.add(server.restore(model.get(2 * l + 1)));
    }
    encrypted.restore(w, b, steps, stepsPerEpoch);
  }

  /** Whether the decrypted weights and biases equal the reference's, every layer. */
  public boolean bitIdentical() {
    for (int l = 0; l < options.net().layers(); l++) {
      if (!server.decode(encrypted.weights(l)).equals(reference.weights(l))
          || !server.decode(encrypted.biases(l)).equals(reference.biases(l))) {
        return false;
      }
    }
    return true;
  }
}
