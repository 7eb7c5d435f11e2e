package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Scaling and splitting are deterministic and round-trip: the saved scaler reads back equal and scales identically,
 * the split is a partition of the rows with each class's share within one row of exact, and the same seed gives
 * the same result.
 */
class TabularProperties {

    /** Random rows: values spread over many magnitudes (including constant columns), labels 0..classes-1. */
    static TabularDataset random(int rows, int dim, int classes, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        TabularDataset.Builder b = TabularDataset.builder();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[dim];
            for (int j = 0; j < dim; j++) {
                x[j] = j == dim - 1 && dim > 1 ? 3.25
                        : (r.nextLong() >> 11) * 0x1.0p-53 * Math.pow(10, r.nextInt(12) - 6);
            }
            b.add(x, i < classes ? i : r.nextInt(classes));
        }
        return b.build();
    }

    @Property(tries = 200)
    void scalingIsDeterministicBoundedAndSurvivesSaveAndRead(
            @ForAll @IntRange(min = 2, max = 60) int rows, @ForAll @IntRange(min = 1, max = 6) int dim,
            @ForAll boolean standardize, @ForAll long seed) {
        TabularDataset d = random(rows, dim, 2, seed);
        Scaler.Kind kind = standardize ? Scaler.Kind.STANDARDIZE : Scaler.Kind.MIN_MAX;
        Scaler s = Scaler.fit(d, kind);
        assertEquals(s, Scaler.fit(random(rows, dim, 2, seed), kind));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        Scaler back = Scaler.read(new ByteArrayInputStream(out.toByteArray()), "p");
        assertEquals(s, back);
        double[] a = d.scaled(s).flatFeatures();
        assertArrayEquals(a, d.scaled(back).flatFeatures());
        double lo = standardize ? -Scaler.STANDARDIZE_LIMIT : 0;
        double hi = standardize ? Scaler.STANDARDIZE_LIMIT : 1;
        for (double v : a) {
            assertTrue(v >= lo && v <= hi, "scaled value " + v);
        }
        assertArrayEquals(d.scaled(s).fixedPoint(12), d.scaled(back).fixedPoint(12));
    }

    @Property(tries = 200)
    void minMaxPutsEachFeaturesTrainingMinimumOnZeroAndMaximumOnOne(
            @ForAll @IntRange(min = 2, max = 40) int rows, @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll long seed) {
        TabularDataset d = random(rows, dim, 2, seed);
        TabularDataset t = d.scaled(Scaler.fit(d, Scaler.Kind.MIN_MAX));
        for (int j = 0; j < dim; j++) {
            int argMin = 0;
            int argMax = 0;
            for (int i = 0; i < rows; i++) {
                argMin = d.feature(i, j) < d.feature(argMin, j) ? i : argMin;
                argMax = d.feature(i, j) > d.feature(argMax, j) ? i : argMax;
            }
            assertEquals(0.0, t.feature(argMin, j));
            if (d.feature(argMax, j) != d.feature(argMin, j)) {
                assertEquals(1.0, t.feature(argMax, j));
            }
        }
    }

    @Property(tries = 200)
    void csvWrittenWithDoubleToStringReadsBackExactly(
            @ForAll @IntRange(min = 2, max = 40) int rows, @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll @IntRange(min = 2, max = 5) int classes, @ForAll boolean tsv, @ForAll boolean header,
            @ForAll long seed) {
        TabularDataset d = random(rows, dim, Math.min(classes, rows), seed);
        char sep = tsv ? '\t' : ',';
        StringBuilder text = new StringBuilder();
        if (header) {
            for (int j = 0; j < dim; j++) {
                text.append("f").append(j).append(sep);
            }
            text.append("label\n");
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                text.append(d.feature(i, j)).append(sep);
            }
            text.append("class-").append(d.label(i)).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        TabularDataset back = CsvReader.builder().delimiter(sep).build().read(
                new ByteArrayInputStream(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "p");
        assertArrayEquals(d.flatFeatures(), back.flatFeatures());
        assertArrayEquals(d.labels(), back.labels());
        assertEquals(d.classes(), back.classes());
    }

    @Property(tries = 300)
    void stratifiedSplitIsADeterministicPartitionKeepingClassShares(
            @ForAll @IntRange(min = 2, max = 200) int rows, @ForAll @IntRange(min = 2, max = 6) int classes,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double fraction, @ForAll long seed) {
        int k = Math.min(classes, rows);
        TabularDataset d = random(rows, 1, k, seed);
        int[] labels = d.labels();
        int[][] parts = StratifiedSplit.indices(labels, k, fraction, seed);
        int[][] again = StratifiedSplit.indices(labels, k, fraction, seed);
        assertArrayEquals(parts[0], again[0]);
        assertArrayEquals(parts[1], again[1]);
        int[] all = new int[rows];
        System.arraycopy(parts[0], 0, all, 0, parts[0].length);
        System.arraycopy(parts[1], 0, all, parts[0].length, parts[1].length);
        Arrays.sort(all);
        for (int i = 0; i < rows; i++) {
            assertEquals(i, all[i], "every row exactly once");
        }
        assertEquals((int) Math.floor(rows * fraction + 0.5), parts[1].length);
        int[] total = new int[k];
        int[] test = new int[k];
        for (int label : labels) {
            total[label]++;
        }
        for (int i : parts[1]) {
            test[labels[i]]++;
        }
        for (int c = 0; c < k; c++) {
            assertTrue(Math.abs(test[c] - total[c] * fraction) < 1.0 + 1e-9,
                    "class " + c + ": " + test[c] + " of " + total[c] + " at " + fraction);
        }
        TabularDataset.Split s = d.split(fraction, seed);
        assertArrayEquals(d.select(parts[1]).flatFeatures(), s.test().flatFeatures());
    }
}
