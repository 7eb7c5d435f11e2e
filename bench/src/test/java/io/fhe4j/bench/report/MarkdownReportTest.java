package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static String render(List<Measurement> ms, RunInfo info) {
        return MarkdownReport.render(new MarkdownReport.Input(info, ms, Fixtures.anchors(), Fixtures.sizes(),
                "report.svg"));
    }

    @Test
    void headerStatesMachineLoadAndNoise() {
        String md = render(Fixtures.measurements(), Fixtures.info());
        assertTrue(md.startsWith("# fhe4j performance report\n"));
        assertTrue(md.contains("| date | 2025-01-02 03:04 UTC |"));
        assertTrue(md.contains("Test CPU 9000, 2 available to the JVM"));
        assertTrue(md.contains("| JDK | OpenJDK 17 |"));
        assertTrue(md.contains("at start 0.50 / 0.40 / 0.30; at end 1.50 / 0.90 / 0.40"));
        assertTrue(md.contains("shared with other engineers"));
        assertTrue(md.contains("`java -jar bench/target/fhe4j.jar report`"));
        assertTrue(md.contains("| fhe4j threads | one (`-Dfhe4j.threads=1`) in: not recorded;"), md);
        assertFalse(md.contains("**In this run**"), "load 1.5 on 2 cores is not overloaded");
        assertTrue(render(Fixtures.measurements(), Fixtures.info().with("loadEnd", "6.14 / 6.00 / 5.00"))
                .contains("> **In this run** the load average exceeded the number of cores (0.50 / 0.40 / 0.30 at start, "
                        + "6.14 / 6.00 / 5.00 at end, on 2 available to the JVM)"));
        assertFalse(MarkdownReport.overloaded(Fixtures.info().with("loadEnd", "unknown")));
        String pinned = render(Fixtures.measurements(), Fixtures.info().with("oneThread", "NttBenchmark, BgvBenchmark")
                .with("anyThreads", ""));
        assertTrue(pinned.contains("| fhe4j threads | one (`-Dfhe4j.threads=1`) in: NttBenchmark, BgvBenchmark; not pinned "
                + "(may use every core) in: none |"), pinned);
    }

    @Test
    void mainTableShowsTimeErrorAllocationAnchorsAndRatios() {
        String md = render(Fixtures.measurements(), Fixtures.info());
        assertTrue(md.contains("| BgvBenchmark.multiplyRelinearize | N=16384 | 20.0 ± 1.50 | 22.6 MB | 30.3 (mul-bare) "
                + "| 0.66 | 17-18 (mul-t1) | 1.1 |"), md);
        assertTrue(md.contains("| NttBenchmark.forward | N=4096 | 0.0460 ± 0.00200 | 0.5 B |"), md);
        assertTrue(md.contains("| BgvBenchmark.modSwitch | N=8192 | 3.10 ± ? | - | - | - | - | - |"), md);
        assertTrue(md.contains("![fhe4j, HElib and SEAL per operation, log scale](report.svg)"));
        assertFalse(md.contains("NaN"), "no NaN reaches the report");
    }

    @Test
    void anchorTableSaysWhyAFigureIsMissing() {
        String md = render(Fixtures.measurements(), Fixtures.info());
        assertTrue(md.contains("| ks | N=16384 | key switch alone | 17.7 | - | - | no fhe4j benchmark |"), md);
        assertTrue(md.contains("| ms-32768 | N=32768 | mod-switch | 9.9 | - | BgvBenchmark.modSwitch | not measured in this "
                + "run (try `--full`) |"), md);
        assertTrue(md.contains("not yet measured (GeneralRingBenchmark is not in this build)"), md);
        assertTrue(md.contains("| mul-t1 | N=16384 | multiply | 59.8 | 17-18 | BgvBenchmark.multiplyRelinearize | "
                + "20.0 ± 1.50 | 0.33 | 1.1 | incl. mod-switch |"), md);
    }

    @Test
    void trainingRowsSayNotYetMeasuredWithoutTheSuite() {
        String md = render(Fixtures.measurements(), Fixtures.info());
        assertTrue(md.contains("| per mini-batch | not yet measured (TrainingStepBenchmark is not in this build) | "
                + "40 min (paper-minibatch) | - |"), md);
        assertTrue(md.contains("| per epoch | not yet measured (TrainingStepBenchmark is not in this build) | "
                + "27.8 days (paper-epoch) | - |"), md);
    }

    @Test
    void trainingRowsCompareMeasuredStepsAndExtrapolatedEpochs() {
        List<Measurement> ms = new ArrayList<>(Fixtures.measurements());
        ms.add(new Measurement("TrainingStepBenchmark", "step", Map.of(), 60_000, 1_000, 5, Double.NaN));
        String md = render(ms, Fixtures.info().with("suites", "NttBenchmark,BgvBenchmark,TrainingStepBenchmark"));
        assertTrue(md.contains("| per mini-batch: TrainingStepBenchmark.step | 60.0 s ± 1.0 s | 40 min (paper-minibatch) "
                + "| 0.025 |"), md);
        assertTrue(md.contains("| per epoch: TrainingStepBenchmark.step | 16.7 h (extrapolated: 1000 steps of 60; no batch "
                + "parameter, the paper's batch assumed) | 27.8 days (paper-epoch) | 0.025 |"), md);
        assertTrue(md.contains("Not the same network"));
        assertFalse(md.contains("; in this run: "));
        String withConfig = render(ms, Fixtures.info().with("trainingConfig", "196-64-10, batch 60"));
        assertTrue(withConfig.contains("; in this run: 196-64-10, batch 60; the paper trained 784-128-32-10"), withConfig);
    }

    @Test
    void sizesTablePutsHelibsReportedFiguresNextToTheMirroredChain() {
        String md = render(Fixtures.measurements(), Fixtures.info());
        assertTrue(md.contains("| HElib chain, logN = 14 | 16384 | 7 | 406.0 | 620.0 | 1.84 MB | 1.84 MB | 2.40 MB "
                + "| 2.40 MB | ciphertext 3.7 MB (ct) |"), md);
        assertTrue(md.contains("| Presets.n16384() | 16384 | 6 | 360.0 | 440.0 | 1.57 MB | 1.57 MB | 1.60 MB | 1.60 MB "
                + "| - |"), md);
        String none = MarkdownReport.render(new MarkdownReport.Input(Fixtures.info(), Fixtures.measurements(),
                Fixtures.anchors(), List.of(), null));
        assertTrue(none.contains("## Sizes of keys and ciphertexts\n\nNot measured in this run."));
        assertFalse(none.contains("report.svg"));
    }

    @Test
    void summaryTableHoldsOnlyAnchoredRows() {
        String table = MarkdownReport.summaryTable(Fixtures.measurements(), Fixtures.anchors());
        assertEquals(4, table.lines().count(), table);
        assertTrue(table.contains("| BgvBenchmark.multiplyRelinearize | N=16384 | 20.0 ± 1.50 | 30.3 | 0.66 | 17-18 | 1.1 |"));
        assertFalse(table.contains("modSwitch"));
    }
}
