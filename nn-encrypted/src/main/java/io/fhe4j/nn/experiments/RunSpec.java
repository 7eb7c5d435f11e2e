package io.fhe4j.nn.experiments;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One experiment of the accuracy table, parsed from a line of {@code key=value} tokens, e.g.
 * {@code mode=fixed net=196-64-10 res=14 act=poly3-ls8 f=8 fw=12 fc=16 epochs=3 lr=5 loss=quad
 * seed=1}. Keys: {@code mode} (float|fixed), {@code net}, {@code res} (28|14|8|7), {@code act}
 * (sigmoid | lutK | poly3-lsR | poly3-mmR, R the half-width of the fitting interval), {@code f},
 * {@code fw} (default f), {@code fc} (default 16), {@code epochs}, {@code lr} (shift s of
 * 2^-s, or m/s for m 2^-s), {@code loss} (quad|ce), {@code seed}. Immutable and thread-safe.
 */
public record RunSpec(
    String mode, NetworkSpec net, int res, String act, int f, int fw, int fc, int epochs,
    LearningRate lr, Loss loss, long seed) {

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
    Loss loss = kv.getOrDefault("loss", "quad").equals("ce") ? Loss.CROSS_ENTROPY : Loss.QUADRATIC;
    long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
    return new RunSpec(mode, net, res, kv.getOrDefault("act", "sigmoid"), f, fw, fc, epochs, lr, loss, seed);
  }

  /** The line this parses from. */
  public String toLine() {
    return "mode=" + mode + " net=" + net + " res=" + res + " act=" + act + " f=" + f + " fw=" + fw + " fc=" + fc
        + " epochs=" + epochs + " lr=" + (lr.numerator() == 1 ? Integer.toString(lr.shift()) : lr.numerator() + "/" + lr.shift())
        + " loss=" + (loss == Loss.QUADRATIC ? "quad" : "ce") + " seed=" + seed;
  }
}
