package io.fhe4j.bench.report;

/**
 * A published figure as {@code anchors.csv} states it: one number ({@code 8.7}) or a range
 * ({@code 17-18}), kept with its original text for display. Ratios use the midpoint of a range.
 * Immutable.
 */
public record Figure(double low, double high, String text) {

    /** Checks {@code 0 < low <= high}. */
    public Figure {
        if (!(low > 0) || !(high >= low) || Double.isInfinite(high)) {
            throw new ReportDataException("a figure must be positive with low <= high, got '" + text + "'");
        }
    }

    /** The figure in {@code text}, or {@code null} when it is blank or {@code -}. */
    public static Figure parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("-")) {
            return null;
        }
        try {
            int dash = t.indexOf('-', 1);
            if (dash > 0 && !t.substring(dash - 1, dash).equalsIgnoreCase("e")) {
                return new Figure(Double.parseDouble(t.substring(0, dash)), Double.parseDouble(t.substring(dash + 1)), t);
            }
            double v = Double.parseDouble(t);
            return new Figure(v, v, t);
        } catch (NumberFormatException e) {
            throw new ReportDataException("not a figure (a number or a range like 17-18): '" + text + "'");
        }
    }

    /** The value ratios are computed against: the number, or the midpoint of the range. */
    public double value() {
        return (low + high) / 2;
    }

    /** Whether this is a range. */
    public boolean isRange() {
        return high > low;
    }
}
