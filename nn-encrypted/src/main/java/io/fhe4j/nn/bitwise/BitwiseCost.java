package io.fhe4j.nn.bitwise;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.circuits.BinaryArith;
import io.fhe4j.circuits.BinaryInt;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TableSigmoid;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupFixedActivation;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.nio.file.Path;
import java.util.Random;

/**
 * The measurements behind the bitwise comparison table of {@code nn-encrypted/BITWISE-TRAINING.md}
 * (a program; single-threaded, not thread-safe).
 *
 * <ul>
 *   <li>{@code step MNIST_DIR net res k f fw loss lrShift batch slots}: one SGD step (the first
 *       mini-batch of epoch 0) of {@code FixedPointTrainer<BitMatrix<long[]>>} on the plain bit
 *       backend with {@code slots} slots, checked bit for bit against {@code
 *       FixedPointTrainer<LongMatrix>}; prints the exact ciphertext products (ANDs) per operation,
 *       the largest depth between refreshes, refreshes and refreshed bit ciphertexts, rotations.
 *   <li>{@code slice m bits width}: on BGV over GF(2) with cyclotomic index m and a chain of
 *       about {@code bits} bits, times one signed width x width-bit product from fresh ciphertexts
 *       (8 bits: 161 ANDs, depth 9) and one refresh of a bit (decrypt + encrypt), and prints ms
 *       per AND (one bit in the constant coefficient; any m, power-of-two included).
 *   <li>{@code simd m bits width slots}: the same on the GF(2^d) slots of an odd m with {@code
 *       slots} logical slots ({@link SimdSlotBits}, the paper's packing: a mini-batch of that many
 *       samples): a signed width x width-bit product on every slot, each logical rotation of the
 *       {@code totalSums} over the slots, a mask, and a bit refresh (decrypt + encrypt), each
 *       checked slot by slot against the plain slots; prints the context's security (HE standard
 *       table and HElib's estimate) and ms per AND, per rotation, per mask, per refresh.
 * </ul>
 */
public final class BitwiseCost {
  private BitwiseCost() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("step") && (args.length == 11 || args.length == 14)) {
      step(args);
    } else if (args.length > 0 && args[0].equals("slice") && args.length == 4) {
      slice(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    } else if (args.length > 0 && args[0].equals("simd") && args.length == 5) {
      simd(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      System.err.println("usage: BitwiseCost step MNIST_DIR net res k f fw loss lrShift batch slots [m bits full|levelled]\n"
          + "       BitwiseCost slice m bits width\n"
          + "       BitwiseCost simd m bits width slots   (odd m: GF(2^d) slots)");
      System.exit(2);
    }
  }

  private static void step(String[] a) {
    Path dir = Path.of(a[1]);
    NetworkSpec spec = NetworkSpec.parse(a[2]);
    int res = Integer.parseInt(a[3]);
    int k = Integer.parseInt(a[4]);
    FixedPointFormat fmt = new FixedPointFormat(Integer.parseInt(a[5]), Integer.parseInt(a[6]), 16);
    Loss loss = Loss.valueOf(a[7]);
    int batch = Integer.parseInt(a[9]);
    int slots = Integer.parseInt(a[10]);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(Integer.parseInt(a[8])), 1, loss);
    Dataset train = Mnist.load(Split.TRAIN, MnistOptions.builder().directory(dir).build());
    if (res != 28) {
      train = train.downsample(res);
    }
    FixedPointData data = FixedPointData.of(train, fmt.fracBits());
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    LookupFixedActivation act = new LookupFixedActivation(TableSigmoid.covering8(k), fmt);

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, cfg);
    ref.step(plain.encode(data.features(perm, 0, batch)), plain.encode(data.oneHot(perm, 0, batch, spec.outputSize())));

    PlainSlotBits sb = new PlainSlotBits(slots);
    BitwiseArithmetic<long[]> bits = new BitwiseArithmetic<>(sb, batch, 0, 2);
    FixedPointTrainer<BitMatrix<long[]>> bt = new FixedPointTrainer<>(bits, spec, fmt, act, cfg);
    BitMatrix<long[]> x = bits.encode(data.features(perm, 0, batch));
    BitMatrix<long[]> y = bits.encode(data.oneHot(perm, 0, batch, spec.outputSize()));
    long inputBits = x.bitValues() + y.bitValues();
    long weightBits = 0;
    for (int l = 0; l < spec.layers(); l++) {
      weightBits += bt.weights(l).bitValues() + bt.biases(l).bitValues();
    }
    bits.stats().reset();
    long t0 = System.nanoTime();
    bt.step(x, y);
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean exact = sameModel(spec, plain, ref, bits, bt);
    BitwiseStats s = bits.stats();
    System.out.printf("net %s res %d lut%d %s %s lr 2^-%s batch %d slots %d: bit-exact %b%n", spec, res, k, fmt, loss,
        a[8], batch, slots, exact);
    System.out.printf("  products/step %d, max depth %d, refreshes %d (bit ciphertexts in %d, out %d), rotations %d,"
        + " masks %d, input bit ciphertexts/batch %d, weight bit ciphertexts %d, plain time %.1f s%n", s.totalProducts(),
        s.maxDepth(), s.refreshes(), s.refreshedBitsIn(), s.refreshedBitsOut(), sb.rotations(), sb.masks(), inputBits,
        weightBits, seconds);
    System.out.println("  per operation: " + s.products() + "\n  depth per operation: " + s.depths());
    for (int l = 0; l < spec.layers(); l++) {
      bits.decode(bt.weights(l));
      bits.decode(bt.biases(l));
    }
    System.out.println("  depth per segment (owner encryption; initial weights first, then the step's uploads and"
        + " refreshes): " + java.util.Arrays.toString(bits.segmentDepths()));
    if (!exact) {
      System.exit(1);
    }
    if (a.length == 14) {
      boolean encExact = encryptedStep(a, spec, fmt, act, cfg, plain, ref, data.features(perm, 0, batch),
          data.oneHot(perm, 0, batch, spec.outputSize()), s.totalProducts(), sb.rotations(), bits.segmentDepths());
      if (!encExact) {
        System.exit(1);
      }
    }
  }

  /**
   * The same step on ciphertexts: {@link SimdSlotBits} with the batch across S slots of an odd m,
   * a chain of about {@code bits} bits, every segment at the top ({@code full}) or at the level its
   * plain depth needs ({@code levelled}); one thread's CPU time and the wall time of the step
   * (encryption of x and y excluded, refreshes included). Returns whether it is bit-exact.
   */
  private static boolean encryptedStep(String[] a, NetworkSpec spec, FixedPointFormat fmt, LookupFixedActivation act,
      TrainingConfig cfg, PlainArithmetic plain, FixedPointTrainer<LongMatrix> ref, LongMatrix features,
      LongMatrix labels, long plainProducts, long plainRotations, int[] plan) {
    int slots = Integer.parseInt(a[10]);
    boolean levelled = switch (a[13]) {
      case "levelled" -> true;
      case "full" -> false;
      default -> throw new IllegalArgumentException("the last argument must be full or levelled, got " + a[13]);
    };
    Context ctx = sliceContext(Integer.parseInt(a[11]), Integer.parseInt(a[12]));
    GeneralEncryptedArray array = new GeneralEncryptedArray(ctx);
    KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 7);
    SecretKey sk = kg.secretKey();
    Evaluator ev = new Evaluator(kg.evaluationKeys(sk, true, SimdSlotBits.keyElements(array, slots)));
    SimdSlotBits sb = new SimdSlotBits(new EncryptedBitBackend(ev), array, slots, new Encryptor(sk), new Decryptor(sk),
        levelled ? SimdSlotBits.twoAndsPerPrime() : null);
    BitwiseArithmetic<Ciphertext> enc = new BitwiseArithmetic<>(sb, cfg.batchSize(), 0, 2, levelled ? plan : null);
    FixedPointTrainer<BitMatrix<Ciphertext>> et = new FixedPointTrainer<>(enc, spec, fmt, act, cfg);
    BitMatrix<Ciphertext> x = enc.encode(features);
    BitMatrix<Ciphertext> y = enc.encode(labels);
    enc.stats().reset();
    long r0 = sb.rotations();
    long e0 = sb.encryptions();
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    et.step(x, y);
    double cpu = (cpuNanos() - c0) / 1e9;
    double wall = (System.nanoTime() - t0) / 1e9;
    boolean exact = sameModel(spec, plain, ref, enc, et);
    BitwiseStats s = enc.stats();
    System.out.printf("encrypted step on %s (%s): bit-exact %b; products %d (plain %d), rotations %d (plain %d),"
        + " refreshes %d, %d fresh bit encryptions in the step (mean level %.1f of %d); CPU %.1f s, wall %.1f s%n",
        sb, a[13], exact, s.totalProducts(), plainProducts, sb.rotations() - r0, plainRotations, s.refreshes(),
        sb.encryptions() - e0, sb.meanFreshLevel(), ctx.maxLevel(), cpu, wall);
    return exact && s.totalProducts() == plainProducts && sb.rotations() - r0 == plainRotations;
  }

  /** Whether the bitwise trainer holds the reference's weights and biases, value for value. */
  private static <B> boolean sameModel(NetworkSpec spec, PlainArithmetic plain, FixedPointTrainer<LongMatrix> ref,
      BitwiseArithmetic<B> arithmetic, FixedPointTrainer<BitMatrix<B>> trainer) {
    boolean same = true;
    for (int l = 0; l < spec.layers(); l++) {
      same &= plain.decode(ref.weights(l)).equals(arithmetic.decode(trainer.weights(l)))
          && plain.decode(ref.biases(l)).equals(arithmetic.decode(trainer.biases(l)));
    }
    return same;
  }

  private static Context sliceContext(int m, int bits) {
    long t0 = System.nanoTime();
    Context ctx = new ContextBuilder().m(m).p(2).bits(bits).c(3).allowInsecure().build();
    System.out.printf("context m = %d: N = phi(m) = %d, log2 Q = %.0f, log2 QP = %.0f, %d ciphertext primes, security %.1f"
        + " (HE standard), %.1f (HElib estimate); built in %.1f s%n", m, ctx.n(), ctx.logQ(ctx.maxLevel()), ctx.logQP(),
        ctx.ciphertextPrimes().length, ctx.securityLevel(), ctx.helibSecurityEstimate(), (System.nanoTime() - t0) / 1e9);
    return ctx;
  }

  private static void slice(int m, int bits, int width) {
    Context ctx = sliceContext(m, bits);
    SecretKey sk = KeyGenerator.deterministicForTests(ctx, 7).secretKey();
    Evaluator ev = new Evaluator(KeyGenerator.deterministicForTests(ctx, 8).evaluationKeys(sk, true));
    EncryptedBitBackend backend = new EncryptedBitBackend(ev);
    Encryptor enc = new Encryptor(sk);
    Decryptor dec = new Decryptor(sk);
    BinaryArith<Ciphertext> ar = new BinaryArith<>(backend);
    Random rnd = new Random(1);
    for (int rep = 0; rep < 1; rep++) {
      long x = rnd.nextLong() << (64 - width) >> (64 - width);
      long y = rnd.nextLong() << (64 - width) >> (64 - width);
      BinaryInt<Ciphertext> cx = backend.encrypt(enc, x, width, true);
      BinaryInt<Ciphertext> cy = backend.encrypt(enc, y, width, true);
      long m0 = backend.multiplications();
      long t0 = System.nanoTime();
      BinaryInt<Ciphertext> p = ar.multiply(cx, cy);
      double ms = (System.nanoTime() - t0) / 1e6;
      long ands = backend.multiplications() - m0;
      if (backend.decrypt(dec, p) != x * y) {
        throw new IllegalStateException("wrong product " + x + " * " + y);
      }
      long t1 = System.nanoTime();
      Ciphertext c = p.topBit().value();
      long b = dec.decrypt(c).coefficient(0);
      enc.encrypt(io.fhe4j.bgv.Plaintext.constant(ctx, b));
      double refreshMs = (System.nanoTime() - t1) / 1e6;
      System.out.printf(width + "x" + width + " signed product: %d ANDs, depth %d, %.0f ms = %.1f ms per AND; one bit refresh (decrypt +"
          + " encrypt) %.1f ms%n", ands, p.depth(), ms, ms / ands, refreshMs);
    }
  }

  private static void simd(int m, int bits, int width, int n) {
    Context ctx = sliceContext(m, bits);
    long t0 = System.nanoTime();
    GeneralEncryptedArray array = new GeneralEncryptedArray(ctx);
    KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 7);
    SecretKey sk = kg.secretKey();
    long[] elements = SimdSlotBits.keyElements(array, n);
    Evaluator ev = new Evaluator(kg.evaluationKeys(sk, true, elements));
    SimdSlotBits sb = new SimdSlotBits(new EncryptedBitBackend(ev), array, n, new Encryptor(sk), new Decryptor(sk));
    PlainSlotBits ref = new PlainSlotBits(n);
    System.out.printf("%s; relinearization + %d Galois keys in %.1f s%n", sb, elements.length,
        (System.nanoTime() - t0) / 1e9);
    BinaryArith<Ciphertext> ar = new BinaryArith<>(sb.backend());
    BinaryArith<long[]> par = new BinaryArith<>(ref.backend());
    Random rnd = new Random(1);
    long[] x = new long[n];
    long[] y = new long[n];
    for (int s = 0; s < n; s++) {
      x[s] = rnd.nextLong() << (64 - width) >> (64 - width);
      y[s] = rnd.nextLong() << (64 - width) >> (64 - width);
    }
    BinaryInt<Ciphertext> cx = encryptInts(sb, x, width);
    BinaryInt<Ciphertext> cy = encryptInts(sb, y, width);
    long m0 = sb.backend().multiplications();
    t0 = System.nanoTime();
    long c0 = cpuNanos();
    BinaryInt<Ciphertext> p = ar.multiply(cx, cy);
    double ms = (System.nanoTime() - t0) / 1e6;
    double cpuMs = (cpuNanos() - c0) / 1e6;
    long ands = sb.backend().multiplications() - m0;
    long[] expected = ref.backend().decode(par.multiply(ref.backend().encode(x, width, true),
        ref.backend().encode(y, width, true)));
    for (int i = 0; i < p.width(); i++) {
      long[] bit = p.bit(i).isConstant() ? null : sb.decrypt(p.bit(i).value());
      for (int s = 0; bit != null && s < n; s++) {
        if (bit[s] != (expected[s] >>> i & 1)) {
          throw new IllegalStateException("wrong product bit " + i + " in slot " + s);
        }
      }
    }
    System.out.printf("%dx%d signed product on %d slots: %d ANDs, depth %d, %.0f ms wall = %.1f ms per AND (%.2f ms per AND"
        + " and slot); CPU time of this thread %.1f ms per AND%n", width, width, n, ands, p.depth(), ms, ms / ands,
        ms / ands / n, cpuMs / ands);
    Ciphertext c = cx.bit(0).value();
    long[] plain = sb.decrypt(c);
    double rotMs = 0;
    double rotCpuMs = 0;
    int[] amounts = SimdSlotBits.totalSumsAmounts(n);
    long r0 = sb.arrayRotations();
    for (int k : amounts) {
      t0 = System.nanoTime();
      c0 = cpuNanos();
      Ciphertext r = sb.rotate(c, k);
      rotMs += (System.nanoTime() - t0) / 1e6;
      rotCpuMs += (cpuNanos() - c0) / 1e6;
      if (!java.util.Arrays.equals(sb.decrypt(r), ref.rotate(plain, k))) {
        throw new IllegalStateException("wrong rotation by " + k);
      }
    }
    long[] mask = new long[n];
    for (int s = 0; s < n; s++) {
      mask[s] = rnd.nextInt(2);
    }
    mask[0] = 1;
    mask[1] = 0;
    t0 = System.nanoTime();
    Ciphertext masked = sb.mask(c, mask);
    double maskMs = (System.nanoTime() - t0) / 1e6;
    if (!java.util.Arrays.equals(sb.decrypt(masked), ref.mask(plain, mask))) {
      throw new IllegalStateException("wrong mask");
    }
    t0 = System.nanoTime();
    Ciphertext fresh = sb.encrypt(sb.decrypt(p.topBit().value()));
    double refreshMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf("rotations of totalSums over %d slots %s: %.1f ms wall (CPU %.1f ms) per logical rotation (%d array"
        + " rotations each); mask %.1f ms (first use, encoding included); bit refresh (decrypt + encrypt) %.1f ms;"
        + " fresh bit level %d%n", n, java.util.Arrays.toString(amounts), rotMs / amounts.length,
        rotCpuMs / amounts.length, (sb.arrayRotations() - r0) / amounts.length, maskMs, refreshMs, fresh.level());
  }

  /** CPU time of the current thread (meaningful with {@code -Dfhe4j.threads=1}: then all the work is on it). */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static BinaryInt<Ciphertext> encryptInts(SimdSlotBits sb, long[] v, int width) {
    java.util.List<Ciphertext> bits = new java.util.ArrayList<>(width);
    long[] b = new long[v.length];
    for (int i = 0; i < width; i++) {
      for (int s = 0; s < v.length; s++) {
        b[s] = v[s] >>> i & 1;
      }
      bits.add(sb.encrypt(b));
    }
    return BinaryInt.ofValues(bits, true);
  }
}
