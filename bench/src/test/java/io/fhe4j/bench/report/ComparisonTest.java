package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private final List<Measurement> measurements = Fixtures.measurements();
    private final List<Anchor> anchors = Fixtures.anchors();

    @Test
    void mainRowsTakeThePrimaryAnchorOfEachEngineAndComputeRatios() {
        List<Comparison.Row> rows = Comparison.mainRows(measurements, anchors);
        assertEquals(3, rows.size());
        Comparison.Row ntt = rows.get(0);
        assertEquals("NttBenchmark.forward", ntt.measurement().name());
        assertNull(ntt.helib());
        assertEquals(0.046 / 0.023, ntt.sealRatio(), 1e-12);
        assertTrue(Double.isNaN(ntt.helibRatio()));

        Comparison.Row mod = rows.get(1);
        assertEquals("BgvBenchmark.modSwitch", mod.measurement().name());
        assertNull(mod.helib(), "the only modSwitch anchor is at N=32768, not measured");

        Comparison.Row mul = rows.get(2);
        assertEquals("mul-bare", mul.helib().id());
        assertEquals("mul-t1", mul.seal().id());
        assertEquals(20.0 / 30.3, mul.helibRatio(), 1e-12);
        assertEquals(20.0 / 17.5, mul.sealRatio(), 1e-12, "a range is compared at its midpoint");
    }

    @Test
    void everyTimeAnchorGetsAStatus() {
        List<Comparison.AnchorRow> rows = Comparison.anchorRows(measurements, anchors,
                Set.of("NttBenchmark", "BgvBenchmark"));
        assertEquals(List.of("ntt", "mul-t1", "mul-bare", "ks", "ms-32768", "gen"),
                rows.stream().map(r -> r.anchor().id()).toList(), "size and training anchors are left out");
        assertEquals(Comparison.Status.MEASURED, rows.get(0).status());
        assertEquals(20.0 / 59.8, rows.get(1).helibRatio(), 1e-12);
        assertEquals(Comparison.Status.NO_COUNTERPART, rows.get(3).status());
        assertNull(rows.get(3).measurement());
        assertEquals(Comparison.Status.NOT_IN_THIS_RUN, rows.get(4).status());
        assertEquals(Comparison.Status.SUITE_MISSING, rows.get(5).status());
        assertTrue(Double.isNaN(rows.get(5).helibRatio()));
    }

    @Test
    void generalRingMeasurementsMatchByM() {
        List<Measurement> ms = new ArrayList<>(measurements);
        ms.add(Fixtures.measurement("GeneralRingBenchmark", "encrypt", Map.of("m", "4369"), 3.1));
        List<Comparison.AnchorRow> rows = Comparison.anchorRows(ms, anchors,
                Set.of("NttBenchmark", "BgvBenchmark", "GeneralRingBenchmark"));
        Comparison.AnchorRow gen = rows.get(5);
        assertEquals(Comparison.Status.MEASURED, gen.status());
        assertEquals(0.5, gen.helibRatio(), 1e-12);
        Comparison.Row last = Comparison.mainRows(ms, anchors).get(3);
        assertSame(gen.anchor(), last.helib());
    }

    @Test
    void ordersBySuiteThenMethodThenRingSize() {
        List<Measurement> ms = List.of(
                Fixtures.measurement("BgvBenchmark", "rotate", Map.of("logN", "14"), 1),
                Fixtures.measurement("Zeta", "a", Map.of(), 1),
                Fixtures.measurement("BgvBenchmark", "rotate", Map.of("logN", "13"), 1),
                Fixtures.measurement("NttBenchmark", "inverse", Map.of("logN", "16"), 1),
                Fixtures.measurement("BgvBenchmark", "encrypt", Map.of("logN", "15"), 1));
        assertEquals(List.of("NttBenchmark.inverse N=65536", "BgvBenchmark.encrypt N=32768", "BgvBenchmark.rotate N=8192",
                "BgvBenchmark.rotate N=16384", "Zeta.a "),
                Comparison.sorted(ms).stream().map(m -> m.name() + " " + m.ring()).toList());
    }

    @Test
    void trainingRowsExtrapolateAnEpochFromTheBatchParameter() {
        List<Measurement> ms = List.of(
                Fixtures.measurement("TrainingStepBenchmark", "step", Map.of("batch", "100"), 2000),
                Fixtures.measurement("TrainingStepBenchmark", "stepDefault", Map.of(), 1000));
        List<TrainingRows.Row> rows = TrainingRows.rows(ms);
        assertEquals(600.0, rows.get(0).stepsPerEpoch(), 1e-12);
        assertEquals(1_200_000.0, rows.get(0).epochMillis(), 1e-6);
        assertTrue(rows.get(1).batchAssumed());
        assertEquals(1000.0, rows.get(1).stepsPerEpoch(), 1e-12);
        assertTrue(Comparison.mainRows(ms, anchors).isEmpty(), "training rows have their own section");
    }
}
