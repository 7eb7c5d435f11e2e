package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void millisKeepThreeSignificantDigits() {
        assertEquals("2360", Format.millis(2360));
        assertEquals("59.8", Format.millis(59.8));
        assertEquals("3.10", Format.millis(3.1));
        assertEquals("0.0230", Format.millis(0.023));
        assertEquals("0.000580", Format.millis(0.00058));
        assertEquals("-", Format.millis(Double.NaN));
        assertEquals("3.10 ± ?", Format.millisWithError(3.1, Double.NaN));
    }

    @Test
    void ratiosBytesAndDurations() {
        assertEquals("0.66", Format.ratio(0.66));
        assertEquals("1.1", Format.ratio(1.14));
        assertEquals("18", Format.ratio(18.3));
        assertEquals("0.00058", Format.ratio(0.00058));
        assertEquals("-", Format.ratio(Double.NaN));
        assertEquals("512 B", Format.bytes(512));
        assertEquals("1.84 MB", Format.bytes(1_835_000));
        assertEquals("65.6 KB", Format.bytes(65_600));
        assertEquals("4m05s", Format.duration(245));
        assertEquals("40 min", Format.human(2_400_000));
        assertEquals("1.5 days", Format.human(129_600_000));
    }
}
