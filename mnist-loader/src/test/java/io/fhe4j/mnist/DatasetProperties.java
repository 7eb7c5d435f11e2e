package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of preprocessing, shuffling, batching and splitting on random datasets. */
class DatasetProperties {

    private static Dataset random(int count, int rows, int cols, long seed) {
        return IdxRoundTripProperties.random(count, rows, cols, 10, seed);
    }

    /** A fingerprint of each item (its pixels and label) so that orders can be compared as multisets. */
    private static String[] items(Dataset d) {
        String[] out = new String[d.size()];
        for (int i = 0; i < d.size(); i++) {
            out[i] = d.label(i) + ":" + Arrays.toString(d.image(i));
        }
        return out;
    }

    private static String[] sorted(String[] a) {
        String[] b = a.clone();
        Arrays.sort(b);
        return b;
    }

    @Property(tries = 200)
    void quantizeIsMonotoneInRangeAndWithinHalfAStep(@ForAll @IntRange(min = 1, max = 16) int bits) {
        byte[] all = new byte[256];
        for (int p = 0; p < 256; p++) {
            all[p] = (byte) p;
        }
        int[] q = Dataset.of(all, new byte[1], 16, 16, 10).quantize(bits);
        int max = (1 << bits) - 1;
        assertEquals(0, q[0]);
        assertEquals(max, q[255]);
        for (int p = 0; p < 256; p++) {
            assertTrue(q[p] >= 0 && q[p] <= max);
            if (p > 0) {
                assertTrue(q[p] >= q[p - 1]);
            }
            double exact = p * (double) max / 255;
            assertTrue(Math.abs(q[p] - exact) <= 0.5, "p=" + p + " q=" + q[p] + " exact=" + exact);
            assertEquals((long) Math.floor(exact + 0.5), q[p]);
        }
    }

    @Property(tries = 200)
    void downsampleOfConstantImageIsConstant(@ForAll @IntRange(min = 0, max = 255) int value,
                                             @ForAll @IntRange(min = 1, max = 30) int rows,
                                             @ForAll @IntRange(min = 1, max = 30) int cols,
                                             @ForAll @IntRange(min = 1, max = 30) int outRows,
                                             @ForAll @IntRange(min = 1, max = 30) int outCols) {
        if (outRows > rows || outCols > cols) {
            return;
        }
        byte[] p = new byte[rows * cols];
        Arrays.fill(p, (byte) value);
        Dataset d = Dataset.of(p, new byte[] {4}, rows, cols, 10).downsample(outRows, outCols);
        assertEquals(outRows * outCols, d.pixelsPerImage());
        for (byte b : d.images()) {
            assertEquals(value, b & 0xFF);
        }
    }

    @Property(tries = 200)
    void downsamplePreservesTheMeanUpToRounding(@ForAll @IntRange(min = 1, max = 28) int side,
                                                @ForAll @IntRange(min = 1, max = 28) int out,
                                                @ForAll long seed) {
        if (out > side) {
            return;
        }
        Dataset d = random(1, side, side, seed);
        Dataset s = d.downsample(out);
        double before = mean(d.images());
        double after = mean(s.images());
        assertTrue(Math.abs(before - after) <= 0.5 + 1e-9, before + " vs " + after);
    }

    @Property(tries = 100)
    void blockDownsampleEqualsBlockMean(@ForAll @IntRange(min = 1, max = 6) int block,
                                        @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
        Dataset d = random(2, block * out, block * out, seed);
        Dataset s = d.downsample(out);
        for (int n = 0; n < 2; n++) {
            for (int r = 0; r < out; r++) {
                for (int c = 0; c < out; c++) {
                    int sum = 0;
                    for (int i = 0; i < block; i++) {
                        for (int j = 0; j < block; j++) {
                            sum += d.pixel(n, r * block + i, c * block + j);
                        }
                    }
                    int area = block * block;
                    assertEquals((2 * sum + area) / (2 * area), s.pixel(n, r, c));
                }
            }
        }
    }

    @Property(tries = 200)
    void shuffleIsADeterministicPermutation(@ForAll @IntRange(min = 0, max = 60) int count, @ForAll long seed) {
        Dataset d = random(count, 3, 2, seed ^ 0x5DEECE66DL);
        Dataset a = d.shuffle(seed);
        Dataset b = d.shuffle(seed);
        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(sorted(items(d)), sorted(items(a)));
    }

    @Property(tries = 300)
    void batchesCoverEveryItemOnceOrDropOnlyTheRemainder(@ForAll @IntRange(min = 0, max = 100) int count,
                                                        @ForAll @IntRange(min = 1, max = 40) int size,
                                                        @ForAll boolean keep, @ForAll long seed) {
        Dataset d = random(count, 2, 2, seed);
        LastBatch last = keep ? LastBatch.KEEP : LastBatch.DROP;
        List<Dataset> batches = d.batches(size, last);
        assertEquals(d.batchCount(size, last), batches.size());
        int covered = 0;
        for (int b = 0; b < batches.size(); b++) {
            Dataset batch = batches.get(b);
            if (b < batches.size() - 1 || !keep) {
                assertEquals(size, batch.size());
            } else {
                assertTrue(batch.size() >= 1 && batch.size() <= size);
            }
            assertArrayEquals(d.subset(covered, covered + batch.size()).images(), batch.images());
            assertArrayEquals(d.subset(covered, covered + batch.size()).labels(), batch.labels());
            covered += batch.size();
        }
        assertEquals(keep ? count : count - count % size, covered);
    }

    @Property(tries = 200)
    void splitPartitionsTheDataset(@ForAll @IntRange(min = 0, max = 80) int count,
                                   @ForAll @IntRange(min = 0, max = 80) int validation, @ForAll long seed) {
        if (validation > count) {
            return;
        }
        Dataset d = random(count, 2, 3, seed);
        TrainValidation tv = d.split(validation, seed);
        assertEquals(validation, tv.validation().size());
        assertEquals(count - validation, tv.train().size());
        String[] union = new String[count];
        System.arraycopy(items(tv.train()), 0, union, 0, count - validation);
        System.arraycopy(items(tv.validation()), 0, union, count - validation, validation);
        assertArrayEquals(sorted(items(d)), sorted(union));
        TrainValidation again = d.split(validation, seed);
        assertArrayEquals(tv.validation().images(), again.validation().images());
    }

    @Property(tries = 100)
    void oneHotRowsSumToOneAtTheLabel(@ForAll @IntRange(min = 0, max = 50) int count, @ForAll long seed) {
        Dataset d = random(count, 1, 1, seed);
        float[] h = d.oneHot();
        int[] histogram = new int[10];
        for (int i = 0; i < count; i++) {
            float sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += h[i * 10 + c];
            }
            assertEquals(1f, sum);
            assertEquals(1f, h[i * 10 + d.label(i)]);
            histogram[d.label(i)]++;
        }
        assertArrayEquals(histogram, d.labelHistogram());
    }

    private static double mean(byte[] b) {
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xFF;
        }
        return (double) sum / b.length;
    }
}
