package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedProbeTest {
    @Test
    void measuresAPlausibleStepTimeAndTheHeaderShowsIt() {
        double ns = SpeedProbe.nanosPerStep();
        // a dependent multiply-add takes a few cycles: between 0.1 ns (10 GHz at one cycle) and 100 ns
        assertTrue(ns > 0.1 && ns < 100, "ns per step " + ns);
        assertEquals("1.21 ns", SpeedProbe.describe(1.2149));
        RunInfo info = new RunInfo(Map.of("speedStart", "1.21 ns", "speedEnd", "1.64 ns"));
        String md = MarkdownReport.render(new MarkdownReport.Input(info, List.of(), List.of(), List.of(), null));
        assertTrue(md.contains("| host speed probe (ns per step of a dependent multiply-add chain; lower is faster) "
                + "| at start 1.21 ns; at end 1.64 ns |"), md);
    }
}
