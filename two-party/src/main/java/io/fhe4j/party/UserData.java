package io.fhe4j.party;

import io.fhe4j.mnist.CsvReader;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.ImageFolderReader;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistException;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.mnist.Split;
import io.fhe4j.mnist.StratifiedSplit;
import io.fhe4j.mnist.TabularDataset;
import io.fhe4j.mnist.TrainValidation;
import io.fhe4j.nn.fixed.FixedPointData;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The user's own data of {@code train --data FILE_OR_DIR} and {@code owner --data}: a CSV/TSV file
 * ({@link CsvReader}: {@code --label}, {@code --header}; features scaled by a {@link Scaler} of
 * kind {@code --scale} fitted on the training rows only), a folder of class sub-folders of images
 * ({@link ImageFolderReader}, gray, resized to {@code --res} x {@code --res}, pixels p / 255), or
 * IDX files under MNIST's names that are not MNIST's ({@code --unverified}, classes counted from the
 * labels, resized to {@code --res}). The test set is {@code --test-data} read the same way (the
 * training data's classes and scaler), else a stratified split of {@code --test-fraction} of each
 * class with {@code --seed}. The result's fingerprint (SHA-256 of the fixed-point training and test
 * data) makes a checkpoint of other data, or of the same data scaled or split otherwise, refused by
 * name. Every bad input becomes a {@link UsageException} with the reader's message (file, line,
 * column or image, and the fix). Stateless.
 */
public final class UserData {
  private UserData() {}

  /**
   * Loads {@code o}'s own data at {@code o.f()} fractional bits.
   *
   * @throws UsageException if a file is missing, malformed or unreadable
   */
  public static OwnerCommand.Data load(TrainOptions o) {
    try {
      return switch (o.dataKind()) {
        case CSV -> csv(o);
        case IMAGES -> images(o);
        case IDX -> idx(o);
        case MNIST -> throw new IllegalStateException("MNIST is loaded by OwnerCommand.data");
      };
    } catch (MnistException | UncheckedIOException | ArithmeticException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--data " + o.data() + ": " + e.getMessage());
    }
  }

  private static OwnerCommand.Data csv(TrainOptions o) {
    CsvReader.Builder b = CsvReader.builder();
    if (o.header() != null) {
      b.header(o.header());
    }
    String label = o.label();
    if (label != null) {
      if (label.matches("[0-9]{1,9}")) {
        b.labelColumn(Integer.parseInt(label));
      } else {
        if (Boolean.FALSE.equals(o.header())) {
          throw new UsageException("--label " + label + " names a column, but --header no says the file has no"
              + " names: give the column's 0-based index");
        }
        b.labelColumn(label);
      }
    }
    TabularDataset all = b.build().read(o.data());
    TabularDataset train;
    TabularDataset test;
    if (o.testData() != null) {
      train = all;
      test = b.classes(all.classNames()).build().read(o.testData());
      if (test.dimension() != train.dimension()) {
        throw new UsageException("--test-data " + o.testData() + " has " + test.dimension() + " features but --data "
            + o.data() + " has " + train.dimension() + "; give a test file with the same columns");
      }
    } else {
      TabularDataset.Split split = all.split(o.testFraction(), o.seed());
      train = split.train();
      test = split.test();
    }
    requireTest(o, test.size());
    Scaler scaler = Scaler.fit(train, o.scale());
    FixedPointData tr = FixedPointData.of(train.scaled(scaler), o.f());
    FixedPointData te = FixedPointData.of(cap(test, o.testImages()).scaled(scaler), o.f());
    String source = String.format(Locale.ROOT, "%s: %d training and %d test rows of %d features, %d classes (%s);"
        + " features scaled %s on the training rows", o.data(), tr.size(), te.size(), tr.dimension(), tr.classes(),
        summary(all.classNames()), o.scale().text());
    return data(tr, te, source, scaler, "csv");
  }

  private static OwnerCommand.Data images(TrainOptions o) {
    ImageFolderReader reader = ImageFolderReader.builder().size(o.res(), o.res()).build();
    Dataset all = reader.read(o.data());
    List<String> classes = ImageFolderReader.classNames(o.data());
    Dataset train;
    Dataset test;
    if (o.testData() != null) {
      train = all;
      List<String> testClasses = ImageFolderReader.classNames(o.testData());
      if (!testClasses.equals(classes)) {
        throw new UsageException("--test-data " + o.testData() + " has the class folders " + summary(testClasses)
            + " but --data " + o.data() + " has " + summary(classes) + "; give both the same sub-folders");
      }
      test = reader.read(o.testData());
    } else {
      TrainValidation split = StratifiedSplit.split(all, o.testFraction(), o.seed());
      train = split.train();
      test = split.validation();
    }
    requireTest(o, test.size());
    test = test.subset(0, Math.min(o.testImages(), test.size()));
    String source = String.format(Locale.ROOT, "%s: %d training and %d test images at %dx%d, %d classes (%s)",
        o.data(), train.size(), test.size(), o.res(), o.res(), train.classes(), summary(classes));
    return data(FixedPointData.of(train, o.f()), FixedPointData.of(test, o.f()), source, null, "images");
  }

  private static OwnerCommand.Data idx(TrainOptions o) {
    MnistOptions options = MnistOptions.builder().directory(o.data()).unverified().classes(256).build();
    Dataset train = recount(Mnist.load(Split.TRAIN, options));
    Dataset test = Mnist.load(Split.TEST, options);
    int[] tl = test.labels();
    for (int i = 0; i < tl.length; i++) {
      if (tl[i] >= train.classes()) {
        throw new UsageException("--data " + o.data() + ": test label " + tl[i] + " of image " + i + " is a class"
            + " the training labels (0.." + (train.classes() - 1) + ") never name; check the label files");
      }
    }
    test = Dataset.of(test.images(), bytes(tl), test.rows(), test.cols(), train.classes());
    if (o.res() != train.rows() || o.res() != train.cols()) {
      train = train.downsample(o.res());
      test = test.downsample(o.res());
    }
    test = test.subset(0, Math.min(o.testImages(), test.size()));
    String source = String.format(Locale.ROOT, "%s: IDX files (--unverified, no checksum), %d training and %d test"
        + " images at %dx%d, %d classes", o.data(), train.size(), test.size(), o.res(), o.res(), train.classes());
    return data(FixedPointData.of(train, o.f()), FixedPointData.of(test, o.f()), source, null, "idx");
  }

  /** {@code d} with its classes counted from its labels (at least two). */
  private static Dataset recount(Dataset d) {
    int max = 0;
    for (int l : d.labels()) {
      max = Math.max(max, l);
    }
    if (max < 1) {
      throw new UsageException("the training labels name one class only; training needs at least two");
    }
    return Dataset.of(d.images(), bytes(d.labels()), d.rows(), d.cols(), max + 1);
  }

  private static byte[] bytes(int[] labels) {
    byte[] b = new byte[labels.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) labels[i];
    }
    return b;
  }

  private static void requireTest(TrainOptions o, int size) {
    if (size < 1) {
      throw new UsageException("the test set is empty: give --test-data, or more data or a larger --test-fraction");
    }
  }

  private static TabularDataset cap(TabularDataset t, int n) {
    if (t.size() <= n) {
      return t;
    }
    int[] first = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = i;
    }
    return t.select(first);
  }

  private static String summary(List<String> names) {
    return names.size() <= 6 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ...";
  }

  private static OwnerCommand.Data data(FixedPointData tr, FixedPointData te, String source, Scaler scaler,
      String kind) {
    return new OwnerCommand.Data(tr, te, source, false, scaler, kind + ":" + fingerprint(tr, te));
  }

  /** The first 16 hex digits of SHA-256 over both sets' shapes, features and labels. */
  static String fingerprint(FixedPointData... sets) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (FixedPointData d : sets) {
        ByteBuffer head = ByteBuffer.allocate(16).putInt(d.size()).putInt(d.dimension()).putInt(d.classes())
            .putInt(d.fracBits());
        md.update(head.array());
        ByteBuffer buf = ByteBuffer.allocate(4 * (d.features().length + d.labels().length));
        buf.asIntBuffer().put(d.features()).put(d.labels());
        md.update(buf.array());
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }
}
