package io.fhe4j.bench.train;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import java.nio.file.Path;

/**
 * The options of the {@code train} command, parsed from {@code --key value} flags. The defaults are a
 * run of a few minutes that visibly learns: 200 steps (12,000 images, one pass over the embedded
 * subset) of 196-32-10, otherwise the recommended encrypted configuration of nn-encrypted/README.md
 * (a 14x14 MNIST, degree-3 minimax sigmoids on [-8, 8] and [-32, 32], f = 8, f_w = 12, f_c = 16,
 * cross-entropy, lr 2^-5, batch 60) on N = 16384 with t the smallest prime = 1 mod 2N above 2^45
 * (values reach 2^44), four 60-bit primes, packed layouts. {@link #recommended()} is that
 * configuration with its 196-128-10 network. Mutable while parsing, then read only.
 */
final class TrainOptions {
  NetworkSpec net = NetworkSpec.of(196, 32, 10);
  int res = 14;
  String act = "poly3-mm8";
  String outAct = "poly3-mm32";
  int f = 8;
  int fw = 12;
  int fc = 16;
  Loss loss = Loss.CROSS_ENTROPY;
  LearningRate lr = LearningRate.powerOfTwo(5);
  int batch = 60;
  int steps = 200;
  int epochs;
  long seed = 1;
  int m = 32768;
  int tBits = 46;
  EncryptedArithmetic.Packing packing = EncryptedArithmetic.Packing.PACKED;
  int bits = 240;
  int c = 2;
  boolean insecure;
  boolean download;
  boolean embedded;
  Path data;
  Path out;
  Path checkpoint;
  int checkpointEvery = 100;
  int testImages = 10_000;
  int evalEvery = 20;

  static final String USAGE = String.join("\n",
      "usage: java -jar bench/target/fhe4j.jar train [--flag value ...]",
      "",
      "  --net 196-32-10      network widths (input = res*res; nn-encrypted's recommended 196-128-10",
      "                       reaches 97.2 % in 15 epochs at about twice the cost per step)",
      "  --res 14             input resolution: 28, 14, 8 or 7",
      "  --act poly3-mm8      hidden activation (poly<d>-mm<R> minimax, poly<d>-ls<R> least squares on [-R, R])",
      "  --out-act poly3-mm32 output activation",
      "  --f 8 --fw 12 --fc 16  fractional bits: activations, weights, polynomial coefficients",
      "  --loss ce            ce | quad | lin",
      "  --lr 5               learning rate 2^-s on the batch sum (or m/s)",
      "  --batch 60           mini-batch size",
      "  --steps 200          encrypted SGD steps (mini-batches); --epochs E overrides",
      "  --epochs 0           whole epochs instead of --steps",
      "  --seed 1             weights and batch order",
      "  --m 32768            cyclotomic index (N = m/2 slots)",
      "  --t-bits 46          t = the smallest prime = 1 mod m above 2^(t-bits - 1): safe while every",
      "                       value stays below 2^(t-bits - 2) in magnitude (ArithmeticStats)",
      "  --packing packed     packed (several groups per ciphertext, rotation folds) | unpacked (one group",
      "                       per ciphertext, no rotations) | paper (batch in the slots, one ciphertext",
      "                       per input feature and per weight, sums over the batch by rotations)",
      "  --bits 240 --c 2     ciphertext modulus bits and key-switching digits",
      "  --insecure           accept parameters below 128-bit security (tests only)",
      "  --threads N          worker threads (default: all cores; same as -Dfhe4j.threads)",
      "  --data DIR           MNIST folder (default: $MNIST_DIR, else the per-user cache; without",
      "                       either, or with --embedded, the subset in the jar: 12,000 / 2,000 images)",
      "  --download           fetch missing MNIST files (SHA-256 checked) into that folder",
      "  --embedded           train on the MNIST subset in the jar even if the full files are there",
      "  --out FILE           write the encrypted model there",
      "  --checkpoint DIR     resumable run: keep the owner's key and the encrypted model there (private!);",
      "                       rerun the same command to continue from the last checkpoint",
      "  --checkpoint-every K save every K steps and at the end of each epoch (default 100)",
      "  --test 10000         test images for the accuracy",
      "  --eval-every 20      print the test accuracy of the decrypted model every K steps (0: at the end)");

  /** The recommended configuration of nn-encrypted/README.md: the defaults with 196-128-10. */
  static TrainOptions recommended() {
    TrainOptions o = new TrainOptions();
    o.net = NetworkSpec.of(196, 128, 10);
    return o;
  }

  /**
   * What a run's results depend on (network, data, arithmetic, parameters, seed): a checkpoint may be
   * resumed only by a command with the same configuration.
   */
  String configuration() {
    return "net=" + net + " res=" + res + " act=" + act + " out-act=" + outAct + " f=" + f + " fw=" + fw + " fc=" + fc
        + " loss=" + loss + " lr=" + lr + " batch=" + batch + " seed=" + seed + " m=" + m + " t-bits=" + tBits
        + " packing=" + packing + " bits=" + bits + " c=" + c + (insecure ? " insecure" : "");
  }

  static TrainOptions parse(String[] args) {
    TrainOptions o = new TrainOptions();
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
      if (k.equals("--embedded")) {
        o.embedded = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + k + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (k) {
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
        case "--steps" -> o.steps = Integer.parseInt(v);
        case "--epochs" -> o.epochs = Integer.parseInt(v);
        case "--seed" -> o.seed = Long.parseLong(v);
        case "--m" -> o.m = Integer.parseInt(v);
        case "--t-bits" -> o.tBits = Integer.parseInt(v);
        case "--bits" -> o.bits = Integer.parseInt(v);
        case "--packing" -> o.packing = switch (v) {
          case "packed" -> EncryptedArithmetic.Packing.PACKED;
          case "unpacked" -> EncryptedArithmetic.Packing.UNPACKED;
          case "paper" -> EncryptedArithmetic.Packing.PAPER;
          default -> throw new IllegalArgumentException("--packing must be packed, unpacked or paper, got " + v);
        };
        case "--c" -> o.c = Integer.parseInt(v);
        case "--threads" -> System.setProperty("fhe4j.threads", v);
        case "--data" -> o.data = Path.of(v);
        case "--out" -> o.out = Path.of(v);
        case "--checkpoint" -> o.checkpoint = Path.of(v);
        case "--checkpoint-every" -> o.checkpointEvery = Integer.parseInt(v);
        case "--test" -> o.testImages = Integer.parseInt(v);
        case "--eval-every" -> o.evalEvery = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown flag " + k + "\n" + USAGE);
      }
    }
    if (o.evalEvery < 0) {
      throw new IllegalArgumentException("--eval-every must be >= 0 (0: only at the end), got " + o.evalEvery);
    }
    if (o.embedded && (o.data != null || o.download)) {
      throw new IllegalArgumentException("--embedded trains on the MNIST subset in the jar; drop --data and --download");
    }
    if (o.checkpointEvery < 1) {
      throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + o.checkpointEvery);
    }
    if (o.res * o.res != o.net.inputSize()) {
      throw new IllegalArgumentException("--res " + o.res + " gives " + o.res * o.res + " inputs but --net "
          + o.net + " expects " + o.net.inputSize());
    }
    return o;
  }
}
