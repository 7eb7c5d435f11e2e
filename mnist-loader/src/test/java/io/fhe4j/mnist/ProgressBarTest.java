package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void slowStepsShowSecondsPerStepNotZeroPerSecond() {
        ProgressBar bar = new ProgressBar("encrypted SGD", 10, ProgressBar.Unit.STEPS, out, () -> now);
        now = 84_000_000_000L; // 2 steps in 84 s
        bar.update(2);
        assertEquals("\rencrypted SGD [####----------------]  20%  2/10  42.0 s/step  ETA 5:36", printed());
        ProgressBar items = new ProgressBar("x", 10, ProgressBar.Unit.ITEMS, out, () -> now);
        now += 4_000_000_000L;
        items.update(1);
        assertTrue(printed().endsWith(" 1/10  4.0 s/item  ETA 0:36"), printed());
    }

    @Test
    void linesStyleWritesPlainLinesAtMostEveryTenSeconds() {
        ProgressBar bar = new ProgressBar("encrypted SGD", 100, ProgressBar.Unit.STEPS, out, () -> now,
                ProgressBar.Style.LINES);
        String nl = System.lineSeparator();
        for (int s = 1; s <= 30; s++) {
            now = s * 1_000_000_000L; // one step a second for 30 s
            bar.advance(1);
        }
        bar.finish();
        assertFalse(printed().contains("\r"), printed());
        String[] lines = printed().split(nl);
        assertEquals(List.of("encrypted SGD [--------------------]   1%  1/100  1/s  ETA 1:39",
                "encrypted SGD [##------------------]  11%  11/100  1/s  ETA 1:29",
                "encrypted SGD [####----------------]  21%  21/100  1/s  ETA 1:19",
                "encrypted SGD [######--------------]  30%  30/100  1/s  ETA 1:10"), List.of(lines));
        assertTrue(printed().endsWith(nl));
    }

    @Test
    void streamsThatAreNotTerminalsGetLines() {
        assertEquals(ProgressBar.Style.LINES, ProgressBar.Style.of(out));
        // surefire's forked JVM writes stderr to a pipe
        assertEquals(ProgressBar.Style.LINES, ProgressBar.Style.of(System.err));
        String before = System.getProperty("fhe4j.progress");
        try {
            System.setProperty("fhe4j.progress", "bar");
            assertEquals(ProgressBar.Style.REDRAW, ProgressBar.Style.of(out));
            System.setProperty("fhe4j.progress", "lines");
            assertEquals(ProgressBar.Style.LINES, ProgressBar.Style.of(System.err));
        } finally {
            if (before == null) {
                System.clearProperty("fhe4j.progress");
            } else {
                System.setProperty("fhe4j.progress", before);
            }
        }
    }

    @Test
    void formatsTimes() {
        assertEquals("0:00", ProgressBar.time(0));
        assertEquals("0:01", ProgressBar.time(0.2));
        assertEquals("1:05", ProgressBar.time(65));
        assertEquals("2:00:00", ProgressBar.time(7200));
    }
}
