package io.fhe4j.nn.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the results files of {@link AccuracyTable} into the README material: a markdown table of
 * every run ({@code results.md}) and two SVG plots, accuracy against fractional bits for the
 * 3-epoch bit sweep ({@code accuracy-vs-bits.svg}) and accuracy against network/resolution for
 * the 3-epoch resolution sweep ({@code accuracy-vs-resolution.svg}).
 *
 * <pre>
 * java -cp CLASSPATH io.fhe4j.nn.experiments.Report OUT_DIR results1.tsv [results2.tsv ...]
 * </pre>
 * A program; not thread-safe.
 */
public final class Report {
  private Report() {}

  /** One parsed result line. */
  record Row(double acc, String perEpoch, double trainS, int maxBits, int depth, double rescaled, String error,
      RunSpec spec) {}

  /** Reads result lines (skipping headers). */
  static List<Row> read(List<Path> files) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path p : files) {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (line.startsWith("accuracy") || line.isBlank()) {
          continue;
        }
        String[] c = line.split("\t", -1);
        rows.add(new Row(Double.parseDouble(c[0]), c[1], Double.parseDouble(c[2]), Integer.parseInt(c[4]),
            Integer.parseInt(c[5]), Double.parseDouble(c[6]), c[7], RunSpec.parse(c[8])));
      }
    }
    return rows;
  }

  /** Arguments: output directory, then result files. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    List<Path> in = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      in.add(Path.of(args[i]));
    }
    List<Row> rows = read(in);
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.md"), table(rows), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("accuracy-vs-bits.svg"), bitsPlot(rows), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("accuracy-vs-resolution.svg"), resolutionPlot(rows), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("layout-cost.md"), costTable(), StandardCharsets.UTF_8);
  }

  /** {@link LayoutCost} counts for the networks of the table, batch 60, degree-3 activation. */
  static String costTable() {
    StringBuilder b = new StringBuilder();
    b.append("| network | ct x ct products / step | rotations / step | weight ciphertexts | input ciphertexts / batch |"
        + " slots needed (B x widest layer) |\n|---|---|---|---|---|---|\n");
    for (String n : new String[] {"784-128-32-10", "196-128-10", "196-64-10", "196-32-10", "64-32-10", "49-32-10"}) {
      LayoutCost c = LayoutCost.of(io.fhe4j.nn.NetworkSpec.parse(n), 60, 3);
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", n, c.products(), c.rotations(),
          c.weightCiphertexts(), c.inputCiphertexts(), c.slotsNeeded()));
    }
    return b.toString();
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| mode | network | input | activation | f | f_w | loss | lr (on batch sum) | epochs | seed | test acc |"
        + " acc after each epoch | train s | max bits | depth | rescaled values/step |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      RunSpec s = r.spec();
      boolean fixed = s.mode().equals("fixed");
      b.append(String.format(Locale.ROOT, "| %s | %s | %dx%d | %s | %s | %s | %s | %s | %d | %d | %s | %s | %.1f | %s | %s | %s |%n",
          s.mode(), s.net(), s.res(), s.res(), s.act() + (s.outAct().equals(s.act()) ? "" : " (output " + s.outAct() + ")"), fixed ? Integer.toString(s.f()) : "-",
          fixed ? Integer.toString(s.fw()) : "-", switch (s.loss()) {
            case QUADRATIC -> "quadratic";
            case CROSS_ENTROPY -> "cross-entropy";
            case QUADRATIC_LINEAR_OUTPUT -> "quadratic, linear output";
          },
          s.lr(), s.epochs(), s.seed(),
          Double.isNaN(r.acc()) ? "overflow" : String.format(Locale.ROOT, "**%.2f%%**", 100 * r.acc()),
          pct(r.perEpoch()), r.trainS(), fixed && r.maxBits() >= 0 ? Integer.toString(r.maxBits()) : "-",
          fixed && r.depth() >= 0 ? Integer.toString(r.depth()) : "-",
          fixed && r.rescaled() >= 0 ? String.format(Locale.ROOT, "%.0f", r.rescaled()) : "-"));
    }
    return b.toString();
  }

  private static String pct(String perEpoch) {
    if (perEpoch.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String p : perEpoch.split(",")) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", 100 * Double.parseDouble(p)));
    }
    return b.toString();
  }

  private static String actKind(String act) {
    return act.startsWith("lut") ? "lookup " + act : act;
  }

  static String bitsPlot(List<Row> rows) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Row r : rows) {
      RunSpec s = r.spec();
      if (!s.mode().equals("fixed") || s.epochs() != 3 || !s.tag().equals("bits")) {
        continue;
      }
      String key = s.net() + " " + (s.act().startsWith("lut") ? "lut k=f" : s.act().replace("poly3-", "p3"))
          + (s.outAct().equals(s.act()) ? "" : "/" + s.outAct().replace("poly3-", "p3"))
          + (s.fw() == s.f() ? " fw=f" : " fw=f+" + (s.fw() - s.f()));
      series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {s.f(), 100 * r.acc()});
    }
    SvgChart c = new SvgChart("Fixed point, 3 epochs: test accuracy vs fractional bits (no point = overflow)",
        "fractional bits f", "test accuracy (%)").yRange(80, 100, 8);
    series.forEach((k, v) -> {
      v.sort((a, b) -> Double.compare(a[0], b[0]));
      c.series(k, v);
    });
    return c.render();
  }

  static String resolutionPlot(List<Row> rows) {
    String[] nets = {"784-128-32-10", "196-64-10", "196-32-10", "64-32-10", "49-32-10"};
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Row r : rows) {
      RunSpec s = r.spec();
      if (s.epochs() != 3 || !s.tag().equals("res")) {
        continue;
      }
      int x = List.of(nets).indexOf(s.net().toString());
      if (x < 0) {
        continue;
      }
      String key = s.mode().equals("float") ? "float " + s.act() : "fixed f=" + s.f() + " f_w=" + s.fw() + " " + actKind(s.act())
          + (s.outAct().equals(s.act()) ? "" : "/" + s.outAct());
      series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {x, 100 * r.acc()});
    }
    String[] labels = new String[nets.length];
    double[] ticks = new double[nets.length];
    int[] res = {28, 14, 14, 8, 7};
    for (int i = 0; i < nets.length; i++) {
      ticks[i] = i;
      labels[i] = res[i] + "x" + res[i] + "\n" + nets[i];
    }
    SvgChart c = new SvgChart("3 epochs: test accuracy vs input resolution and network", "input resolution and network",
        "test accuracy (%)").xTicks(ticks, labels).yRange(80, 100, 8);
    series.forEach((k, v) -> {
      v.sort((a, b) -> Double.compare(a[0], b[0]));
      c.series(k, v);
    });
    return c.render();
  }
}
