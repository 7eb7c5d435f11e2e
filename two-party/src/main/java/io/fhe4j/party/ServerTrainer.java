package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.party.proto.DataRequest;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.ServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's training loop: whenever an owner is connected, it rebuilds the trainer from the last
 * checkpoint (or from the owner's initial parameters), runs the remaining SGD steps with {@link
 * EncryptedArithmetic} over a {@link RemoteOwner}, saves the encrypted model after every {@code
 * checkpointEvery} steps and after each step the owner asked to see the model of (it is then sent,
 * for the owner to evaluate), and finally sends the model to the owner. A lost owner (stream ended,
 * deadline passed, request refused) abandons the attempt; the next attempt starts again from the
 * checkpoint, which the refresher's deterministic rounding makes bit-identical. Runs on its own
 * thread; {@link #finished()} is thread-safe.
 */
final class ServerTrainer implements Runnable {
  private static final Logger LOG = Logger.getLogger(ServerTrainer.class.getName());

  private final OwnerLink link;
  private final ServerCheckpoint checkpoint;
  private final TrainingPlan plan;
  private final Context context;
  private final EvaluationKeys keys;
  private final int checkpointEvery;
  /** Where the tensor products run (this JVM, or Spark executors). */
  private final SliceProducts productsOn;
  private volatile boolean finished;
  private volatile boolean stopped;
  private long computeNanos;
  private long stepsTrained;
  /** Forward, backward and update time, and tensor products, relinearizations and rotations, since the start. */
  private final long[] phases = new long[3];
  private final long[] products = new long[3];

  ServerTrainer(OwnerLink link, ServerCheckpoint checkpoint, TrainingPlan plan, Context context, EvaluationKeys keys,
      int checkpointEvery, SliceProducts products) {
    this.productsOn = products;
    this.link = link;
    this.checkpoint = checkpoint;
    this.plan = plan;
    this.context = context;
    this.keys = keys;
    this.checkpointEvery = checkpointEvery;
  }

  /** Whether the owner acknowledged the final model. */
  boolean finished() {
    return finished;
  }

  void stop() {
    stopped = true;
  }

  /** Whether training stopped without finishing (a folder it cannot use, an internal error). */
  boolean failed() {
    return stopped && !finished;
  }

  @Override
  public void run() {
    while (!finished && !stopped) {
      try {
        if (!link.awaitOwner(TimeUnit.SECONDS.toNanos(1))) {
          continue;
        }
        attempt();
        finished = true;
        link.complete();
        LOG.info("run finished: the owner acknowledged the model after " + plan.steps() + " steps");
      } catch (OwnerGoneException e) {
        LOG.warning("step abandoned, will resume from the checkpoint when the owner is back: " + e.getMessage());
        pause();
      } catch (ProtocolException e) {
        LOG.warning("step abandoned, the owner's stream ended: " + e.code() + ": " + e.getMessage());
        link.drop("step abandoned: " + e.getMessage());
        pause();
      } catch (IOException e) {
        LOG.log(Level.SEVERE, "cannot use the checkpoint folder " + checkpoint.dir() + ": " + e.getMessage(), e);
        stopped = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) { // also checked exceptions thrown undeclared (Spark's, from Scala): never a dead thread
        LOG.log(Level.SEVERE, "training stopped: " + e, e);
        stopped = true;
      }
    }
  }

  private void attempt() throws IOException {
    RemoteOwner owner = new RemoteOwner(link, context, plan.steps());
    checkpoint.awaitWrites();
    ServerCheckpoint.Saved saved = checkpoint.model(context);
    long done = saved == null ? 0 : saved.steps();
    List<Stored> model;
    if (done >= plan.steps()) {
      model = saved.model();
    } else {
      model = train(owner, saved);
    }
    sendModel(plan.steps(), model);
  }

  /** Sends the model after {@code steps} steps with the server's figures; the owner acknowledges it. */
  private void sendModel(long steps, List<Stored> model) {
    FinalModel.Builder fm = FinalModel.newBuilder().setSteps(steps).setServerComputeNanos(computeNanos)
        .setServerSteps(stepsTrained).setServerForwardNanos(phases[0]).setServerBackwardNanos(phases[1])
        .setServerUpdateNanos(phases[2]).setTensorProducts(products[0]).setRelinearizations(products[1])
        .setRotations(products[2]);
    for (Stored s : model) {
      fm.addValues(Wire.toValue(s));
    }
    RemoteOwner.expect(link.call(ServerRequest.newBuilder().setStep(steps).setModel(fm)), OwnerReply.BodyCase.ACK);
  }

  private List<Stored> train(RemoteOwner owner, ServerCheckpoint.Saved saved) throws IOException {
    NetworkSpec spec = plan.spec();
    EncryptedArithmetic arith = new EncryptedArithmetic(context, keys, owner, plan.packing(), productsOn);
    List<EncryptedMatrix> w = new ArrayList<>();
    List<EncryptedMatrix> b = new ArrayList<>();
    long done = saved == null ? 0 : saved.steps();
    owner.step(done);
    for (int l = 0; l < spec.layers(); l++) {
      if (saved == null) {
        w.add(arith.ownerValue(owner.dataHandle(DataRequest.Part.WEIGHTS, 0, l), spec.size(l + 1), spec.size(l)));
        b.add(arith.ownerValue(owner.dataHandle(DataRequest.Part.BIASES, 0, l), 1, spec.size(l + 1)));
      } else {
        w.add(arith.restore(saved.model().get(2 * l)));
        b.add(arith.restore(saved.model().get(2 * l + 1)));
      }
    }
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(arith, spec, plan.format(),
        plan.hiddenActivation(), plan.outputActivationFunction(), plan.config(0), w, b);
    trainer.restore(w, b, done, 1);
    List<Stored> model = null;
    for (long s = done; s < plan.steps(); s++) {
      long[] phase0 = arith.phaseNanos();
      long[] products0 = {arith.tensorProducts(), arith.relinearizations(), arith.rotations()};
      owner.step(s);
      EncryptedMatrix x = arith.ownerValue(owner.dataHandle(DataRequest.Part.INPUTS, s, 0), plan.batch(),
          spec.inputSize());
      EncryptedMatrix y = arith.ownerValue(owner.dataHandle(DataRequest.Part.LABELS, s, 0), plan.batch(),
          spec.outputSize());
      trainer.step(x, y);
      long[] phase1 = arith.phaseNanos();
      for (int i = 0; i < 3; i++) {
        phases[i] += phase1[i] - phase0[i];
        computeNanos += phase1[i] - phase0[i];
      }
      products[0] += arith.tensorProducts() - products0[0];
      products[1] += arith.relinearizations() - products0[1];
      products[2] += arith.rotations() - products0[2];
      stepsTrained++;
      boolean wanted = s + 1 < plan.steps() && owner.modelWantedAfter(s);
      boolean save = (s + 1) % checkpointEvery == 0 || s + 1 == plan.steps() || wanted;
      if (save) {
        model = export(arith, trainer);
        checkpoint.saveModel(s + 1, model);
        if (wanted || s + 1 == plan.steps()) {
          checkpoint.awaitWrites(); // on disk before the owner sees the model
        }
      }
      LOG.info("step " + (s + 1) + " of " + plan.steps() + " done" + (save ? ", checkpoint saved" : ""));
      if (wanted) {
        sendModel(s + 1, model);
      }
    }
    return model;
  }

  private List<Stored> export(EncryptedArithmetic arith, FixedPointTrainer<EncryptedMatrix> trainer) {
    List<Stored> out = new ArrayList<>();
    for (int l = 0; l < plan.spec().layers(); l++) {
      out.add(arith.export(trainer.weights(l)));
      out.add(arith.export(trainer.biases(l)));
    }
    return out;
  }

  private void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
