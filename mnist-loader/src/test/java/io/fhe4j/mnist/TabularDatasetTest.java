package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TabularDataset's builder and arrays API, the stratified split on known data, and IDX with the owner's sums. */
class TabularDatasetTest {
    @TempDir
    Path dir;

    @Test
    void ofCountsClassesFromLabelsAndCopiesArrays() {
        double[][] x = {{1, 2}, {3, 4}, {5, 6}};
        int[] y = {2, 0, 2};
        TabularDataset d = TabularDataset.of(x, y);
        x[0][0] = 99;
        y[0] = 1;
        assertEquals(3, d.classes());
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 2}, d.labelHistogram());
        assertArrayEquals(new double[] {1, 2}, d.row(0));
        assertEquals(2, d.label(0));
        double[][] copy = d.features();
        copy[1][1] = -1;
        assertEquals(4, d.feature(1, 1));
    }

    @Test
    void builderWithNamedClassesAndFeatureNames() {
        TabularDataset d = TabularDataset.builder().featureNames(List.of("h", "w"))
                .add(new double[] {1, 2}, "tall").add(new double[] {3, 4}, "short").add(new double[] {5, 6}, "tall")
                .build();
        assertEquals(List.of("tall", "short"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertEquals(List.of("h", "w"), d.featureNames());
    }

    @Test
    void badRowsAndLabelsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TabularDataset.of(new double[][] {{1, 2}, {3}},
                new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> TabularDataset.of(new double[][] {{1}, {Double.NaN}},
                new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> TabularDataset.of(new double[][] {{1}, {2}},
                new int[] {0, -1}));
        assertThrows(IllegalArgumentException.class, () -> TabularDataset.of(new double[][] {{1}}, new int[2]));
        assertThrows(TooFewClassesException.class, () -> TabularDataset.of(new double[][] {{1}, {2}},
                new int[] {1, 1}));
        assertThrows(MalformedDataException.class, () -> TabularDataset.builder().build());
        assertThrows(IllegalStateException.class, () -> TabularDataset.builder().add(new double[] {1}, 0)
                .add(new double[] {2}, "a"));
    }

    @Test
    void stratifiedSplitKeepsEachClassShareAndIsReproducible() {
        TabularDataset.Builder b = TabularDataset.builder();
        for (int i = 0; i < 100; i++) {
            b.add(new double[] {i}, i < 80 ? 0 : 1);
        }
        TabularDataset d = b.build();
        TabularDataset.Split s = d.split(0.25, 7);
        assertArrayEquals(new int[] {60, 15}, s.train().labelHistogram());
        assertArrayEquals(new int[] {20, 5}, s.test().labelHistogram());
        assertArrayEquals(s.test().flatFeatures(), d.split(0.25, 7).test().flatFeatures());
        assertTrue(!java.util.Arrays.equals(s.test().flatFeatures(), d.split(0.25, 8).test().flatFeatures()));
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 7));
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 7));
    }

    @Test
    void stratifiedSplitOfImages() {
        Dataset images = IdxFiles.pattern(30, 2, 2, 3);
        TrainValidation tv = StratifiedSplit.split(images, 0.2, 1);
        assertArrayEquals(new int[] {8, 8, 8}, tv.train().labelHistogram());
        assertArrayEquals(new int[] {2, 2, 2}, tv.validation().labelHistogram());
    }

    @Test
    void idxOfAnyDatasetWithTheOwnersChecksum() throws IOException {
        Dataset data = IdxFiles.pattern(5, 3, 2, 4);
        Path images = dir.resolve("x-images.idx");
        Path labels = dir.resolve("x-labels.idx");
        IdxWriter.write(data, images, labels);
        String imagesSum = Checksums.sha256(images);
        Dataset read = IdxReader.read(images, imagesSum.toUpperCase(java.util.Locale.ROOT), labels, null, 4);
        assertArrayEquals(data.images(), read.images());
        String wrong = "0".repeat(64);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> IdxReader.read(images, imagesSum, labels, wrong, 4));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains(wrong), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(images, "abc", labels, null, 4));
        Files.delete(labels);
        assertThrows(DataNotFoundException.class, () -> IdxReader.read(images, null, labels, wrong, 4));
    }

    @Test
    void csvToFixedPointEndToEnd() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "a,b,y\n0,10,no\n2,30,yes\n4,20,no\n");
        TabularDataset d = CsvReader.readFile(f);
        Scaler s = Scaler.fit(d, Scaler.Kind.MIN_MAX);
        assertArrayEquals(new int[] {0, 0, 8, 16, 16, 8}, d.scaled(s).fixedPoint(4));
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
    }
}
