package io.fhe4j.bench.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal grouped bar chart on a log-scale axis, written as standalone SVG 1.1 (no scripts,
 * no external resources). Each group is one row label with one bar per series; a missing value
 * leaves its slot empty; an error, when given, is drawn as a whisker (cut at the axis' left end
 * when it reaches below it). The axis spans whole decades
 * from the smallest to the largest value. Stateless and thread-safe.
 */
public final class SvgBarChart {
    /** One bar: its series, its value (positive), its error (NaN for none) and the text printed after it. */
    public record Bar(String series, double value, double error, String label) {
        /** A bar labelled with its value. */
        public Bar(String series, double value, double error) {
            this(series, value, error, Format.millis(value));
        }
    }

    /** One labelled group of bars. */
    public record Group(String label, List<Bar> bars) {
    }

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    static final int WIDTH = 960;
    static final int LABEL_WIDTH = 300;
    static final int PLOT_LEFT = LABEL_WIDTH + 10;
    static final int PLOT_RIGHT = WIDTH - 70;
    static final int TOP = 92;
    static final int BAR = 9;
    static final int GROUP_GAP = 10;

    private SvgBarChart() {
    }

    /**
     * The chart as an SVG document.
     *
     * @param title    first heading line
     * @param subtitle lines under the title (date, machine), may be empty
     * @param unit     axis unit, e.g. {@code ms}
     * @param series   series names in drawing order; bars name one of them
     * @param groups   rows, top to bottom; each needs at least one positive value overall
     */
    public static String render(String title, List<String> subtitle, String unit, List<String> series, List<Group> groups) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                if (!series.contains(b.series())) {
                    throw new IllegalArgumentException("bar of unknown series '" + b.series() + "' in group '" + g.label()
                            + "'; series are " + series);
                }
                if (!(b.value() > 0) || Double.isInfinite(b.value())) {
                    throw new IllegalArgumentException("a log-scale bar needs a positive finite value, got " + b.value()
                            + " in group '" + g.label() + "'");
                }
                min = Math.min(min, b.value());
                max = Math.max(max, b.value());
            }
        }
        if (max == 0) {
            min = 1;
            max = 10;
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(max)));
        int groupHeight = series.size() * BAR + GROUP_GAP;
        int plotBottom = TOP + groups.size() * groupHeight;
        int height = plotBottom + 40;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height,
                WIDTH, height));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH,
                height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        for (int i = 0; i < Math.min(2, subtitle.size()); i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#444\">%s</text>%n", 37 + 15 * i,
                    escape(subtitle.get(i))));
        }
        for (int i = 0; i < series.size(); i++) {
            int x = PLOT_LEFT + i * 150;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"64\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x,
                    COLORS[i % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"74\">%s</text>%n", x + 16, escape(series.get(i))));
        }
        int legendX = PLOT_LEFT + series.size() * 150;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"70\" x2=\"%d\" y2=\"70\" stroke=\"black\"/>%n",
                legendX, legendX + 16));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"74\">error (JMH, 99.9%%)</text>%n", legendX + 20));
        for (int d = lo; d <= hi; d++) {
            double x = xOf(Math.pow(10, d), lo, hi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n", x,
                    TOP - 4, x, plotBottom));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    plotBottom + 15, escape(decade(d))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s per "
                + "operation (log scale)</text>%n", (PLOT_LEFT + PLOT_RIGHT) / 2, plotBottom + 32, escape(unit)));
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            int y0 = TOP + g * groupHeight;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH,
                    y0 + series.size() * BAR / 2 + 4, escape(group.label())));
            for (Bar b : group.bars()) {
                int i = series.indexOf(b.series());
                int y = y0 + i * BAR;
                double x = xOf(b.value(), lo, hi);
                double labelX = x + 3;
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s: %s %s</title></rect>%n", PLOT_LEFT, y, x - PLOT_LEFT, BAR - 1,
                        COLORS[i % COLORS.length], escape(b.series()), Format.millis(b.value()), escape(unit)));
                if (b.error() > 0 && !Double.isInfinite(b.error())) {
                    double xl = Math.max(PLOT_LEFT, xOf(Math.max(b.value() - b.error(), Double.MIN_NORMAL), lo, hi));
                    double xr = xOf(b.value() + b.error(), lo, hi);
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                            + "stroke=\"black\"/>%n", xl, y + (BAR - 1) / 2.0, xr, y + (BAR - 1) / 2.0));
                    labelX = Math.max(labelX, xr + 3);
                }
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%s</text>%n", labelX,
                        y + BAR - 1, escape(b.label())));
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** The x coordinate of {@code v} on the axis from 10^lo to 10^hi. */
    static double xOf(double v, int lo, int hi) {
        return PLOT_LEFT + (Math.log10(v) - lo) / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT);
    }

    private static String decade(int d) {
        return BigDecimal.ONE.scaleByPowerOfTen(d).toPlainString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
