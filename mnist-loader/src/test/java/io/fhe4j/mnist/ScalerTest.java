package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scaler: the two kinds on known data, the saved form, and rejection of malformed saved forms. */
class ScalerTest {
    @TempDir
    Path dir;

    private static final TabularDataset DATA = TabularDataset.builder()
            .add(new double[] {1, 10, 5}, 0)
            .add(new double[] {3, 20, 5}, 1)
            .add(new double[] {5, 60, 5}, 0)
            .build();

    private static Scaler parse(String text) {
        return Scaler.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s.scaler");
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
    }

    @Test
    void minMaxMapsTrainingRangeToUnitIntervalClampsLaterValuesAndZeroesConstants() {
        Scaler s = Scaler.fit(DATA, Scaler.Kind.MIN_MAX);
        TabularDataset t = DATA.scaled(s);
        assertArrayEquals(new double[] {0, 0, 0}, t.row(0));
        assertArrayEquals(new double[] {0.5, 0.2, 0}, t.row(1));
        assertArrayEquals(new double[] {1, 1, 0}, t.row(2));
        assertArrayEquals(new double[] {1, 0, 0}, s.transform(new double[] {9, -5, 7}));
        assertArrayEquals(new int[] {0, 0, 0, 128, 51, 0, 256, 256, 0}, t.fixedPoint(8));
    }

    @Test
    void standardizeGivesZeroMeanUnitVarianceAndClamps() {
        Scaler s = Scaler.fit(DATA, Scaler.Kind.STANDARDIZE);
        TabularDataset t = DATA.scaled(s);
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < t.size(); i++) {
                sum += t.feature(i, j);
                sq += t.feature(i, j) * t.feature(i, j);
            }
            assertEquals(0, sum / 3, 1e-12);
            assertEquals(1, sq / 3, 1e-12);
        }
        assertEquals(3, s.offsets()[0]);
        assertEquals(Math.sqrt(8.0 / 3), s.divisors()[0], 0);
        assertEquals(Scaler.STANDARDIZE_LIMIT, s.apply(0, 1e9));
        assertEquals(-Scaler.STANDARDIZE_LIMIT, s.apply(0, -1e9));
        assertEquals(0, s.apply(2, 123));
    }

    @Test
    void savedFormIsTheDocumentedTextAndReadsBackEqual() {
        Scaler s = Scaler.fit(DATA, Scaler.Kind.MIN_MAX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals("fhe4j-scaler 1\nkind min-max\nfeatures 3\n0x1.0p0 0x1.0p2\n0x1.4p3 0x1.9p5\n0x1.4p2 0x0.0p0\n",
                text);
        assertEquals(s, parse(text));
    }

    @Test
    void saveNeverOverwritesAndIsOwnerOnly() throws IOException {
        Scaler s = Scaler.fit(DATA, Scaler.Kind.STANDARDIZE);
        Path f = dir.resolve("model.scaler");
        s.save(f);
        assertEquals(s, Scaler.load(f));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalStateException.class, () -> Scaler.fit(DATA, Scaler.Kind.MIN_MAX).save(f));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void malformedSavedFormsAreRejectedWithTheLine() {
        assertMessage(assertThrows(MalformedScalerException.class, () -> parse("")), "ends before the first line");
        assertMessage(assertThrows(MalformedScalerException.class, () -> parse("hello\n")), "line 1",
                "not a saved fhe4j scaler");
        assertMessage(assertThrows(MalformedScalerException.class, () -> parse("fhe4j-scaler 1\nkind zscore\n")),
                "line 2", "kind zscore");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 999999999\n")), "line 3", "999999999");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures x\n")), "line 3", "features N");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 2\n0 1\n")), "ends before feature 1 of 2");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 1\n0 NaN\n")), "line 4", "finite");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 1\n0 -1\n")), "line 4", "divisor");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 1\n0 1 2\n")), "line 4", "two numbers");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 1\n0 abc\n")), "line 4", "\"abc\"");
        assertMessage(assertThrows(MalformedScalerException.class,
                () -> parse("fhe4j-scaler 1\nkind min-max\nfeatures 1\n0 1\n0 1\n")), "line 5", "follows");
        assertMessage(assertThrows(DataTooLargeException.class, () -> parse("x".repeat(10_000))), "line 1");
    }

    @Test
    void transformRejectsOtherDimensionsAndFixedPointRejectsUnscaledHugeValues() {
        Scaler s = Scaler.fit(DATA, Scaler.Kind.MIN_MAX);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> s.transform(new double[2])), "2 features",
                "fitted on 3");
        TabularDataset huge = TabularDataset.of(new double[][] {{1e12}, {0}}, new int[] {0, 1});
        assertMessage(assertThrows(ArithmeticException.class, () -> huge.fixedPoint(8)), "scale the data first");
    }
}
