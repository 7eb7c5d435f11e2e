package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Loads the real MNIST files from {@code MNIST_DIR} once (skipped when it is unset). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealMnistTest {
    private Path dir;
    private Dataset train;
    private Dataset test;

    @BeforeAll
    void load() {
        String env = System.getenv("MNIST_DIR");
        if (env == null || env.isBlank()) {
            return;
        }
        dir = Path.of(env);
        MnistOptions options = MnistOptions.builder().directory(dir).progress(null).build();
        long t0 = System.nanoTime();
        train = Mnist.load(Split.TRAIN, options);
        long t1 = System.nanoTime();
        test = Mnist.load(Split.TEST, options);
        long t2 = System.nanoTime();
        System.err.printf("real MNIST: train loaded and verified in %d ms, test in %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @BeforeEach
    void requireMnistDir() {
        assumeTrue(dir != null, "MNIST_DIR is not set: skipping the real-MNIST test");
    }

    @Test
    void checksumsMatchThePublishedSums() {
        for (String name : DatasetFiles.MNIST.all()) {
            Path file = dir.resolve(name);
            assumeTrue(Files.isRegularFile(file), "only the .gz files are checked here");
            assertEquals(DatasetFiles.MNIST.sha256().get(name), Checksums.sha256(file), name);
        }
    }

    @Test
    void countsAndShapes() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(28, test.rows());
        assertEquals(10, train.classes());
    }

    @Test
    void labelHistograms() {
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                train.labelHistogram());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.labelHistogram());
    }

    @Test
    void firstImagesAreTheWellKnownOnes() {
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, train.subset(0, 10).labels());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, test.subset(0, 10).labels());
        int ink = 0;
        for (byte b : train.image(0)) {
            ink += b & 0xFF;
        }
        assertEquals(27525, ink);
    }

    @Test
    void preprocessingShapesOnRealData() {
        Dataset small = test.subset(0, 100);
        assertEquals(14, small.downsample(14).rows());
        assertEquals(7, small.downsample(7).cols());
        assertEquals(64, small.downsample(8).pixelsPerImage());
        assertEquals(64, small.crop(2).downsample(8).pixelsPerImage());
        assertEquals(100 * 784, small.quantize(8).length);
        assertEquals(166, train.batches(360, LastBatch.DROP).size());
        assertEquals(167, train.batches(360, LastBatch.KEEP).size());
        assertEquals(119, train.subset(0, 59_940).batches(500, LastBatch.DROP).size());
        assertEquals(120, train.subset(0, 59_940).batches(500, LastBatch.KEEP).size());
    }
}
