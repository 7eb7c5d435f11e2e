package io.fhe4j.bench.report;

import java.util.Locale;

/** Number formatting shared by the Markdown and SVG output (locale-independent). Stateless. */
final class Format {
    private Format() {
    }

    /** A time in milliseconds with three significant digits (no exponent), e.g. {@code 0.0231}, {@code 59.8}, {@code 2360}. */
    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        double a = Math.abs(ms);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (a == 0) {
            return "0";
        }
        int decimals = Math.min(9, 2 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + decimals + "f", ms);
    }

    /** {@code value ± error} in ms; the error is printed with the value's precision, or {@code ± ?} when JMH had none. */
    static String millisWithError(double value, double error) {
        if (Double.isNaN(error)) {
            return millis(value) + " ± ?";
        }
        return millis(value) + " ± " + millis(error);
    }

    /**
     * fhe4j's time as the tables show it: {@code median (min fastest)} when every call was timed,
     * else {@link #millisWithError mean ± error}.
     */
    static String timing(Measurement m) {
        if (m.sampled()) {
            return millis(m.medianMillis()) + " (min " + millis(m.minMillis()) + ")";
        }
        return millisWithError(m.millis(), m.errorMillis());
    }

    /** A ratio with two significant digits, e.g. {@code 0.43}, {@code 1.2}, {@code 15}. */
    static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "-";
        }
        if (r >= 10) {
            return String.format(Locale.ROOT, "%.0f", r);
        }
        if (r >= 1) {
            return String.format(Locale.ROOT, "%.1f", r);
        }
        if (r >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", r);
        }
        return String.format(Locale.ROOT, "%.2g", r);
    }

    /** A byte count in B, KB, MB or GB (powers of 1000, as HElib's figures are quoted), e.g. {@code 1.84 MB}. */
    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "-";
        }
        String[] units = {"B", "KB", "MB", "GB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        if (u == 0) {
            return String.format(Locale.ROOT, v < 10 ? "%.1f B" : "%.0f B", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    /** A duration as {@code 1h02m03s}, {@code 4m05s} or {@code 12s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** A long time in words: {@code 850 ms}, {@code 12.3 s}, {@code 40 min}, {@code 5.0 h}, {@code 1.5 days}. */
    static String human(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        if (ms < 1000) {
            return millis(ms) + " ms";
        }
        double s = ms / 1000;
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        double min = s / 60;
        if (min < 120) {
            return String.format(Locale.ROOT, "%.0f min", min);
        }
        double h = min / 60;
        if (h < 24) {
            return String.format(Locale.ROOT, "%.1f h", h);
        }
        return String.format(Locale.ROOT, "%.1f days", h / 24);
    }
}
