package io.fhe4j.nn.experiments;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One experiment of the accuracy table, parsed from a line of {@code key=value} tokens, e.g.
 * {@code mode=fixed net=196-64-10 res=14 act=poly3-ls8 f=8 fw=12 fc=16 epochs=3 lr=5 loss=quad
 * seed=1}. Keys: {@code mode} (float|fixed), {@code net}, {@code res} (28|14|8|7), {@code act}
 * (sigmoid | lutK | poly3-lsR | poly3-mmR, R the half-width of the fitting interval), {@code oact}
 * (the output layer's activation, default act), {@code f},
 * {@code fw} (default f), {@code fc} (default 16), {@code epochs}, {@code lr} (shift s of
 * 2^-s, or m/s for m 2^-s), {@code sched} (a {@link LearningRateSchedule} such as {@code 4,5@2000,6@3000},
 * overrides lr), {@code batch} (default 60), {@code loss} (quad | ce | lin: quadratic on a linear output layer), {@code seed}, {@code tag} (which plot of
 * {@link Report} the run belongs to: bits, res, or anything else). Immutable and thread-safe.
 */
public record RunSpec(
    String mode, NetworkSpec net, int res, String act, int f, int fw, int fc, int epochs,
    LearningRate lr, Loss loss, long seed, String tag, String outAct, LearningRateSchedule schedule, int batch) {

  /** Parses one line. */
  public static RunSpec parse(String line) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String tok : line.trim().split("\\s+")) {
      int eq = tok.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + tok + "' in: " + line);
      }
      kv.put(tok.substring(0, eq), tok.substring(eq + 1));
    }
    String mode = kv.getOrDefault("mode", "fixed");
    NetworkSpec net = NetworkSpec.parse(kv.getOrDefault("net", "784-128-32-10"));
    int res = Integer.parseInt(kv.getOrDefault("res", "28"));
    if (res * res != net.inputSize()) {
      throw new IllegalArgumentException("resolution " + res + "x" + res + " does not match input " + net.inputSize());
    }
    int f = Integer.parseInt(kv.getOrDefault("f", "8"));
    int fw = Integer.parseInt(kv.getOrDefault("fw", Integer.toString(f)));
    int fc = Integer.parseInt(kv.getOrDefault("fc", "16"));
    int epochs = Integer.parseInt(kv.getOrDefault("epochs", "1"));
    String lrText = kv.getOrDefault("lr", "5");
    LearningRate lr;
    if (lrText.contains("/")) {
      String[] p = lrText.split("/");
      lr = new LearningRate(Long.parseLong(p[0]), Integer.parseInt(p[1]));
    } else {
      lr = LearningRate.powerOfTwo(Integer.parseInt(lrText));
    }
    String lossText = kv.getOrDefault("loss", "quad");
    Loss loss = switch (lossText) {
      case "ce" -> Loss.CROSS_ENTROPY;
      case "lin" -> Loss.QUADRATIC_LINEAR_OUTPUT;
      case "quad" -> Loss.QUADRATIC;
      default -> throw new IllegalArgumentException("loss must be quad, ce or lin, got " + lossText);
    };
    long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
    LearningRateSchedule schedule = kv.containsKey("sched") ? LearningRateSchedule.parse(kv.get("sched"))
        : LearningRateSchedule.constant(lr);
    int batch = Integer.parseInt(kv.getOrDefault("batch", "60"));
    return new RunSpec(mode, net, res, kv.getOrDefault("act", "sigmoid"), f, fw, fc, epochs, schedule.initial(), loss,
        seed, kv.getOrDefault("tag", "-"), kv.getOrDefault("oact", kv.getOrDefault("act", "sigmoid")), schedule, batch);
  }

  /** The short name of the loss in plan lines: quad, ce or lin. */
  public String lossName() {
    return switch (loss) {
      case QUADRATIC -> "quad";
      case CROSS_ENTROPY -> "ce";
      case QUADRATIC_LINEAR_OUTPUT -> "lin";
    };
  }

  /** The line this parses from. */
  public String toLine() {
    return "mode=" + mode + " net=" + net + " res=" + res + " act=" + act + (outAct.equals(act) ? "" : " oact=" + outAct) + " f=" + f + " fw=" + fw + " fc=" + fc
        + " epochs=" + epochs + " lr=" + (lr.numerator() == 1 ? Integer.toString(lr.shift()) : lr.numerator() + "/" + lr.shift())
        + (schedule.isConstant() ? "" : " sched=" + schedule) + (batch == 60 ? "" : " batch=" + batch)
        + " loss=" + lossName() + " seed=" + seed + " tag=" + tag;
  }
}
