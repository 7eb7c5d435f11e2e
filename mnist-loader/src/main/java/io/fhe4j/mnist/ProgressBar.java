package io.fhe4j.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar with rate and ETA, e.g.
 * <pre>train-images-idx3-ubyte.gz [##########----------]  50%  4.9/9.9 MB  2.1 MB/s  ETA 0:02</pre>
 * On a terminal ({@link Style#REDRAW}) it is redrawn in place with a carriage return at most every 100 ms; written
 * to a file or a pipe ({@link Style#LINES}, chosen by {@link Style#of(PrintStream)}) it prints a plain line at the
 * first update and then at most every 10 s, so that a log is not flooded with frames. When the total is unknown
 * (not positive) it shows the amount done and the rate only. Counts slower than one a second show seconds per item
 * ({@code 42.0 s/step}) instead of a rate that rounds to 0. {@link #finish()} draws the final state and ends the
 * line.
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
        BYTES,
        /** Counts of slow steps: like {@link #ITEMS}, slower than one a second as seconds per step. */
        STEPS
    }

    /** How the bar is drawn. */
    public enum Style {
        /** Redrawn in place with a carriage return (a terminal). */
        REDRAW,
        /** Plain lines, at most one every 10 s (a file or a pipe). */
        LINES;

        /**
         * {@link #REDRAW} if {@code out} is {@code System.out} or {@code System.err} and that stream is a terminal,
         * else {@link #LINES}. {@code -Dfhe4j.progress=bar} or {@code =lines} overrides the choice.
         */
        public static Style of(PrintStream out) {
            String forced = System.getProperty("fhe4j.progress", "");
            if (forced.equals("bar")) {
                return REDRAW;
            }
            if (forced.equals("lines")) {
                return LINES;
            }
            int fd = out == System.err ? 2 : out == System.out ? 1 : -1;
            return fd > 0 && isTerminal(fd) ? REDRAW : LINES;
        }

        /** Whether file descriptor 1 or 2 is a terminal: /proc on Linux, else {@code System.console()}. */
        static boolean isTerminal(int fd) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                java.io.Console c = System.console();
                if (c == null) {
                    return false;
                }
                try { // JDK 22+: a console exists even when redirected; isTerminal() tells
                    return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
                } catch (ReflectiveOperationException | ClassCastException none) {
                    return true; // JDK 17-21: console() is non-null only on a terminal
                }
            }
        }
    }

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final String label;
    private final long total;
    private final Unit unit;
    private final PrintStream out;
    private final LongSupplier clock;
    private final Style style;
    private final long start;
    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private boolean finished;

    /**
     * Creates a bar; nothing is printed until the first update.
     *
     * @param label shown before the bar
     * @param total the amount that means 100%, or 0 or less if unknown
     * @param out   where to draw, usually {@code System.err}; the style is {@link Style#of(PrintStream)}
     */
    public ProgressBar(String label, long total, Unit unit, PrintStream out) {
        this(label, total, unit, out, Style.of(out));
    }

    /** A bar drawn in the given style. */
    public ProgressBar(String label, long total, Unit unit, PrintStream out, Style style) {
        this(label, total, unit, out, System::nanoTime, style);
    }

    ProgressBar(String label, long total, Unit unit, PrintStream out, LongSupplier clock) {
        this(label, total, unit, out, clock, Style.REDRAW);
    }

    ProgressBar(String label, long total, Unit unit, PrintStream out, LongSupplier clock, Style style) {
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = clock;
        this.style = Objects.requireNonNull(style, "style");
        this.start = clock.getAsLong();
    }

    /** Adds {@code delta} to the amount done and redraws if 100 ms (10 s for lines) have passed since the last. */
    public synchronized void advance(long delta) {
        update(done + delta);
    }

    /** Sets the amount done and redraws if 100 ms (10 s for lines) have passed since the last redraw. */
    public synchronized void update(long amount) {
        done = amount;
        long now = clock.getAsLong();
        long every = style == Style.REDRAW ? REDRAW_NANOS : LINE_NANOS;
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= every) {
            lastDraw = now;
            out.print(style == Style.REDRAW ? "\r" + line(now) : line(now) + System.lineSeparator());
            out.flush();
        }
    }

    /** Draws the final state and ends the line; later calls do nothing. */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            out.print((style == Style.REDRAW ? "\r" : "") + line(clock.getAsLong()) + System.lineSeparator());
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
        if (unit != Unit.BYTES) {
            return Long.toString(value);
        }
        return String.format(Locale.ROOT, "%.1f", value / 1e6) + (withUnit ? " MB" : "");
    }

    private String rate(double perSecond) {
        if (unit == Unit.BYTES) {
            return String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6);
        }
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, "%.0f/s", perSecond);
        }
        String each = unit == Unit.STEPS ? " s/step" : " s/item";
        return done == 0 ? "?" + each : String.format(Locale.ROOT, "%.1f", 1 / perSecond) + each;
    }

    static String time(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
