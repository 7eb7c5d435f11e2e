package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.mnist.Scaler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --data FILE_OR_DIR} on the user's own data: a CSV file and a folder of PNG images,
 * in process and through the protocol, the network's ends inferred, the scaler saved with the
 * checkpoint and the model and checked on resume, the float sigmoid row; every bad input refused
 * with one line and exit code 2. Tiny insecure parameters, 2-3 steps.
 */
class TrainOwnDataTest {
  private static final String[] SMALL = {"--m", "4096", "--bits", "240", "--insecure", "--batch", "10",
      "--eval-every", "0"};

  @TempDir
  Path dir;

  private static TrainRun train(List<String> more) {
    List<String> a = new ArrayList<>(List.of(SMALL));
    a.addAll(more);
    return TrainRun.of(a.toArray(new String[0]));
  }

  /** 150 rows of 4 features on raw scales, 3 named classes, the label in the second column. */
  private Path csv(String name) throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder s = new StringBuilder("height,species,weight,ratio,age\n");
    String[] names = {"setosa", "versicolor", "virginica"};
    for (int i = 0; i < 150; i++) {
      int c = i % 3;
      s.append(String.format(Locale.ROOT, "%.2f,%s,%.1f,%.5f,%d%n", 150 + 20 * c + 4 * r.nextGaussian(), names[c],
          500 - 100 * c + 15 * r.nextGaussian(), 0.001 * (c + 1) + 0.0002 * r.nextGaussian(), 20 + r.nextInt(40)));
    }
    Path p = dir.resolve(name);
    Files.writeString(p, s);
    return p;
  }

  private static void ok(TrainRun r, String... expected) {
    assertEquals(0, r.code(), r.out() + r.err());
    for (String e : expected) {
      assertTrue(r.out().contains(e), "'" + e + "' in: " + r.out());
    }
  }

  @Test
  void csvInProcessCheckpointsTheScalerAndRefusesAnother() throws IOException {
    Path file = csv("iris-like.csv");
    Path ck = dir.resolve("ck");
    List<String> run = List.of("--in-process", "--data", file.toString(), "--label", "species", "--checkpoint",
        ck.toString());
    TrainRun first = train(concat(run, "--steps", "2"));
    ok(first, "fhe4j train: 4-32-3 on iris-like.csv", "120 training and 30 test rows of 4 features, 3 classes",
        "test accuracy (float sigmoid)", "after the same 2 steps (FloatTrainer",
        "dry run: 2 plain steps on your data, largest value ", "2 mini-batches of 10 (20 rows)", "on 30 rows");
    assertTrue(first.out().contains("weights bit-identical") && first.out().matches("(?s).*bit-identical\\s+yes.*"),
        first.out());
    Path saved = ck.resolve("scaler.txt");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
    assertEquals(Scaler.Kind.MIN_MAX, Scaler.load(saved).kind());

    ok(train(concat(run, "--steps", "3")), "resumed");

    TrainRun otherScale = train(concat(run, "--steps", "4", "--scale", "standardize"));
    assertEquals(2, otherScale.code(), otherScale.err());
    assertTrue(otherScale.err().contains("holds a run of") && otherScale.err().contains("scale=min-max"),
        otherScale.err());

    Files.delete(saved);
    Path other = dir.resolve("other.txt");
    Scaler.fit(new double[] {1, 2, 3, 4}, 4, Scaler.Kind.MIN_MAX).save(other);
    Files.copy(other, saved);
    TrainRun mismatch = train(concat(run, "--steps", "4"));
    assertEquals(2, mismatch.code(), mismatch.out() + mismatch.err());
    assertTrue(mismatch.err().contains(saved + " holds the scaling of other training data"), mismatch.err());
    assertFalse(mismatch.err().contains("\tat "), mismatch.err());

    Files.delete(saved);
    Files.writeString(saved, "fhe4j-scaler 1\nkind min-max\nfeatures 4\nnot a number\n");
    TrainRun damaged = train(concat(run, "--steps", "4"));
    assertEquals(2, damaged.code(), damaged.err());
    assertTrue(damaged.err().contains(saved + " line 4"), damaged.err());
  }

  @Test
  void csvThroughTheProtocolWritesTheScalerBesideTheModel() throws IOException {
    Path file = csv("t.csv");
    Path model = dir.resolve("model.bin");
    // (SMALL's flags but batches of 60: 2 steps an epoch)
    TrainRun r = TrainRun.of("--m", "4096", "--bits", "240", "--insecure", "--batch", "60", "--eval-every", "4",
        "--data", file.toString(), "--label", "1", "--steps", "8", "--out", model.toString(), "--scale", "standardize",
        "--net", "4-6-3");
    ok(r, "4-6-3 on t.csv", "over loopback", "test accuracy (float sigmoid)", "8 mini-batches of 60 (480 rows)",
        "on 30 rows");
    // epochs of 2 steps: their ends are evaluated --eval-every 4 steps apart, not at every end
    assertTrue(r.out().contains("epoch 2: ") && r.out().contains("epoch 4: "), r.out());
    assertFalse(r.out().contains("epoch 1: ") || r.out().contains("epoch 3: "), r.out());
    assertEquals(Scaler.Kind.STANDARDIZE, Scaler.load(dir.resolve("model.bin.scaler")).kind());
    assertTrue(Files.size(model) > 0);
  }

  @Test
  void imageFolderInProcess() throws IOException {
    Path root = dir.resolve("shapes");
    SplittableRandom r = new SplittableRandom(3);
    for (String c : List.of("dark", "light", "stripes")) {
      Files.createDirectories(root.resolve(c));
      for (int i = 0; i < 20; i++) {
        BufferedImage im = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 12; y++) {
          for (int x = 0; x < 12; x++) {
            int v = switch (c) {
              case "dark" -> 30;
              case "light" -> 220;
              default -> y % 2 == 0 ? 250 : 0;
            } + r.nextInt(5);
            im.setRGB(x, y, (v << 16) | (v << 8) | v);
          }
        }
        ImageIO.write(im, "png", root.resolve(c).resolve(i + ".png").toFile());
      }
    }
    ok(train(List.of("--in-process", "--data", root.toString(), "--res", "6", "--steps", "2")),
        "36-32-3 on shapes at 6x6", "48 training and 12 test images at 6x6, 3 classes (dark, light, stripes)",
        "test accuracy (float sigmoid)", "2 mini-batches of 10 (20 images)", "on 12 images");
  }

  @Test
  void idxFilesOfAnotherDatasetNeedUnverified() throws IOException {
    Path idx = dir.resolve("idx");
    Files.createDirectories(idx);
    for (String[] f : new String[][] {{"train", "90"}, {"t10k", "30"}}) {
      int n = Integer.parseInt(f[1]);
      byte[] pixels = new byte[n * 64];
      byte[] labels = new byte[n];
      for (int i = 0; i < n; i++) {
        labels[i] = (byte) (i % 3);
        for (int p = 0; p < 64; p++) {
          pixels[i * 64 + p] = (byte) (p % 3 == i % 3 ? 200 : 20);
        }
      }
      io.fhe4j.mnist.IdxWriter.write(io.fhe4j.mnist.Dataset.of(pixels, labels, 8, 8, 3),
          idx.resolve(f[0] + "-images-idx3-ubyte"), idx.resolve(f[0] + "-labels-idx1-ubyte"));
    }
    TrainRun mnist = train(List.of("--in-process", "--data", idx.toString(), "--res", "8", "--net", "64-8-10",
        "--steps", "1"));
    assertEquals(2, mnist.code(), mnist.out() + mnist.err());
    assertTrue(mnist.err().contains("add --unverified") && mnist.err().strip().split("\\R").length == 1,
        mnist.err());
    ok(train(List.of("--in-process", "--data", idx.toString(), "--unverified", "--res", "4", "--steps", "2")),
        "16-32-3 on idx at 4x4", "IDX files (--unverified, no checksum), 90 training and 30 test images at 4x4, 3 classes",
        "test accuracy (float sigmoid)");
  }

  /** Exit 2, nothing on stdout, one line on stderr containing every {@code expected} part. */
  private static void refused(TrainRun r, String... expected) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("", r.out(), "nothing done before the refusal");
    assertEquals(1, r.err().strip().split("\\R").length, "one line: " + r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "'" + e + "' in: " + r.err());
    }
  }

  @Test
  void everyBadInputIsOneLineAndExitTwo() throws IOException {
    Path good = csv("good.csv");
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "a,b,label\n1,2,x\n3,4,y\n5,x\n");
    refused(train(List.of("--data", ragged.toString())), ragged + " line 4");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "a,b,label\n1,2,x\n3,oops,y\n");
    refused(train(List.of("--data", text.toString())), text + " line 3", "oops");
    Path one = dir.resolve("one.csv");
    Files.writeString(one, "a,b,label\n1,2,x\n3,4,x\n");
    refused(train(List.of("--data", one.toString())), one.toString(), "class");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    refused(train(List.of("--data", empty.toString())), empty + " is empty");
    refused(train(List.of("--data", good.toString(), "--label", "colour")), "colour");
    refused(train(List.of("--data", good.toString(), "--label", "9")), "9");
    refused(train(List.of("--data", good.toString(), "--label", "species", "--net", "5-8-3")),
        "--net 5-8-3: the data has 4 features and 3 classes");
    refused(train(List.of("--data", good.toString(), "--test-fraction", "2")), "--test-fraction 2: must be a number");
    refused(train(List.of("--data", good.toString(), "--scale", "log")), "--scale log: must be one of min-max, standardize");
    refused(train(List.of("--data", good.toString(), "--header", "maybe")), "--header maybe: must be one of auto, yes, no");
    refused(train(List.of("--data", good.toString(), "--res", "6")), "--res applies to images");
    refused(train(List.of("--data", good.toString(), "--unverified")), "--unverified applies to a folder of IDX files");
    refused(train(List.of("--data", good.toString(), "--test-data", dir.resolve("none.csv").toString())),
        "--test-data", "no such file");
    refused(train(List.of("--label", "species")), "--label applies to your own --data");
    refused(train(List.of("--data", good.toString(), "--label", "species", "--t-bits", "30")),
        "dry run: in its first 20 steps on your data the plain fixed-point trainer reached values of",
        "--t-bits 30 keeps values below 2^26 (t/8, the margin); use --t-bits 4");
    refused(train(List.of("--data", dir.resolve("missing.csv").toString())), "no such file or folder");

    Path images = dir.resolve("imgs");
    Files.createDirectories(images.resolve("a"));
    Files.createDirectories(images.resolve("b"));
    BufferedImage im = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(im, "png", images.resolve("a").resolve("0.png").toFile());
    Files.writeString(images.resolve("b").resolve("broken.png"), "not a png");
    refused(train(List.of("--data", images.toString(), "--res", "4")), "broken.png");
    refused(train(List.of("--data", images.toString(), "--label", "x")), "--label applies to a CSV file");
    // pixels are always p / 255 (MNIST's scale, so image runs compare with MNIST's); an explicit --scale is refused
    refused(train(List.of("--data", images.toString(), "--scale", "min-max")), "--scale applies to a CSV file",
        "(pixels are scaled as p / 255); drop --scale");
    refused(train(List.of("--data", images.toString(), "--res", "65")), "--res 65: must be a whole number in 1..64");
  }

  private static List<String> concat(List<String> a, String... more) {
    List<String> l = new ArrayList<>(a);
    l.addAll(List.of(more));
    return l;
  }
}
