package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhCsvTest {
    @Test
    void readsPrimaryRowsInMillisecondsWithAllocationFromTheGcProfiler() {
        List<Measurement> ms = Fixtures.measurements();
        assertEquals(3, ms.size());
        Measurement ntt = ms.get(0);
        assertEquals("NttBenchmark", ntt.suite());
        assertEquals("forward", ntt.method());
        assertEquals(Map.of("logN", "12"), ntt.params());
        assertEquals("N=4096", ntt.ring());
        assertEquals(0.046, ntt.millis(), 1e-12);
        assertEquals(0.002, ntt.errorMillis(), 1e-12);
        assertEquals(5, ntt.samples());
        assertEquals(0.5, ntt.allocBytes(), 1e-12);

        Measurement mul = ms.get(1);
        assertEquals("BgvBenchmark.multiplyRelinearize", mul.name());
        assertEquals("N=16384", mul.ring());
        assertEquals(20.0, mul.millis(), 1e-9);
        assertEquals(22570621.3, mul.allocBytes(), 1e-6);

        Measurement mod = ms.get(2);
        assertEquals(3.1, mod.millis(), 1e-12);
        assertTrue(Double.isNaN(mod.errorMillis()));
        assertTrue(Double.isNaN(mod.allocBytes()), "no GC-profiler row: allocation unknown");
    }

    @Test
    void sampleModeGivesTheFastestAndTheMedianCall() {
        // as JMH 1.37 writes sample mode: the primary row is the mean, percentiles are secondary rows
        String csv = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\","
                + "\"Param: logN\"\n"
                + "\"io.x.BgvBenchmark.rotate\",\"sample\",1,120,25000.5,900.25,\"us/op\",14\n"
                + "\"io.x.BgvBenchmark.rotate:gc.alloc.rate.norm\",\"sample\",1,4,6100000,10,\"B/op\",14\n"
                + "\"io.x.BgvBenchmark.rotate:p0.00\",\"sample\",1,1,17000,NaN,\"us/op\",14\n"
                + "\"io.x.BgvBenchmark.rotate:p0.50\",\"sample\",1,1,18432,NaN,\"us/op\",14\n"
                + "\"io.x.BgvBenchmark.rotate:p0.90\",\"sample\",1,1,40000,NaN,\"us/op\",14\n"
                + "\"io.x.BgvBenchmark.rotate:p1.00\",\"sample\",1,1,90000,NaN,\"us/op\",14\n";
        List<Measurement> ms = JmhCsv.read(new StringReader(csv));
        assertEquals(1, ms.size());
        Measurement m = ms.get(0);
        assertTrue(m.sampled());
        assertEquals(25.0005, m.millis(), 1e-12);
        assertEquals(17.0, m.minMillis(), 1e-12);
        assertEquals(18.432, m.medianMillis(), 1e-12);
        assertEquals(18.432, m.typicalMillis(), 1e-12);
        assertEquals(6100000, m.allocBytes(), 1e-9);
        assertEquals("18.4 (min 17.0)", Format.timing(m));
        // ratios compare the median with the anchor
        Figure helib = Figure.parse("17.6");
        assertEquals(18.432 / 17.6, Comparison.ratio(m, helib), 1e-12);
    }

    @Test
    void averageTimeRowsAreNotSampled() {
        Measurement ntt = Fixtures.measurements().get(0);
        assertTrue(!ntt.sampled() && Double.isNaN(ntt.minMillis()));
        assertEquals(ntt.millis(), ntt.typicalMillis(), 0);
        assertEquals(Format.millisWithError(ntt.millis(), ntt.errorMillis()), Format.timing(ntt));
    }

    @Test
    void convertsEveryTimeUnitAndThroughput() {
        assertEquals(1500.0, JmhCsv.toMillis(1.5, 0.1, "s/op", 1)[0], 1e-9);
        assertEquals(2.0e-6, JmhCsv.toMillis(2, 0, "ns/op", 1)[0], 1e-18);
        double[] thrpt = JmhCsv.toMillis(50, 5, "ops/s", 1);
        assertEquals(20.0, thrpt[0], 1e-9);
        assertEquals(2.0, thrpt[1], 1e-9);
        assertEquals(0.25, JmhCsv.toMillis(4, 0, "ops/ms", 1)[0], 1e-12);
        assertThrows(ReportDataException.class, () -> JmhCsv.toMillis(1, 0, "MB/sec", 1));
    }

    @Test
    void benchmarksWithoutParametersAndWithAnMParameter() {
        String csv = "Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit,Param: m\n"
                + "io.x.GeneralRingBenchmark.encrypt,avgt,1,5,6000,100,us/op,4369\n"
                + "io.x.Other.run,avgt,1,5,1,0.1,ms/op,\n";
        List<Measurement> ms = JmhCsv.read(new StringReader(csv));
        assertEquals("m=4369", ms.get(0).ring());
        assertEquals(Map.of(), ms.get(1).params());
        assertEquals("", ms.get(1).ring());
        assertEquals("logN=big", new Measurement("S", "m", Map.of("logN", "big"), 1, 0, 1, 0).ring());
    }

    @Test
    void emptyFileHasNoMeasurements() {
        assertEquals(List.of(), JmhCsv.read(new StringReader("")));
    }

    @Test
    void rejectsMissingColumnsAndRaggedRowsAndBadNumbers() {
        assertThrows(ReportDataException.class, () -> JmhCsv.read(new StringReader("Benchmark,Mode\nx.Y.z,avgt\n")));
        String header = "Benchmark,Mode,Threads,Samples,Score,Score Error (99.9%),Unit\n";
        assertThrows(ReportDataException.class, () -> JmhCsv.read(new StringReader(header + "a.B.c,avgt,1,5,1\n")));
        ReportDataException e = assertThrows(ReportDataException.class,
                () -> JmhCsv.read(new StringReader(header + "a.B.c,avgt,1,5,fast,0,ms/op\n")));
        assertTrue(e.getMessage().contains("fast"), e.getMessage());
    }
}
