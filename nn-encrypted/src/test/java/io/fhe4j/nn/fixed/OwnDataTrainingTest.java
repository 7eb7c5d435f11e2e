package io.fhe4j.nn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.mnist.CsvReader;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.mnist.TabularDataset;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TableSigmoid;
import io.fhe4j.nn.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's CSV file, read, split, scaled and trained on by the fixed-point trainer without other changes. */
class OwnDataTrainingTest {
  @TempDir Path dir;

  @Test
  void csvBlobsAreLearnedFromScaledFixedPointFeatures() throws IOException {
    // three classes around distinct centres, on raw scales (hundreds and thousandths) that need scaling
    SplittableRandom r = new SplittableRandom(5);
    StringBuilder csv = new StringBuilder("height,weight,ratio,class\n");
    String[] names = {"small", "medium", "large"};
    for (int i = 0; i < 600; i++) {
      int c = i % 3;
      csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.6f,%s%n", 150 + 20 * c + 4 * r.nextGaussian(),
          500 - 100 * c + 15 * r.nextGaussian(), 0.001 * (c == 1 ? 3 : 1) + 0.0003 * r.nextGaussian(), names[c]));
    }
    Path file = dir.resolve("blobs.csv");
    Files.writeString(file, csv);

    TabularDataset all = CsvReader.builder().labelColumn("class").build().read(file);
    TabularDataset.Split split = all.split(0.25, 11);
    Scaler scaler = Scaler.fit(split.train(), Scaler.Kind.MIN_MAX);
    FixedPointData train = FixedPointData.of(split.train().scaled(scaler), 8);
    FixedPointData test = FixedPointData.of(split.test().scaled(scaler), 8);
    assertEquals(450, train.size());
    assertEquals(3, train.classes());

    NetworkSpec net = NetworkSpec.of(3, 8, 3);
    FixedPointFormat fmt = FixedPointFormat.uniform(8);
    FixedPointTrainer<LongMatrix> trainer = new FixedPointTrainer<>(new PlainArithmetic(), net, fmt,
        new LookupFixedActivation(TableSigmoid.covering8(8), fmt), TrainingConfig.paper(30, 3));
    double before = trainer.accuracy(test);
    for (int e = 0; e < 30; e++) {
      trainer.trainEpoch(train);
    }
    double after = trainer.accuracy(test);
    assertTrue(after > 0.95 && after > before, "test accuracy " + before + " -> " + after);
  }
}
