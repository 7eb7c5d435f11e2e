package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void splitsQuotedFieldsWithCommasAndDoubledQuotes() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Csv.split("a,\"b, c\",\"say \"\"hi\"\"\",", 1));
    }

    @Test
    void trimsUnquotedFieldsOnly() {
        assertEquals(List.of("x", " y "), Csv.split(" x ,\" y \"", 1));
    }

    @Test
    void skipsBlankAndCommentLines() {
        List<List<String>> rows = Csv.read(new StringReader("# header comment\n\na,b\n  \n1,2\n"));
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), rows);
    }

    @Test
    void rejectsUnterminatedQuotes() {
        ReportDataException e = assertThrows(ReportDataException.class, () -> Csv.split("a,\"b", 7));
        assertEquals(true, e.getMessage().contains("line 7"));
    }

    @Test
    void quoteRoundTrips() {
        for (String v : List.of("plain", "with, comma", "with \"quote\"", " padded ")) {
            assertEquals(List.of(v, "z"), Csv.split(Csv.quote(v) + ",z", 1));
        }
    }
}
