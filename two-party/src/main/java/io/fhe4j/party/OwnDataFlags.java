package io.fhe4j.party;

import io.fhe4j.nn.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The checks of {@link TrainOptions}' own-data flags ({@code --data FILE_OR_DIR}, {@code --label},
 * {@code --header}, {@code --scale}, {@code --test-data}, {@code --test-fraction}, {@code
 * --unverified}) against what {@code --data} names, before any work; each refusal is a {@link
 * UsageException} naming the flag and the fix. Stateless.
 */
final class OwnDataFlags {
  private OwnDataFlags() {}

  /** The own-data flags against {@code --data}'s kind. */
  static void check(TrainOptions o, Set<String> given) {
    if (!o.ownData()) {
      for (String f : List.of("--label", "--header", "--scale", "--test-data", "--test-fraction")) {
        if (given.contains(f)) {
          throw new UsageException(f + " applies to your own --data (a CSV file, an image folder, IDX files with"
              + " --unverified); " + (o.data() == null ? "give --data FILE_OR_DIR" : "--data " + o.data() + " holds MNIST"));
        }
      }
      return;
    }
    if (o.synthetic() > 0) {
      throw new UsageException("--synthetic N trains on synthetic samples: drop --data " + o.data() + " or --synthetic");
    }
    if (o.dataKind() != DataKind.CSV) {
      for (String f : List.of("--label", "--header", "--scale")) {
        if (given.contains(f)) {
          throw new UsageException(f + " applies to a CSV file, but --data " + o.data() + " is a folder of images"
              + " (pixels are scaled as p / 255); drop " + f);
        }
      }
    } else if (given.contains("--res")) {
      throw new UsageException("--res applies to images, but --data " + o.data() + " is a CSV file; drop --res");
    }
    if (o.testData() != null && given.contains("--test-fraction")) {
      throw new UsageException("--test-fraction splits --data when there is no --test-data; give one of them");
    }
    if (o.testData() != null && o.dataKind() == DataKind.IDX) {
      throw new UsageException("--test-data: IDX folders hold their own test files (t10k-*); drop --test-data");
    }
    if (o.testData() != null && !Files.exists(o.testData())) {
      throw new UsageException("--test-data " + o.testData() + ": no such file or folder; name your test set");
    }
    if (o.testData() != null && Files.isDirectory(o.testData()) != (o.dataKind() != DataKind.CSV)) {
      throw new UsageException("--test-data " + o.testData() + ": must be in the form of --data " + o.data() + " ("
          + (o.dataKind() == DataKind.CSV ? "a CSV file" : "a folder of class sub-folders") + ")");
    }
  }

  /** The kind of data in {@code dir}: IDX files (MNIST, or another dataset with --unverified) or class folders. */
  static DataKind folderKind(Path dir, boolean unverified) {
    boolean idx = false;
    boolean folders = false;
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.limit(100_000)::iterator) {
        String n = p.getFileName().toString();
        idx |= n.contains("-ubyte");
        folders |= !n.startsWith(".") && Files.isDirectory(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UsageException("--data " + dir + ": cannot list the folder (" + e.getMessage() + "); make it readable");
    }
    if (unverified) {
      if (!idx) {
        throw new UsageException("--unverified: --data " + dir + " holds no IDX files (*-ubyte, *-ubyte.gz);"
            + " drop --unverified");
      }
      return DataKind.IDX;
    }
    return folders && !idx ? DataKind.IMAGES : DataKind.MNIST;
  }

  /**
   * The network for {@code inputs} features and {@code classes} classes around {@code net}'s hidden
   * widths.
   *
   * @throws UsageException if {@code --net} was given ({@code given}) with other ends
   */
  static NetworkSpec network(NetworkSpec net, boolean given, int inputs, int classes) {
    int[] s = net.sizes();
    if (given && (s[0] != inputs || s[s.length - 1] != classes)) {
      throw new UsageException("--net " + net + ": the data has " + inputs + " features and " + classes
          + " classes, so the network must start with " + inputs + " and end with " + classes
          + " (or leave --net out: " + inputs + "-" + String.join("-", java.util.Arrays.stream(s, 1, s.length - 1)
          .mapToObj(Integer::toString).toList()) + "-" + classes + ")");
    }
    s[0] = inputs;
    s[s.length - 1] = classes;
    return NetworkSpec.of(s);
  }
}
