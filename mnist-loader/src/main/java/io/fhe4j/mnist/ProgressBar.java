package io.fhe4j.mnist;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar with rate and ETA, redrawn in place with a carriage return, e.g.
 * <pre>train-images-idx3-ubyte.gz [##########----------]  50%  4.9/9.9 MB  2.1 MB/s  ETA 0:02</pre>
 * When the total is unknown (not positive) it shows the amount done and the rate only. Redraws at most every
 * 100 ms so that frequent updates cost little; {@link #finish()} draws the final state and ends the line.
 *
 * <p>Usage: {@code var bar = new ProgressBar("epoch 1", 1000, ProgressBar.Unit.ITEMS, System.err);}
 * then {@code bar.advance(1)} per item and {@code bar.finish()}. Thread-safe: methods are synchronized, so
 * several workers may advance one bar.
 */
public final class ProgressBar {
    /** How amounts are printed. */
    public enum Unit {
        /** Plain counts: {@code 300/1000}, rate in items per second. */
        ITEMS,
        /** Bytes in decimal units: {@code 4.9/9.9 MB}, rate in MB/s. */
        BYTES
    }

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final Unit unit;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private boolean finished;

    /**
     * Creates a bar; nothing is printed until the first update.
     *
     * @param label shown before the bar
     * @param total the amount that means 100%, or 0 or less if unknown
     * @param out   where to draw, usually {@code System.err}
     */
    public ProgressBar(String label, long total, Unit unit, PrintStream out) {
        this(label, total, unit, out, System::nanoTime);
    }

    ProgressBar(String label, long total, Unit unit, PrintStream out, LongSupplier clock) {
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Adds {@code delta} to the amount done and redraws if 100 ms have passed since the last redraw. */
    public synchronized void advance(long delta) {
        update(done + delta);
    }

    /** Sets the amount done and redraws if 100 ms have passed since the last redraw. */
    public synchronized void update(long amount) {
        done = amount;
        long now = clock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    /** Draws the final state and ends the line; later calls do nothing. */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            out.print("\r" + line(clock.getAsLong()) + System.lineSeparator());
            out.flush();
        }
    }

    /** The text of the bar at time {@code now} (from the same clock), without carriage return. */
    synchronized String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder s = new StringBuilder(label);
        if (total > 0) {
            double fraction = Math.min(1.0, Math.max(0.0, (double) done / total));
            int filled = (int) (fraction * WIDTH);
            s.append(" [").append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(String.format(Locale.ROOT, "%3d%%  ", (int) (fraction * 100)));
            s.append(amount(done, false)).append('/').append(amount(total, true));
            s.append("  ").append(rate(rate));
            String eta = done >= total ? "0:00" : rate > 0 ? time((total - done) / rate) : "?";
            s.append("  ETA ").append(eta);
        } else {
            s.append(' ').append(amount(done, true)).append("  ").append(rate(rate));
        }
        return s.toString();
    }

    private String amount(long value, boolean withUnit) {
        if (unit == Unit.ITEMS) {
            return Long.toString(value);
        }
        return String.format(Locale.ROOT, "%.1f", value / 1e6) + (withUnit ? " MB" : "");
    }

    private String rate(double perSecond) {
        return unit == Unit.ITEMS
                ? String.format(Locale.ROOT, "%.0f/s", perSecond)
                : String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6);
    }

    static String time(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
