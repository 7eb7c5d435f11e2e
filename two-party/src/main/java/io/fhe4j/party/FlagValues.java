package io.fhe4j.party;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.fixed.Activations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The value parsers of {@link TrainOptions}'s flag table: each checks one flag's value and throws
 * {@link UsageException} naming the flag, the value and what is allowed. Stateless.
 */
final class FlagValues {
  private FlagValues() {}

  /** A whole number of {@code flag} in {@code [min, max]}. */
  static int integer(String flag, String v, int min, int max) {
    long x;
    try {
      x = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      x = Long.MIN_VALUE;
    }
    if (x < min || x > max) {
      throw new UsageException(flag + " " + v + ": must be a whole number "
          + (max == Integer.MAX_VALUE ? ">= " + min : "in " + min + ".." + max));
    }
    return (int) x;
  }

  /** A path of {@code flag}. */
  static Path pathValue(String flag, String v) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new UsageException(flag + " " + v + ": not a valid path (" + e.getReason() + ")");
    }
  }

  /** A 64-bit whole number of {@code flag}. */
  static long longValue(String flag, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " " + v + ": must be a whole number (64-bit)");
    }
  }

  /** A power of two of {@code flag} in {@code [min, max]}. */
  static int powerOfTwo(String flag, String v, int min, int max) {
    int x = integer(flag, v, min, max);
    if (Integer.bitCount(x) != 1) {
      throw new UsageException(flag + " " + v + ": must be a power of two in " + min + ".." + max);
    }
    return x;
  }

  /** One of {@code allowed}'s keys (case-insensitive). */
  static <T> T choice(String flag, String v, Map<String, T> allowed) {
    T t = allowed.get(v.trim().toLowerCase(Locale.ROOT));
    if (t == null) {
      throw new UsageException(flag + " " + v + ": must be one of " + String.join(", ", allowed.keySet()));
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  static <T> Map<String, T> ordered(Object... pairs) {
    Map<String, T> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (T) pairs[i + 1]);
    }
    return m;
  }

  static NetworkSpec network(String flag, String v) {
    String[] parts = v.split("-", -1);
    String form = "widths in 1..65536 joined by '-', input first, at least two, e.g. 196-128-10";
    if (parts.length < 2) {
      throw new UsageException(flag + " " + v + ": must be " + form);
    }
    for (String p : parts) {
      try {
        integer(flag, p, 1, 1 << 16);
      } catch (UsageException e) {
        throw new UsageException(flag + " " + v + ": width '" + p + "' is not allowed; must be " + form);
      }
    }
    return NetworkSpec.parse(v);
  }

  static String activation(String flag, String v) {
    if (!Activations.isPolynomial(v)) {
      throw new UsageException(flag + " " + v + ": must be poly<d>-mm<R> (minimax) or poly<d>-ls<R> (least squares)"
          + " on [-R, R], degree d in 1..9, R > 0, optionally with -mono, e.g. poly3-mm8");
    }
    return v;
  }

  /** A learning rate ({@link #learningRate}) or a schedule {@code RATE,RATE@STEP,...} ({@link LearningRateSchedule#parse}). */
  static LearningRateSchedule schedule(String flag, String v) {
    if (!v.contains(",")) {
      return LearningRateSchedule.constant(learningRate(flag, v));
    }
    try {
      return LearningRateSchedule.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + " " + v + ": " + e.getMessage());
    }
  }

  static LearningRate learningRate(String flag, String v) {
    String[] p = v.split("/", -1);
    try {
      if (p.length > 2) {
        throw new UsageException(v);
      }
      int shift = integer(flag, p[p.length - 1], 0, 40);
      long numerator = p.length == 2 ? integer(flag, p[0], 1, 1 << 16) : 1;
      return new LearningRate(numerator, shift);
    } catch (UsageException e) {
      throw new UsageException(flag + " " + v + ": must be s (rate 2^-s, s in 0..40) or m/s (rate m * 2^-s,"
          + " m in 1..65536)");
    }
  }

  static String hostPort(String flag, String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || !v.substring(colon + 1).matches("[0-9]{1,5}")
        || Integer.parseInt(v.substring(colon + 1)) > 65535) {
      throw new UsageException(flag + " " + v + ": must be HOST:PORT, e.g. server.example.org:7443");
    }
    return v;
  }

  static String runName(String flag, String v) {
    if (!v.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new UsageException(flag + " " + v + ": must be 1 to 64 of A-Z a-z 0-9 _ -");
    }
    return v;
  }

  static String firstLine(String help) {
    int nl = help.indexOf('\n');
    return nl < 0 ? help : help.substring(0, nl) + " ...";
  }

  /** A number of {@code flag} in {@code [min, max]}. */
  static double fraction(String flag, String v, double min, double max) {
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      x = Double.NaN;
    }
    if (!(x >= min && x <= max)) {
      throw new UsageException(flag + " " + v + ": must be a number in " + min + ".." + max);
    }
    return x;
  }

  /** A non-blank value of {@code flag}. */
  static String nonEmpty(String flag, String v) {
    if (v.isBlank()) {
      throw new UsageException(flag + " '" + v + "': must not be empty");
    }
    return v;
  }

  /**
   * The primes' sizes of {@code --bits} given as a list ("60,60,35,50": 1 to 64 sizes in 20..60), or
   * null when {@code v} is a single total.
   */
  static int[] primeChain(String flag, String v) {
    if (!v.contains(",")) {
      return null;
    }
    String[] parts = v.split(",", -1);
    if (parts.length > 64) {
      throw new UsageException(flag + " " + v + ": at most 64 primes");
    }
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        sizes[i] = -1;
      }
      if (sizes[i] < 20 || sizes[i] > 60) {
        throw new UsageException(flag + " " + v + ": prime size '" + parts[i] + "' must be a whole number in 20..60"
            + " (or give a total such as 240)");
      }
    }
    return sizes;
  }
}
