package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

class AnchorsTest {
    private static final String HEADER = "id,suite,benchmark,ring,operation,unit,helib,seal,primary,source,machine,note\n";

    @Test
    void readsTheSyntheticFile() {
        List<Anchor> anchors = Fixtures.anchors();
        assertEquals(9, anchors.size());
        Anchor t1 = anchors.get(1);
        assertEquals("mul-t1", t1.id());
        assertEquals(59.8, t1.helib().value(), 1e-12);
        assertTrue(t1.seal().isRange());
        assertEquals(17.5, t1.seal().value(), 1e-12);
        assertEquals("17-18", t1.seal().text());
        assertTrue(t1.primarySeal());
        assertFalse(t1.primaryHelib());
        assertEquals("SEAL's NTT, lazy", anchors.get(0).note());
        assertNull(anchors.get(0).helib());
        assertFalse(anchors.get(3).hasCounterpart());
    }

    @Test
    void figuresParseNumbersRangesAndExponents() {
        assertEquals(0.023, Figure.parse("0.023").value(), 1e-15);
        assertEquals(1e-3, Figure.parse("1e-3").value(), 1e-15);
        assertEquals(17.5, Figure.parse("17-18").value(), 1e-15);
        assertNull(Figure.parse(" "));
        assertNull(Figure.parse("-"));
        assertThrows(ReportDataException.class, () -> Figure.parse("fast"));
        assertThrows(ReportDataException.class, () -> Figure.parse("18-17"));
        assertThrows(ReportDataException.class, () -> Figure.parse("0"));
    }

    @Test
    void rejectsDuplicateIdsTwoPrimariesBadUnitsAndMissingFigures() {
        String row = "a,BgvBenchmark,rotate,N=8192,rotate,ms,4.75,2.64,helib seal,s,m,n\n";
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader(HEADER + row + row)));
        String second = "b,BgvBenchmark,rotate,N=8192,rotate,ms,5.3,,helib,s,m,n\n";
        ReportDataException e = assertThrows(ReportDataException.class,
                () -> Anchors.read(new StringReader(HEADER + row + second)));
        assertTrue(e.getMessage().contains("second primary HElib"), e.getMessage());
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader(HEADER
                + "a,BgvBenchmark,rotate,N=8192,rotate,s,4.75,,,s,m,n\n")));
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader(HEADER
                + "a,BgvBenchmark,rotate,N=8192,rotate,ms,,,,s,m,n\n")));
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader(HEADER
                + "a,BgvBenchmark,rotate,N=8192,rotate,ms,4.75,,seal,s,m,n\n")));
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader(HEADER
                + "a,BgvBenchmark,rotate,N=8192,rotate,ms,4.75,,fastest,s,m,n\n")));
        assertThrows(ReportDataException.class, () -> Anchors.read(new StringReader("id,suite\n")));
    }

    /** The shipped file parses, and every row of a suite in this build names a real benchmark and parameter. */
    @Test
    void shippedAnchorsNameRealBenchmarksAndParameters() throws Exception {
        List<Anchor> anchors = Anchors.load();
        assertFalse(anchors.isEmpty(), "anchors.csv keeps the paper's figures");
        for (Anchor a : anchors) {
            // HElib and SEAL figures measured elsewhere are not divided by this machine's: only the paper's stay
            assertTrue(a.id().startsWith("paper-") && a.suite().equals(Comparison.TRAINING_SUITE) && a.seal() == null,
                    a.id() + " is one of the paper's training figures");
            assertFalse(a.primaryHelib() || a.primarySeal(), a.id() + " fills no HElib or SEAL column");
        }
        Set<String> suitesChecked = new HashSet<>();
        for (Anchor a : anchors) {
            assertFalse(a.source().isBlank(), a.id() + " states its source");
            assertFalse(a.machine().isBlank(), a.id() + " states its machine");
            assertFalse(a.note().isBlank(), a.id() + " says what was measured");
            Class<?> suite;
            try {
                suite = Class.forName("io.fhe4j.bench." + a.suite());
            } catch (ClassNotFoundException e) {
                continue; // a suite of a later issue, or Sizes
            }
            suitesChecked.add(a.suite());
            if (!a.hasCounterpart() || a.benchmark().equals("*")) {
                continue;
            }
            Method m = suite.getMethod(a.benchmark());
            assertNotNull(m.getAnnotation(Benchmark.class), a.id() + ": " + a.benchmark() + " is a @Benchmark");
            if (a.ring().isEmpty()) {
                continue;
            }
            boolean byM = a.ring().startsWith("m=");
            Field param = suite.getField(byM ? "m" : "logN");
            Set<String> rings = new HashSet<>();
            for (String v : param.getAnnotation(Param.class).value()) {
                rings.add(byM ? "m=" + v : "N=" + (1 << Integer.parseInt(v)));
            }
            assertTrue(rings.contains(a.ring()), a.id() + ": " + a.ring() + " is one of " + a.suite() + "'s rings " + rings);
        }
        assertTrue(suitesChecked.contains(Comparison.TRAINING_SUITE), suitesChecked.toString());
    }
}
