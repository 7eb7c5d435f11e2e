package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.fixed.FixedPointFormat;
import java.nio.file.Path;

/**
 * The flags of the {@code owner} command: where the server is, the certificates, the owner's
 * private folder, and the run (the {@code train} command's flags and defaults: 14x14 MNIST,
 * 196-128-10, N = 16384, packed layouts). Mutable while parsing, then read only.
 */
final class OwnerOptions {
  String connect;
  Path certs;
  Path state;
  String runId = "run-1";
  NetworkSpec net = NetworkSpec.of(196, 128, 10);
  int res = 14;
  String act = "poly3-mm8";
  String outAct = "poly3-mm32";
  int f = 8;
  int fw = 12;
  int fc = 16;
  Loss loss = Loss.CROSS_ENTROPY;
  LearningRate lr = LearningRate.powerOfTwo(5);
  int batch = 60;
  long steps = 6;
  long seed = 1;
  int m = 32768;
  int tBits = 46;
  Packing packing = Packing.PACKED;
  int bits = 240;
  int c = 2;
  boolean insecure;
  boolean download;
  Path data;
  int testImages = 10_000;
  int synthetic;
  /** Set after loading: the run trains on the MNIST subset shipped in the jar (no files configured or cached). */
  boolean embeddedData;
  boolean local;

  static final String USAGE = String.join("\n",
      "usage: java -jar bench/target/fhe4j.jar owner --connect HOST:PORT --certs DIR --state DIR [--flag value ...]",
      "",
      "The data owner: keeps the secret key and the data, connects to the training server over mutual TLS,",
      "sends the context, the evaluation keys and encrypted data, answers refreshes, and decrypts the model.",
      "",
      "  --connect HOST:PORT  the server (its certificate must name HOST)",
      "  --local              instead: start a server in this JVM on a loopback port with fresh certificates",
      "                       (its folder and the certificates in --state/local), same protocol and bytes",
      "  --certs DIR          ca.pem, owner.pem, owner-key.pem (from the certs command)",
      "  --state DIR          the owner's private folder: secret key and run description (created; rerun to resume)",
      "  --run-id run-1       the run's name (letters, digits, '-', '_')",
      "  --synthetic N        train on N synthetic samples instead of MNIST (MNIST: $MNIST_DIR or --data DIR,",
      "                       else the per-user cache, else the subset shipped in the jar, as train)",
      "  and the train command's flags: --net --res --act --out-act --f --fw --fc --loss --lr --batch --steps",
      "  --seed --m --t-bits --packing --bits --c --insecure --threads --data --download --test");

  /** What the run's results depend on (stored in the state folder; a resume must match). */
  String configuration() {
    return "net=" + net + " res=" + res + " act=" + act + " out-act=" + outAct + " f=" + f + " fw=" + fw + " fc=" + fc
        + " loss=" + loss + " lr=" + lr + " batch=" + batch + " steps=" + steps + " seed=" + seed + " m=" + m
        + " t-bits=" + tBits + " packing=" + packing + " bits=" + bits + " c=" + c + (insecure ? " insecure" : "")
        + (synthetic > 0 ? " synthetic=" + synthetic : "") + (embeddedData ? " data=embedded" : "");
  }

  TrainingPlan plan() {
    return new TrainingPlan(net, new FixedPointFormat(f, fw, fc), act, outAct, loss, lr, batch, packing, steps);
  }

  Context buildContext() {
    ContextBuilder b = new ContextBuilder().m(m).p(smallestPrime(tBits, m)).bits(bits).c(c);
    if (insecure) {
      b.allowInsecure();
    }
    return b.build();
  }

  /** The smallest prime {@code t = 1 mod m} above {@code 2^(bits-1)} (as the train command). */
  static long smallestPrime(int bits, int m) {
    if (bits < 3 || bits > 58) {
      throw new IllegalArgumentException("--t-bits must be in [3, 58], got " + bits);
    }
    return Primes.smallest(bits, m);
  }

  static OwnerOptions parse(String[] args) {
    OwnerOptions o = new OwnerOptions();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (k.equals("--insecure")) {
        o.insecure = true;
        continue;
      }
      if (k.equals("--download")) {
        o.download = true;
        continue;
      }
      if (k.equals("--local")) {
        o.local = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + k + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      try {
        switch (k) {
          case "--connect" -> o.connect = v;
          case "--certs" -> o.certs = Path.of(v);
          case "--state" -> o.state = Path.of(v);
          case "--run-id" -> o.runId = v;
          case "--synthetic" -> o.synthetic = Integer.parseInt(v);
          case "--net" -> o.net = NetworkSpec.parse(v);
          case "--res" -> o.res = Integer.parseInt(v);
          case "--act" -> o.act = v;
          case "--out-act" -> o.outAct = v;
          case "--f" -> o.f = Integer.parseInt(v);
          case "--fw" -> o.fw = Integer.parseInt(v);
          case "--fc" -> o.fc = Integer.parseInt(v);
          case "--loss" -> o.loss = switch (v) {
            case "ce" -> Loss.CROSS_ENTROPY;
            case "quad" -> Loss.QUADRATIC;
            case "lin" -> Loss.QUADRATIC_LINEAR_OUTPUT;
            default -> throw new IllegalArgumentException("--loss must be ce, quad or lin, got " + v);
          };
          case "--lr" -> {
            if (v.contains("/")) {
              String[] p = v.split("/");
              o.lr = new LearningRate(Long.parseLong(p[0]), Integer.parseInt(p[1]));
            } else {
              o.lr = LearningRate.powerOfTwo(Integer.parseInt(v));
            }
          }
          case "--batch" -> o.batch = Integer.parseInt(v);
          case "--steps" -> o.steps = Long.parseLong(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--m" -> o.m = Integer.parseInt(v);
          case "--t-bits" -> o.tBits = Integer.parseInt(v);
          case "--bits" -> o.bits = Integer.parseInt(v);
          case "--c" -> o.c = Integer.parseInt(v);
          case "--packing" -> o.packing = Packing.valueOf(v.toUpperCase(java.util.Locale.ROOT));
          case "--threads" -> System.setProperty("fhe4j.threads", v);
          case "--data" -> o.data = Path.of(v);
          case "--test" -> o.testImages = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown flag " + k + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("flag " + k + " needs a number, got '" + v + "'");
      }
    }
    if (o.state == null || (!o.local && (o.connect == null || o.certs == null))) {
      throw new IllegalArgumentException("--state, and --connect and --certs (or --local), are required\n" + USAGE);
    }
    if (o.local && (o.connect != null || o.certs != null)) {
      throw new IllegalArgumentException("--local starts its own server: give no --connect or --certs");
    }
    if (!o.local && !o.connect.matches("[^:]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("--connect must be HOST:PORT, got '" + o.connect + "'");
    }
    if (!o.runId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("--run-id must be 1 to 64 of A-Z a-z 0-9 _ -, got '" + o.runId + "'");
    }
    if (o.synthetic == 0 && o.res * o.res != o.net.inputSize()) {
      throw new IllegalArgumentException("--res " + o.res + " gives " + o.res * o.res + " inputs but --net "
          + o.net + " expects " + o.net.inputSize());
    }
    return o;
  }
}
