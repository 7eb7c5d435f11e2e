package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CsvReader on well-formed tables and on each kind of malformed input. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
    }

    @Test
    void readsHeaderNamedLabelAndStringClassesInSortedOrder() throws IOException {
        Path f = write("iris.csv", "sepal,species,petal\n5.1,setosa,1.4\n7.0,versicolor,4.7\n4.9,setosa,1.3\n");
        TabularDataset d = CsvReader.builder().labelColumn("species").build().read(f);
        assertEquals(3, d.size());
        assertEquals(2, d.dimension());
        assertEquals(List.of("setosa", "versicolor"), d.classNames());
        assertEquals(List.of("sepal", "petal"), d.featureNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertArrayEquals(new double[] {7.0, 4.7}, d.row(1));
    }

    @Test
    void withoutHeaderTheLastColumnIsTheLabelAndIntegerLabelsSortNumerically() throws IOException {
        Path f = write("t.csv", "1,2,10\n3,4,9\n5,6,10\n7,8,2\n");
        TabularDataset d = CsvReader.readFile(f);
        assertEquals(4, d.size());
        assertEquals(List.of("2", "9", "10"), d.classNames());
        assertArrayEquals(new int[] {2, 1, 2, 0}, d.labels());
        assertEquals(List.of("x0", "x1"), d.featureNames());
    }

    @Test
    void tsvByExtensionLabelByIndexQuotesAndCrlf() throws IOException {
        Path f = write("t.tsv", "\uFEFFy\t\"a \"\"b\"\"\"\tc\r\n1\t0.5\t-2e3\r\n\r\n0\t1.5\t3\r\n");
        TabularDataset d = CsvReader.builder().labelColumn(0).build().read(f);
        assertEquals(List.of("a \"b\"", "c"), d.featureNames());
        assertArrayEquals(new double[] {0.5, -2000}, d.row(0));
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    @Test
    void explicitHeaderFalseTreatsFirstLineAsData() {
        TabularDataset d = CsvReader.builder().header(false).build()
                .read(new ByteArrayInputStream("1,a\n2,b\n".getBytes(StandardCharsets.UTF_8)), "s");
        assertEquals(2, d.size());
    }

    @Test
    void aFirstLineMixingNumbersAndTextIsNeitherHeaderNorDataUnlessSaid() throws IOException {
        Path f = write("mixed.csv", "1,abc,0\n2,3,1\n4,5,0\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f)), "line 1, column 2",
                "\"abc\"", "header(true)");
        assertEquals(2, CsvReader.builder().header(true).build().read(f).size());
    }

    @Test
    void aTestFileNumbersItsClassesLikeTheTrainingFile() throws IOException {
        TabularDataset train = CsvReader.readFile(write("train.csv", "1,cat\n2,dog\n3,eel\n"));
        Path testFile = write("test.csv", "4,eel\n5,eel\n");
        TabularDataset test = CsvReader.builder().classes(train.classNames()).build().read(testFile);
        assertArrayEquals(new int[] {2, 2}, test.labels());
        assertEquals(3, test.classes());
        Path unknown = write("unknown.csv", "4,eel\n5,fox\n");
        assertMessage(assertThrows(MalformedCsvException.class,
                () -> CsvReader.builder().classes(train.classNames()).build().read(unknown)), "line 2, column 2",
                "\"fox\"", "[cat, dog, eel]");
        assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().classes(List.of("a", "a")));
    }

    @Test
    void raggedRowNamesFileLineAndCounts() throws IOException {
        Path f = write("r.csv", "a,b,y\n1,2,0\n3,1\n");
        MalformedCsvException e = assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f));
        assertMessage(e, f.toString(), "line 3", "2 cells", "has 3");
    }

    @Test
    void nonNumericCellNamesLineColumnHeaderAndValue() throws IOException {
        Path f = write("n.csv", "a,b,y\n1,2,0\n3,abc,1\n");
        MalformedCsvException e = assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f));
        assertMessage(e, f.toString(), "line 3, column 2", "(\"b\")", "\"abc\"", "not a number");
    }

    @Test
    void nanAndInfinityAndEmptyFeatureAreRejected() throws IOException {
        Path f1 = write("nan.csv", "1,2,0\n1,NaN,1\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f1)), "line 2, column 2");
        Path f2 = write("inf.csv", "1,2,0\n1,1e400,1\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f2)),
                "line 2, column 2", "not a finite number");
        Path f3 = write("empty-cell.csv", "1,2,0\n1,,1\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f3)),
                "line 2, column 2", "is empty");
    }

    @Test
    void missingLabelNamesLineAndColumn() throws IOException {
        Path f = write("m.csv", "a,y\n1,0\n2, \n");
        MalformedCsvException e = assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f));
        assertMessage(e, f.toString(), "line 3, column 2", "(\"y\")", "label is missing");
    }

    @Test
    void labelColumnNameNotInHeaderOrIndexOutOfRange() throws IOException {
        Path f = write("h.csv", "a,b\n1,0\n2,1\n");
        assertMessage(assertThrows(MalformedCsvException.class,
                () -> CsvReader.builder().labelColumn("class").build().read(f)), "no column is named \"class\"",
                "[a, b]");
        assertMessage(assertThrows(MalformedCsvException.class,
                () -> CsvReader.builder().labelColumn(5).build().read(f)), "no label column 5");
    }

    @Test
    void singleClassIsRejected() throws IOException {
        Path f = write("one.csv", "1,2,cat\n3,4,cat\n");
        TooFewClassesException e = assertThrows(TooFewClassesException.class, () -> CsvReader.readFile(f));
        assertMessage(e, f.toString(), "\"cat\"", "at least two classes");
    }

    @Test
    void emptyFileBlankFileAndHeaderOnlyAreRejected() throws IOException {
        Path e1 = write("empty.csv", "");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(e1)), "is empty");
        Path e2 = write("blank.csv", "\n  \n\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(e2)), "is empty");
        Path e3 = write("header.csv", "a,b,y\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(e3)), "no data rows");
    }

    @Test
    void oneColumnSuggestsTheDelimiter() throws IOException {
        Path f = write("tabs.csv", "1\t2\t0\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f)), "one column",
                "delimiter");
    }

    @Test
    void unterminatedQuoteIsRejected() throws IOException {
        Path f = write("q.csv", "1,\"2,0\n");
        assertMessage(assertThrows(MalformedCsvException.class, () -> CsvReader.readFile(f)), "line 1, column 2",
                "never closed");
    }

    @Test
    void boundsAreCheckedBeforeAllocation() throws IOException {
        Path rows = write("rows.csv", "1,0\n2,1\n3,0\n");
        assertMessage(assertThrows(DataTooLargeException.class,
                () -> CsvReader.builder().maxRows(2).build().read(rows)), "more than 2 rows", "line 3");
        Path cols = write("cols.csv", "1,2,3,4,0\n");
        assertMessage(assertThrows(DataTooLargeException.class,
                () -> CsvReader.builder().maxColumns(3).build().read(cols)), "5 columns");
        assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().maxColumns(Scaler.MAX_FEATURES + 2));
        Path line = write("line.csv", "1".repeat(100) + ",0\n");
        assertMessage(assertThrows(DataTooLargeException.class,
                () -> CsvReader.builder().maxLineChars(50).build().read(line)), "line 1", "longer than 50");
        assertMessage(assertThrows(DataTooLargeException.class,
                () -> CsvReader.builder().maxCells(2).build().read(rows)), "more than 2 feature values");
    }

    @Test
    void invalidUtf8IsAClearError() throws IOException {
        Path f = dir.resolve("bin.csv");
        Files.write(f, new byte[] {'1', ',', (byte) 0xC3, '\n'});
        assertMessage(assertThrows(MalformedDataException.class, () -> CsvReader.readFile(f)), "not valid UTF-8");
    }

    @Test
    void missingFileIsDataNotFound() {
        assertThrows(DataNotFoundException.class, () -> CsvReader.readFile(dir.resolve("nope.csv")));
    }
}
