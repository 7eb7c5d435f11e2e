package io.fhe4j.nn.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal self-contained SVG line chart: numeric x and y axes with ticks, one polyline with
 * markers per series, and a legend. Enough for the accuracy plots of the README; no dependencies.
 * Mutable builder, not thread-safe.
 */
public final class SvgChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"
  };
  private static final int W = 940;
  private static final int H = 440;
  private static final int LEFT = 60;
  private static final int RIGHT = 330;
  private static final int TOP = 40;
  private static final int BOTTOM = 64;

  private record Series(String name, List<double[]> points) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private double[] xTicks;
  private String[] xTickLabels;
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;
  private int yTickCount = 6;

  /** A chart with a title and axis labels. */
  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /**
   * Adds a series; points are {x, y} pairs, drawn in the given order. A point with y = NaN is not
   * drawn and breaks the line (a gap: no result there). A point below a fixed y range is drawn as
   * a triangle on the x axis labelled with its value.
   */
  public SvgChart series(String name, List<double[]> points) {
    series.add(new Series(name, List.copyOf(points)));
    return this;
  }

  /** Fixes the x ticks and their labels (default: the distinct x values). */
  public SvgChart xTicks(double[] ticks, String[] labels) {
    this.xTicks = ticks.clone();
    this.xTickLabels = labels.clone();
    return this;
  }

  /** Fixes the y range (default: from the data) and the number of y intervals between ticks. */
  public SvgChart yRange(double min, double max, int ticks) {
    this.yMin = min;
    this.yMax = max;
    this.yTickCount = ticks;
    return this;
  }

  /** The SVG document. */
  public String render() {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points) {
        if (Double.isNaN(p[1])) {
          continue;
        }
        x0 = Math.min(x0, p[0]);
        x1 = Math.max(x1, p[0]);
        y0 = Math.min(y0, p[1]);
        y1 = Math.max(y1, p[1]);
      }
    }
    if (xTicks != null) {
      for (double t : xTicks) {
        x0 = Math.min(x0, t);
        x1 = Math.max(x1, t);
      }
    }
    if (!Double.isNaN(yMin)) {
      y0 = yMin;
      y1 = yMax;
    }
    if (x1 <= x0) {
      x1 = x0 + 1;
    }
    if (y1 <= y0) {
      y1 = y0 + 1;
    }
    double pw = W - LEFT - RIGHT;
    double ph = H - TOP - BOTTOM;
    final double fx0 = x0;
    final double fx1 = x1;
    final double fy0 = y0;
    final double fy1 = y1;
    java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - fx0) / (fx1 - fx0) * pw;
    java.util.function.DoubleUnaryOperator sy = y -> TOP + ph - (Math.max(fy0, Math.min(fy1, y)) - fy0) / (fy1 - fy0) * ph;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
    b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        LEFT, esc(title)));
    // y grid and ticks
    int yt = yTickCount;
    for (int i = 0; i <= yt; i++) {
      double v = y0 + (y1 - y0) * i / yt;
      double y = sy.applyAsDouble(v);
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, LEFT + pw, y));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
          trim(v)));
    }
    // x ticks
    double[] ticks = xTicks;
    String[] labels = xTickLabels;
    if (ticks == null) {
      ticks = series.stream().flatMap(s -> s.points.stream()).mapToDouble(p -> p[0]).distinct().sorted().toArray();
      labels = new String[ticks.length];
      for (int i = 0; i < ticks.length; i++) {
        labels[i] = trim(ticks[i]);
      }
    }
    for (int i = 0; i < ticks.length; i++) {
      double x = sx.applyAsDouble(ticks[i]);
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
          x, TOP, x, TOP + ph));
      String[] lines = labels[i].split("\n");
      for (int k = 0; k < lines.length; k++) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x,
            TOP + ph + 18 + 14 * k, esc(lines[k])));
      }
    }
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
        + "stroke=\"#333\"/>%n", LEFT, TOP, pw, ph));
    b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        LEFT + pw / 2, H - 8, esc(xLabel)));
    b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 14 %.1f)\">%s</text>%n", TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String c = COLORS[k % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i <= s.points.size(); i++) {
        double[] p = i < s.points.size() ? s.points.get(i) : null;
        if (p == null || Double.isNaN(p[1])) {
          if (pts.length() > 0) {
            b.append(String.format(Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", c, pts.toString().trim()));
            pts.setLength(0);
          }
          continue;
        }
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(p[0]), sy.applyAsDouble(p[1])));
      }
      for (double[] p : s.points) {
        if (Double.isNaN(p[1])) {
          continue;
        }
        double cx = sx.applyAsDouble(p[0]);
        double cy = sy.applyAsDouble(p[1]);
        if (p[1] < fy0) {
          // below the visible range: a downward triangle on the axis, labelled with the value
          b.append(String.format(Locale.ROOT, "<path d=\"M %.1f %.1f l -6 -10 l 12 0 z\" fill=\"%s\"/>%n", cx, cy, c));
          b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">%s</text>%n",
              cx + 8, cy - 4 - 11 * k % 44, c, trim(p[1])));
        } else {
          b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", cx, cy, c));
        }
      }
      double ly = TOP + 10 + 18 * k;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
          + "stroke-width=\"2\"/>%n", LEFT + pw + 12, ly, LEFT + pw + 32, ly, c));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + pw + 38, ly + 4,
          esc(s.name)));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
