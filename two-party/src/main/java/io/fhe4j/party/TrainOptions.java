package io.fhe4j.party;

import static io.fhe4j.party.FlagValues.activation;
import static io.fhe4j.party.FlagValues.choice;
import static io.fhe4j.party.FlagValues.firstLine;
import static io.fhe4j.party.FlagValues.hostPort;
import static io.fhe4j.party.FlagValues.learningRate;
import static io.fhe4j.party.FlagValues.longValue;
import static io.fhe4j.party.FlagValues.network;
import static io.fhe4j.party.FlagValues.ordered;
import static io.fhe4j.party.FlagValues.powerOfTwo;
import static io.fhe4j.party.FlagValues.runName;
import static io.fhe4j.party.FlagValues.schedule;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.InsecureParametersException;
import io.fhe4j.bgv.InvalidParametersException;
import io.fhe4j.math.Primes;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.fixed.Activations;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.TrainingSetup;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of the {@code train} and {@code owner} commands, parsed from {@code --flag value}
 * arguments: one table for both (the run's flags and defaults are the same; a few flags belong to
 * one command, see {@link Command}). The defaults are a run of a few minutes that visibly learns:
 * 200 steps (12,000 images, one pass over the embedded subset) of 196-32-10, otherwise the
 * recommended encrypted configuration of nn-encrypted/README.md (a 14x14 MNIST, degree-3 minimax
 * sigmoids on [-8, 8] and, clamped where it rises, on [-12, 12] ({@link Activations#OUTPUT}), f = 8, f_w = 12,
 * f_c = 16, cross-entropy, lr 2^-5, batch 60)
 * on N = 16384 with t the smallest prime = 1 mod 2N above 2^45 (values reach 2^44), ciphertext
 * primes of 60, 60, 35 and 50 bits (levels of 60, 120, 155 and 205 bits: the default network's
 * sources need 155 or 205), packed layouts. {@link #recommended()} is the MNIST recommendation (196-128-10 and a
 * learning-rate schedule).
 *
 * <p>Every flag is one entry of {@link #FLAGS}: its name, its default (applied through the same
 * parser as a value on the command line, so defaults are validated too), its help text, the
 * commands that take it, and a parser that checks the value and sets the field, throwing {@link
 * UsageException} naming the flag, the value and what is allowed. {@link #parse} then checks the
 * flags against each other and the paths, all before any work. To add a flag: add a field and its
 * accessor, one {@code option(...)} (or {@code toggle}, {@code path}) entry, and, if the run's
 * results depend on it, a term of {@link #configuration()}. Mutable while parsing, then read only
 * (the accessors); not thread-safe while parsing.
 */
public final class TrainOptions implements Cloneable {
  /** MNIST's training and test images and classes. */
  static final int TRAIN_IMAGES = 60_000;
  static final int TEST_IMAGES = 10_000;
  static final int CLASSES = 10;

  /** The commands that share this table. */
  public enum Command {
    /** {@code train}: both parties on this machine (or in one JVM with {@code --in-process}). */
    TRAIN("train", "usage: java -jar bench/target/fhe4j.jar train [--flag value ...]"),
    /** {@code owner}: the data owner of a two-party run. */
    OWNER("owner", String.join("\n",
        "usage: java -jar bench/target/fhe4j.jar owner --connect HOST:PORT --certs DIR --state DIR [--flag value ...]",
        "",
        "The data owner: keeps the secret key and the data, connects to the training server over mutual TLS,",
        "sends the context, the evaluation keys and encrypted data, answers refreshes, and decrypts the model."));

    private final String word;
    private final String head;

    Command(String word, String head) {
      this.word = word;
      this.head = head;
    }

    /** The command's name on the command line. */
    public String word() {
      return word;
    }
  }

  private final Command command;
  private NetworkSpec net;
  private int res;
  private String act;
  private String outAct;
  private int f;
  private int fw;
  private int fc;
  private Loss loss;
  private LearningRateSchedule lr;
  private int batch;
  private int steps;
  private int epochs;
  private long seed;
  private int m;
  private int tBits;
  private EncryptedArithmetic.Packing packing;
  /** Total ciphertext modulus bits in equal primes, or 0 when {@link #primeChain} is set. */
  private int bits;
  /** The ciphertext primes' sizes in chain order, or null for {@link #bits} in equal primes. */
  private int[] primeChain;
  private int c;
  private boolean insecure;
  private int threads;
  private boolean download;
  private boolean embedded;
  private Path data;
  private Path out;
  private Path checkpoint;
  private boolean inProcess;
  private int checkpointEvery;
  private int testImages;
  private int evalEvery;
  private String connect;
  private Path certs;
  private Path state;
  private String runId;
  private int synthetic;
  private boolean local;
  private String label;
  private String header;
  private Scaler.Kind scale;
  private Path testData;
  private double testFraction;
  private boolean unverified;
  private boolean netGiven;
  private DataKind dataKind = DataKind.MNIST;

  /** The command these options are of. */
  public Command command() {
    return command;
  }

  /** The network widths. */
  public NetworkSpec net() {
    return net;
  }

  /** The input resolution. */
  public int res() {
    return res;
  }

  /** The hidden activation name. */
  public String act() {
    return act;
  }

  /** The output activation name. */
  public String outAct() {
    return outAct;
  }

  /** Fractional bits of activations. */
  public int f() {
    return f;
  }

  /** Fractional bits of weights. */
  public int fw() {
    return fw;
  }

  /** Fractional bits of polynomial coefficients. */
  public int fc() {
    return fc;
  }

  /** The loss. */
  public Loss loss() {
    return loss;
  }

  /** The learning rate. */
  public LearningRateSchedule lr() {
    return lr;
  }

  /** The mini-batch size. */
  public int batch() {
    return batch;
  }

  /** SGD steps ({@link #epochs} overrides). */
  public int steps() {
    return steps;
  }

  /** Whole epochs instead of steps (0: use steps). */
  public int epochs() {
    return epochs;
  }

  /** The seed of the weights and batch order. */
  public long seed() {
    return seed;
  }

  /** The cyclotomic index. */
  public int m() {
    return m;
  }

  /** Bits of the plaintext modulus. */
  public int tBits() {
    return tBits;
  }

  /** The layout family. */
  public EncryptedArithmetic.Packing packing() {
    return packing;
  }

  /** Ciphertext modulus bits in equal primes, or 0 when {@link #primeChain()} is set. */
  public int bits() {
    return bits;
  }

  /** The ciphertext primes' sizes in chain order (a fresh array), or null for {@link #bits()} in equal primes. */
  public int[] primeChain() {
    return primeChain == null ? null : primeChain.clone();
  }

  /** Key-switching digits. */
  public int c() {
    return c;
  }

  /** Whether parameters under 128-bit security are accepted (tests only). */
  public boolean insecure() {
    return insecure;
  }

  /** Worker threads, 0 for the default (all cores or {@code -Dfhe4j.threads}). */
  public int threads() {
    return threads;
  }

  /** Whether missing MNIST files are fetched. */
  public boolean download() {
    return download;
  }

  /** Whether the MNIST subset in the jar is asked for. */
  public boolean embedded() {
    return embedded;
  }

  /** The MNIST folder, or null. */
  public Path data() {
    return data;
  }

  /** The model file to write, or null. */
  public Path out() {
    return out;
  }

  /** The checkpoint folder, or null. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** Whether train keeps both parties in one JVM without the protocol. */
  public boolean inProcess() {
    return inProcess;
  }

  /** Save every this many steps. */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /** Test images for the accuracy. */
  public int testImages() {
    return testImages;
  }

  /** Steps between accuracy lines (0: only at the end). */
  public int evalEvery() {
    return evalEvery;
  }

  /** The server HOST:PORT of the owner, or null. */
  public String connect() {
    return connect;
  }

  /** The owner's certificate folder, or null. */
  public Path certs() {
    return certs;
  }

  /** The owner's private folder, or null. */
  public Path state() {
    return state;
  }

  /** The run's name. */
  public String runId() {
    return runId;
  }

  /** Synthetic samples instead of MNIST (0: MNIST). */
  public int synthetic() {
    return synthetic;
  }

  /** Whether the owner starts a server in its JVM. */
  public boolean local() {
    return local;
  }

  /** What {@code --data} names. */
  public DataKind dataKind() {
    return dataKind;
  }

  /** Whether the data is the user's own (not MNIST's verified files or the embedded subset). */
  public boolean ownData() {
    return dataKind != DataKind.MNIST;
  }

  /** The CSV label column by name or 0-based index, or null for the last column. */
  public String label() {
    return label;
  }

  /** Whether the CSV file has a header line, or null to detect it. */
  public Boolean header() {
    return header == null || header.equals("auto") ? null : Boolean.valueOf(header.equals("yes"));
  }

  /** How CSV features are scaled (fitted on the training rows). */
  public Scaler.Kind scale() {
    return scale;
  }

  /** The user's test set (same form as {@code --data}), or null for a stratified split. */
  public Path testData() {
    return testData;
  }

  /** Whether {@code --data} names IDX files that are not MNIST's. */
  public boolean unverified() {
    return unverified;
  }

  /** The fraction of each class held out for testing when there is no {@code --test-data}. */
  public double testFraction() {
    return testFraction;
  }

  /**
   * These options with the network fitted to the data: {@code inputs} features and {@code classes}
   * classes around {@code --net}'s hidden widths (the default's when {@code --net} is not given).
   *
   * @throws UsageException if {@code --net} was given with other ends
   */
  public TrainOptions forData(int inputs, int classes) {
    NetworkSpec fitted = OwnDataFlags.network(net, netGiven, inputs, classes);
    try {
      TrainOptions c = (TrainOptions) clone();
      c.net = fitted;
      return c;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }


  /** The steps of the run on {@code trainSize} training samples: {@code --epochs} whole epochs, else {@code --steps}. */
  public long steps(int trainSize) {
    return epochs > 0 ? (long) epochs * (trainSize / batch) : steps;
  }

  /** How a flag's value is checked and stored. */
  @FunctionalInterface
  private interface Parser {
    void set(TrainOptions o, String flag, String value);
  }

  /**
   * One flag: {@code initial} is its default (null: unset), {@code shown} what the help prints after
   * the name (null for a switch, which takes no value), {@code commands} the commands that take it.
   */
  private record Flag(String name, String initial, String shown, String help, Parser parser, Set<Command> commands) {
    boolean takesValue() {
      return shown != null;
    }

    /** This flag for {@code only} that command. */
    Flag only(Command only) {
      return new Flag(name, initial, shown, help, parser, EnumSet.of(only));
    }
  }

  private static Flag option(String name, String initial, String help, Parser p) {
    return new Flag(name, initial, initial, help, p, EnumSet.allOf(Command.class));
  }

  private static Flag path(String name, String metavar, String help, Parser p) {
    return new Flag(name, null, metavar, help, p, EnumSet.allOf(Command.class));
  }

  private static Flag toggle(String name, String help, Parser p) {
    return new Flag(name, null, null, help, p, EnumSet.allOf(Command.class));
  }

  private static final List<Flag> FLAGS = List.of(
      option("--net", "196-32-10", "network widths (MNIST: input = res*res, output = 10 classes; your own --data:\n"
          + "its features and classes, the hidden widths from here); nn-encrypted's\n"
          + "recommended 196-128-10 reaches 97.2 % in 15 epochs at 252 products per step against 107",
          (o, k, v) -> o.net = network(k, v)),
      option("--res", "14", "input resolution: 28, 14, 8 or 7 for MNIST; 1..64 for an image folder or IDX files",
          (o, k, v) -> o.res = FlagValues.integer(k, v, 1, 64)),
      option("--act", "poly3-mm8", "hidden activation (poly<d>-mm<R> minimax, poly<d>-ls<R> least squares on [-R, R])",
          (o, k, v) -> o.act = activation(k, v)),
      option("--out-act", Activations.OUTPUT, "output activation; the suffix -mono clamps its input where it rises\n"
          + "(the default: its outputs stay within -0.023..1.023, so samples past their target barely pull back)",
          (o, k, v) -> o.outAct = activation(k, v)),
      option("--f", "8", "fractional bits of activations, 1..24", (o, k, v) -> o.f = integer(k, v, 1, 24)),
      option("--fw", "12", "fractional bits of weights, 1..30", (o, k, v) -> o.fw = integer(k, v, 1, 30)),
      option("--fc", "16", "fractional bits of polynomial coefficients, 0..30", (o, k, v) -> o.fc = integer(k, v, 0, 30)),
      option("--loss", "ce", "ce | quad | lin", (o, k, v) -> o.loss = choice(k, v,
          ordered("ce", Loss.CROSS_ENTROPY, "quad", Loss.QUADRATIC, "lin", Loss.QUADRATIC_LINEAR_OUTPUT))),
      option("--lr", "5", "learning rate 2^-s on the batch sum (s in 0..40), or m/s for m * 2^-s (m in 1..65536);\n"
          + "or a schedule RATE,RATE@STEP,... (e.g. 4,6@3000: 2^-4, then 2^-6 from step 3000)",
          (o, k, v) -> o.lr = schedule(k, v)),
      option("--batch", "60", "mini-batch size, 1..60000", (o, k, v) -> o.batch = integer(k, v, 1, TRAIN_IMAGES)),
      option("--steps", "200", "encrypted SGD steps (mini-batches), >= 1; --epochs E overrides",
          (o, k, v) -> o.steps = integer(k, v, 1, Integer.MAX_VALUE)),
      option("--epochs", "0", "whole epochs instead of --steps (0: use --steps)",
          (o, k, v) -> o.epochs = integer(k, v, 0, 10_000)),
      option("--seed", "1", "weights and batch order", (o, k, v) -> o.seed = longValue(k, v)),
      option("--m", "32768", "cyclotomic index, a power of two 2048..262144 (N = m/2 slots)",
          (o, k, v) -> o.m = powerOfTwo(k, v, 2048, 262_144)),
      option("--t-bits", "46", "t = the smallest prime = 1 mod m above 2^(t-bits - 1), 3..58: safe while every\n"
          + "value stays below 2^(t-bits - 2) in magnitude (ArithmeticStats)", (o, k, v) -> o.tBits = integer(k, v, 3, 58)),
      option("--packing", "packed", "packed (several groups per ciphertext, rotation folds) | unpacked (one group\n"
          + "per ciphertext, no rotations) | paper (batch in the slots, one ciphertext\n"
          + "per input feature and per weight, sums over the batch by rotations)", (o, k, v) -> o.packing = choice(k, v,
          ordered("packed", EncryptedArithmetic.Packing.PACKED, "unpacked", EncryptedArithmetic.Packing.UNPACKED,
              "paper", EncryptedArithmetic.Packing.PAPER))),
      option("--bits", "60,60,35,50", "ciphertext modulus: the primes' sizes q_0,q_1,... in chain order (each 20..60;\n"
          + "the default leaves the default network's values levels of 155 and 205 bits) or a\n"
          + "total of 20..4000 bits in equal primes of at most 60 bits (e.g. 240: 4 x 60)", (o, k, v) -> o.modulus(k, v)),
      option("--c", "2", "key-switching digits, 1..16", (o, k, v) -> o.c = integer(k, v, 1, 16)),
      toggle("--insecure", "accept parameters below 128-bit security (tests only)", (o, k, v) -> o.insecure = true),
      path("--threads", "N", "worker threads, 1..1024 (default: all cores; same as -Dfhe4j.threads)",
          (o, k, v) -> o.threads = integer(k, v, 1, 1024)),
      path("--data", "FILE_OR_DIR", "your data: a CSV/TSV file (numeric features, a label column), a folder with\n"
          + "one sub-folder of images per class, or a folder of IDX files; the network's input\n"
          + "and output widths follow the data. Default: MNIST from $MNIST_DIR, else the\n"
          + "per-user cache, else (or with --embedded) the subset in the jar (12,000 / 2,000)",
          (o, k, v) -> o.data = pathValue(k, v)),
      toggle("--download", "fetch missing MNIST files (SHA-256 checked) into that folder", (o, k, v) -> o.download = true),
      path("--label", "NAME_OR_INDEX", "CSV: the label column, by header name or 0-based index (default: the last)",
          (o, k, v) -> o.label = FlagValues.nonEmpty(k, v)),
      path("--header", "auto", "CSV: auto (detect) | yes | no: whether the first line names the columns",
          (o, k, v) -> o.header = choice(k, v, ordered("auto", "auto", "yes", "yes", "no", "no"))),
      option("--scale", "min-max", "CSV: min-max (to [0, 1]) | standardize (mean 0, deviation 1, clamped to +-4),\n"
          + "fitted on the training rows and saved with the model (images: always pixel / 255)",
          (o, k, v) -> o.scale = choice(k, v, ordered("min-max", Scaler.Kind.MIN_MAX, "standardize",
              Scaler.Kind.STANDARDIZE))),
      path("--test-data", "FILE_OR_DIR", "your test set, in the form of --data (default: a stratified split of --data)",
          (o, k, v) -> o.testData = pathValue(k, v)),
      option("--test-fraction", "0.2", "without --test-data: the part of each class held out for testing, 0.01..0.9",
          (o, k, v) -> o.testFraction = FlagValues.fraction(k, v, 0.01, 0.9)),
      toggle("--unverified", "--data names IDX files of another dataset under MNIST's names (no SHA-256 check;\n"
          + "classes counted from the labels)", (o, k, v) -> o.unverified = true),
      toggle("--embedded", "train on the MNIST subset in the jar even if the full files are there",
          (o, k, v) -> o.embedded = true),
      path("--out", "FILE", "write the encrypted model to this new file (an existing file is never replaced)",
          (o, k, v) -> o.out = pathValue(k, v)).only(Command.TRAIN),
      path("--checkpoint", "DIR", "resumable run: keep the owner's key and the encrypted model there (private!);\n"
          + "rerun the same command to continue from the last checkpoint", (o, k, v) -> o.checkpoint = pathValue(k, v))
          .only(Command.TRAIN),
      option("--checkpoint-every", "100", "save every K steps (>= 1) and at the end of each epoch",
          (o, k, v) -> o.checkpointEvery = integer(k, v, 1, Integer.MAX_VALUE)).only(Command.TRAIN),
      option("--test", "10000", "test images for the accuracy, 1..10000",
          (o, k, v) -> o.testImages = integer(k, v, 1, TEST_IMAGES)),
      option("--eval-every", "20", "print the decrypted model's test accuracy every K steps (0: only at the end)",
          (o, k, v) -> o.evalEvery = integer(k, v, 0, Integer.MAX_VALUE)).only(Command.TRAIN),
      toggle("--in-process", "keep both parties in this JVM without the protocol (no sockets; the bytes are\n"
          + "counted, not sent): the path of the tests and benchmarks", (o, k, v) -> o.inProcess = true)
          .only(Command.TRAIN),
      path("--connect", "HOST:PORT", "the server (its certificate must name HOST)", (o, k, v) -> o.connect = hostPort(k, v))
          .only(Command.OWNER),
      toggle("--local", "instead: start a server in this JVM on a loopback port with fresh certificates\n"
          + "(its folder and the certificates in --state/local), same protocol and bytes", (o, k, v) -> o.local = true)
          .only(Command.OWNER),
      path("--certs", "DIR", "ca.pem, owner.pem, owner-key.pem (from the certs command)",
          (o, k, v) -> o.certs = pathValue(k, v)).only(Command.OWNER),
      path("--state", "DIR", "the owner's private folder: secret key and run description (created; rerun to resume)",
          (o, k, v) -> o.state = pathValue(k, v)).only(Command.OWNER),
      option("--run-id", "run-1", "the run's name: 1 to 64 of A-Z a-z 0-9 _ -", (o, k, v) -> o.runId = runName(k, v))
          .only(Command.OWNER),
      path("--synthetic", "N", "train on N synthetic samples instead of MNIST, 1..60000",
          (o, k, v) -> o.synthetic = integer(k, v, 1, TRAIN_IMAGES)).only(Command.OWNER));

  private static final Map<String, Flag> BY_NAME = new HashMap<>();

  static {
    for (Flag f : FLAGS) {
      BY_NAME.put(f.name(), f);
    }
  }

  /** The defaults of {@code command} (every flag's initial value, validated by its parser). */
  private TrainOptions(Command command) {
    this.command = command;
    for (Flag f : FLAGS) {
      if (f.initial() != null && f.commands().contains(command)) {
        f.parser().set(this, f.name(), f.initial());
      }
    }
  }

  /** The defaults of the {@code train} command. */
  public TrainOptions() {
    this(Command.TRAIN);
  }

  /** The help text of {@code command}: its flags with their defaults. */
  public static String usage(Command command) {
    StringBuilder s = new StringBuilder(command.head).append('\n');
    for (Flag f : FLAGS) {
      if (!f.commands().contains(command)) {
        continue;
      }
      String head = "  " + f.name() + (f.takesValue() ? " " + f.shown() : "");
      String pad = " ".repeat(Math.max(1, 24 - head.length()));
      s.append('\n').append(head).append(pad).append(f.help().replace("\n", "\n" + " ".repeat(24)));
    }
    return s.append("\n  --help                this text").toString();
  }

  /**
   * The recommended MNIST configuration of nn-encrypted/README.md ({@code train} {@link #RECOMMENDED_FLAGS}): the
   * defaults with 196-128-10, the output activation clamped where it rises ({@code poly3-mm12-mono}) and the rate
   * 2^-6 for the first 300 steps (a warm-up), 5 x 2^-6 to step 1500, 2^-4 to step 3000, 2^-6 to step 3600, then 2^-7
   * (steps of batch 60: MNIST has 1000 an epoch). Same cost per step as the defaults at 196-128-10 (only the clamp
   * bound and plaintext constants differ).
   */
  public static TrainOptions recommended() {
    TrainOptions o = new TrainOptions();
    o.net = NetworkSpec.of(196, 128, 10);
    o.outAct = activation("--out-act", "poly3-mm12-mono");
    o.lr = schedule("--lr", RECOMMENDED_LR);
    return o;
  }

  /** The learning-rate schedule of {@link #recommended()}, as {@code --lr} takes it. */
  public static final String RECOMMENDED_LR = "6,5/6@300,4@1500,6@3000,7@3600";

  /** The flags of {@link #recommended()} on the command line (its network, output activation and schedule). */
  public static final String RECOMMENDED_FLAGS = "--net 196-128-10 --out-act poly3-mm12-mono --lr " + RECOMMENDED_LR;

  /**
   * What a run's results depend on (network, data, arithmetic, parameters, seed): a checkpoint may be
   * resumed only by a command with the same configuration. {@code clamp=interval} names the rescale
   * rule of the polynomial activations' inputs (saturating to the fitted interval, issue 22), so that
   * a checkpoint written under the earlier rule is refused by name instead of ending not bit-identical.
   */
  public String configuration() {
    return "net=" + net + " res=" + res + " act=" + act + " out-act=" + outAct + " f=" + f + " fw=" + fw + " fc=" + fc
        + " loss=" + loss + " lr=" + lr + " batch=" + batch + " seed=" + seed + " m=" + m + " t-bits=" + tBits
        + " packing=" + packing + " bits=" + modulusSpec() + " c=" + c + " clamp=interval" + (insecure ? " insecure" : "")
        + (synthetic > 0 ? " synthetic=" + synthetic : "");
  }

  /**
   * The context of these options: {@code --m}, t the smallest prime = 1 mod m of {@code --t-bits}
   * bits, {@code --bits}, {@code --c}, insecure parameters only with {@code --insecure}.
   *
   * @throws UsageException naming the flags if they give no valid or secure context
   */
  public Context context() {
    ContextBuilder b = new ContextBuilder().m(m).p(Primes.smallest(tBits, m)).c(c);
    if (primeChain != null) {
      b.primeChain(primeChain);
    } else {
      b.bits(bits);
    }
    if (insecure) {
      b.allowInsecure();
    }
    try {
      return b.build();
    } catch (InvalidParametersException | InsecureParametersException e) {
      throw new UsageException("--m " + m + " --bits " + modulusSpec() + " --c " + c + " --t-bits " + tBits
          + (insecure ? " --insecure" : "") + ": " + e.getMessage().replace("call allowInsecure()",
          "add --insecure (tests only)"));
    }
  }

  /**
   * The library configuration of these options ({@link TrainingSetup}): network, activations,
   * format, loss, learning rate, batch and seed.
   */
  public TrainingSetup setup() {
    return new TrainingSetup(net, act, outAct, new FixedPointFormat(f, fw, fc), loss, lr, batch, seed);
  }

  /** The training plan of these options for a run of {@code steps} steps. */
  public TrainingPlan plan(long steps) {
    return new TrainingPlan(net, new FixedPointFormat(f, fw, fc), act, outAct, loss, lr, batch, packing, steps);
  }

  /** {@link #parse(Command, String[])} for {@code train}. */
  public static TrainOptions parse(String[] args) {
    return parse(Command.TRAIN, args);
  }

  /**
   * Parses and validates {@code args} of {@code command}: each flag's value, then the flags against
   * each other, then the paths. With {@code --download}, a missing {@code --data} folder is created
   * here.
   *
   * @throws UsageException naming the flag, the value and what is allowed
   */
  public static TrainOptions parse(Command command, String[] args) {
    TrainOptions o = new TrainOptions(command);
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      Flag flag = BY_NAME.get(k);
      if (flag == null) {
        throw new UsageException(k.startsWith("-") ? "unknown option " + k + "; see --help"
            : "unexpected argument '" + k + "': every option is --name [value]; see --help");
      }
      if (!flag.commands().contains(command)) {
        Command other = flag.commands().iterator().next();
        throw new UsageException(k + " is an option of the " + other.word() + " command, not of " + command.word()
            + "; see --help");
      }
      String v = "";
      if (flag.takesValue()) {
        if (i + 1 >= args.length || BY_NAME.containsKey(args[i + 1])) {
          throw new UsageException(k + " needs a value (" + firstLine(flag.help()) + ")");
        }
        v = args[++i];
      }
      o.netGiven |= k.equals("--net");
      String before = given.put(k, v);
      if (before != null) {
        throw new UsageException(k + " is given twice" + (flag.takesValue() ? " (" + before + " and " + v + ")" : "")
            + ": give it once");
      }
      flag.parser().set(o, k, v);
    }
    if (command == Command.OWNER) {
      o.checkOwner();
    }
    o.checkPaths();
    o.checkTogether();
    OwnDataFlags.check(o, given.keySet());
    return o;
  }

  private void checkOwner() {
    if (state == null) {
      throw new UsageException("--state DIR is required: the owner's private folder (secret key, run description)");
    }
    if (local && (connect != null || certs != null)) {
      throw new UsageException("--local starts its own server: give no --connect or --certs");
    }
    if (!local && (connect == null || certs == null)) {
      throw new UsageException("--connect HOST:PORT and --certs DIR are required (or --local for a server in this JVM)");
    }
  }

  private void checkTogether() {
    if (embedded && (data != null || download)) {
      throw new UsageException("--embedded trains on the MNIST subset in the jar; drop --data and --download");
    }
    if (synthetic == 0 && !ownData() && res != 28 && res != 14 && res != 8 && res != 7) {
      throw new UsageException("--res " + res + ": must be one of 28, 14, 8, 7 for MNIST (1..64 for an image folder)");
    }
    if (synthetic == 0 && !ownData() && res * res != net.inputSize()) {
      throw new UsageException("--res " + res + " gives " + res * res + " inputs but --net " + net + " starts with "
          + net.inputSize() + ": make them agree (e.g. --res 14 with --net 196-...)");
    }
    if (synthetic == 0 && !ownData() && net.outputSize() != CLASSES) {
      throw new UsageException("--net " + net + " ends with " + net.outputSize() + " outputs: MNIST has "
          + CLASSES + " classes, so the last width must be 10");
    }
    FixedPointFormat format = new FixedPointFormat(f, fw, fc);
    buildActivation("--act", act, format);
    buildActivation("--out-act", outAct, format);
    try {
      io.fhe4j.math.Primes.smallest(tBits, m);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--t-bits " + tBits + " with --m " + m + ": " + e.getMessage()
          + "; use a larger --t-bits");
    }
  }

  private static void buildActivation(String flag, String name, FixedPointFormat format) {
    try {
      Activations.fixed(name, format);
    } catch (RuntimeException e) {
      throw new UsageException(flag + " " + name + ": cannot be built in fixed point with --f/--fw/--fc ("
          + e.getMessage() + ")");
    }
  }

  private void checkPaths() {
    if (data != null && Files.isRegularFile(data)) {
      if (unverified) {
        throw new UsageException("--unverified applies to a folder of IDX files, but --data " + data + " is a file");
      }
      dataKind = DataKind.CSV;
    } else if (data != null && Files.isDirectory(data)) {
      dataKind = OwnDataFlags.folderKind(data, unverified);
    } else if (unverified) {
      throw new UsageException("--unverified needs --data DIR, a folder of IDX files");
    }
    if (data != null && !Files.isDirectory(data) && !Files.isRegularFile(data)) {
      if (Files.exists(data)) {
        throw new UsageException("--data " + data + ": neither a file nor a folder; name a CSV file or a folder");
      }
      if (!download) {
        throw new UsageException("--data " + data + ": no such file or folder; name an existing one, or add"
            + " --download to fetch MNIST into a new folder");
      }
      try {
        Files.createDirectories(data);
      } catch (IOException | SecurityException e) {
        String why = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
            : e instanceof FileSystemException ? "the file system refused it" : e.getMessage();
        throw new UsageException("--data " + data + ": cannot create the folder to download MNIST into (" + why
            + "); name a writable folder");
      }
    }
    if (out != null) {
      if (Files.exists(out)) {
        throw new UsageException("--out " + out + ": the file exists and a model is never overwritten; name a new file");
      }
      Path scaler = out.resolveSibling(out.getFileName() + ScalerFile.SUFFIX);
      if (dataKind == DataKind.CSV && Files.exists(scaler)) {
        throw new UsageException("--out " + out + ": " + scaler + " (the model's scaler) exists and is never"
            + " overwritten; name a new file");
      }
      Path parent = out.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new UsageException("--out " + out + ": the folder " + parent + " does not exist; create it first");
      }
    }
    if (checkpoint != null && Files.exists(checkpoint) && !Files.isDirectory(checkpoint)) {
      throw new UsageException("--checkpoint " + checkpoint + ": exists and is not a folder; name a folder"
          + " (a new one starts a run, the folder of an earlier run resumes it)");
    }
  }

  /** Parses {@code --bits}: a total ("240") or the primes' sizes ("60,60,35,50"). */
  private void modulus(String flag, String v) {
    primeChain = FlagValues.primeChain(flag, v);
    bits = primeChain == null ? integer(flag, v, 20, 4000) : 0;
  }

  /** {@code --bits} as given, normalized: "240" or "60,60,35,50". */
  public String modulusSpec() {
    return primeChain == null ? Integer.toString(bits)
        : java.util.Arrays.stream(primeChain).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
  }

  /** A whole number of {@code flag} in {@code [min, max]} ({@link FlagValues#integer}). */
  public static int integer(String flag, String v, int min, int max) {
    return FlagValues.integer(flag, v, min, max);
  }

  /** A path of {@code flag} ({@link FlagValues#pathValue}). */
  public static Path pathValue(String flag, String v) {
    return FlagValues.pathValue(flag, v);
  }

  /** The ciphertext primes: "4 x 60-bit primes", or "primes of 60, 60, 35, 50 bits" for a chain. */
  public static String primes(io.fhe4j.bgv.Context c) {
    int[] chain = c.primeChain();
    if (chain.length == 0) {
      return c.maxLevel() + " x " + c.primeBits() + "-bit primes";
    }
    return "primes of " + java.util.Arrays.stream(chain).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(", ")) + " bits";
  }
}
