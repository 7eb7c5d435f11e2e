package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Rendering, throttling and ETA of the text progress bar, with a fake clock. */
class ProgressBarTest {
    private long now;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);

    private String printed() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rendersBytesWithRateAndEta() {
        ProgressBar bar = new ProgressBar("file.gz", 10_000_000, ProgressBar.Unit.BYTES, out, () -> now);
        now = 2_000_000_000L; // 2 s
        bar.update(5_000_000);
        assertEquals("\rfile.gz [##########----------]  50%  5.0/10.0 MB  2.5 MB/s  ETA 0:02", printed());
    }

    @Test
    void rendersItemsAndLongEtas() {
        ProgressBar bar = new ProgressBar("train", 10_000, ProgressBar.Unit.ITEMS, out, () -> now);
        now = 10_000_000_000L; // 10 s for 25 items: 2.5/s (printed rounded), 9975 left -> 3990 s
        bar.update(25);
        assertEquals("\rtrain [--------------------]   0%  25/10000  3/s  ETA 1:06:30", printed());
    }

    @Test
    void redrawsAtMostEvery100Milliseconds() {
        ProgressBar bar = new ProgressBar("x", 100, ProgressBar.Unit.ITEMS, out, () -> now);
        now = 1_000_000;
        bar.advance(1);
        now += 50_000_000; // 50 ms later: no redraw
        bar.advance(1);
        assertEquals(1, printed().split("\r", -1).length - 1);
        now += 60_000_000; // 110 ms after the first draw
        bar.advance(1);
        assertEquals(2, printed().split("\r", -1).length - 1);
        assertTrue(printed().endsWith(" 3/100  27/s  ETA 0:04"), printed());
    }

    @Test
    void finishEndsTheLineOnce() {
        ProgressBar bar = new ProgressBar("x", 4, ProgressBar.Unit.ITEMS, out, () -> now);
        now = 1_000_000_000L;
        bar.update(4);
        bar.finish();
        bar.finish();
        assertTrue(printed().endsWith("[####################] 100%  4/4  4/s  ETA 0:00" + System.lineSeparator()),
                printed());
        assertEquals(1, printed().split(System.lineSeparator(), -1).length - 1);
    }

    @Test
    void unknownTotalShowsAmountAndRateOnly() {
        ProgressBar bar = new ProgressBar("stream", -1, ProgressBar.Unit.BYTES, out, () -> now);
        now = 1_000_000_000L;
        bar.update(1_500_000);
        assertEquals("\rstream 1.5 MB  1.5 MB/s", printed());
    }

    @Test
    void formatsTimes() {
        assertEquals("0:00", ProgressBar.time(0));
        assertEquals("0:01", ProgressBar.time(0.2));
        assertEquals("1:05", ProgressBar.time(65));
        assertEquals("2:00:00", ProgressBar.time(7200));
    }
}
