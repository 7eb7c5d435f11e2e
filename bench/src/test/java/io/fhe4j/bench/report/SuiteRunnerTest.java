package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bench.BgvBenchmark;
import io.fhe4j.bench.NttBenchmark;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** What the runner plans from JMH's benchmark list; nothing is run. */
class SuiteRunnerTest {
    private static final PrintStream NOWHERE = new PrintStream(PrintStream.nullOutputStream());

    private static long benchmarks(Class<?> suite) {
        return Arrays.stream(suite.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class)).count();
    }

    @Test
    void discoversTheSuitesOfTheBuildInReportOrder() {
        List<String> names = SuiteRunner.simpleNames(SuiteRunner.discover());
        assertEquals("NttBenchmark", names.get(0));
        assertEquals("BgvBenchmark", names.get(1));
    }

    @Test
    void countsPointsWithTheShortModeOverrides() {
        Map<String, List<BenchmarkListEntry>> suites = SuiteRunner.discover();
        SuiteRunner shortRun = new SuiteRunner(false, NOWHERE, NOWHERE);
        SuiteRunner fullRun = new SuiteRunner(true, NOWHERE, NOWHERE);
        String bgv = BgvBenchmark.class.getName();
        String ntt = NttBenchmark.class.getName();
        assertEquals(2 * benchmarks(BgvBenchmark.class), shortRun.points(bgv, suites.get(bgv)));
        assertEquals(3 * benchmarks(BgvBenchmark.class), fullRun.points(bgv, suites.get(bgv)));
        assertEquals(4 * benchmarks(NttBenchmark.class), shortRun.points(ntt, suites.get(ntt)));
        assertEquals(5 * benchmarks(NttBenchmark.class), fullRun.points(ntt, suites.get(ntt)));
    }

    @Test
    void tellsWhichSuitesPinFhe4jToOneThread() {
        List<List<String>> pinning = SuiteRunner.threadPinning(SuiteRunner.discover());
        assertTrue(pinning.get(0).containsAll(List.of("NttBenchmark", "BgvBenchmark")), pinning.toString());
    }
}
