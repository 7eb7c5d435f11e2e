package io.fhe4j.bench.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The bookkeeping of a {@code train} checkpoint, {@code run.properties}: format, the run's
 * configuration, the id of the owner's key ({@code key.id}, {@link
 * io.fhe4j.nn.encrypted.DataOwner#keyId()}), steps done, the model file after them (none at 0 steps),
 * cumulative wall time, and the test accuracy after each epoch ({@code epoch.<e>}). {@link #read}
 * validates every value and names the file, the key and the value it refuses. Format 1 (before key
 * ids) is read without a key id. Mutable, not thread-safe.
 */
final class RunState {
  static final String FORMAT = "fhe4j-train-checkpoint-2";
  static final String FORMAT_1 = "fhe4j-train-checkpoint-1";
  /** A model file name: {@code model-<steps>.bin} or {@code model-<steps>-<k>.bin}; no folder part. */
  static final Pattern MODEL_NAME = Pattern.compile("model-[0-9]{1,19}(-[0-9]{1,9})?\\.bin");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern EPOCH_KEY = Pattern.compile("epoch\\.([1-9][0-9]{0,8})");
  private static final long MAX_BYTES = 1 << 20;

  /** Test accuracies (in percent) after an epoch, and whether the weights were bit-identical. */
  record Epoch(double decrypted, double reference, boolean identical) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f %.2f %s", decrypted, reference, identical ? "yes" : "NO");
    }
  }

  String configuration;
  /** The owner's key id; null only in a format-1 file. */
  String keyId;
  long steps;
  /** The model file after {@link #steps} steps; null at 0 steps. */
  String model;
  long wallNanos;
  final TreeMap<Integer, Epoch> epochs = new TreeMap<>();

  /** The state of a new run, before its first step. */
  static RunState start(String configuration, String keyId) {
    RunState s = new RunState();
    s.configuration = configuration;
    s.keyId = keyId;
    return s;
  }

  Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("configuration", configuration);
    p.setProperty("key.id", keyId);
    p.setProperty("steps", Long.toString(steps));
    if (model != null) {
      p.setProperty("model", model);
    }
    p.setProperty("wall.nanos", Long.toString(wallNanos));
    for (Map.Entry<Integer, Epoch> e : epochs.entrySet()) {
      p.setProperty("epoch." + e.getKey(), e.getValue().toString());
    }
    return p;
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws CheckpointException naming the file, the key and the value at fault, and how to recover
   * @throws IOException if the file cannot be read
   */
  static RunState read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw bad(file, "is " + Files.size(file) + " bytes, far more than a run.properties holds (at most " + MAX_BYTES
          + ")");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw bad(file, "is not a properties file (" + e.getMessage() + ")");
    }
    String format = p.getProperty("format");
    if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
      throw badKey(file, "format", format, FORMAT);
    }
    RunState s = new RunState();
    s.configuration = required(file, p, "configuration");
    if (FORMAT.equals(format)) {
      s.keyId = required(file, p, "key.id");
      if (!KEY_ID.matcher(s.keyId).matches()) {
        throw badKey(file, "key.id", s.keyId, "32 lower-case hex digits");
      }
    }
    s.steps = whole(file, p, "steps", required(file, p, "steps"));
    s.model = p.getProperty("model", s.steps == 0 || FORMAT.equals(format) ? null : "model-" + s.steps + ".bin");
    if (s.steps > 0 && s.model == null) {
      throw badKey(file, "model", null, "the model file after " + s.steps + " steps, e.g. model-" + s.steps + ".bin");
    }
    if (s.model != null && !MODEL_NAME.matcher(s.model).matches()) {
      throw badKey(file, "model", s.model, "a file name model-<steps>.bin in the same folder");
    }
    s.wallNanos = whole(file, p, "wall.nanos", p.getProperty("wall.nanos", "0"));
    for (String k : p.stringPropertyNames()) {
      var m = EPOCH_KEY.matcher(k);
      if (m.matches()) {
        s.epochs.put(Integer.parseInt(m.group(1)), epoch(file, k, p.getProperty(k)));
      } else if (k.startsWith("epoch")) {
        throw badKey(file, k, p.getProperty(k), "keys epoch.<e> with e = 1, 2, ...");
      }
    }
    return s;
  }

  private static String required(Path file, Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw badKey(file, key, v, "a value (the key is missing)");
    }
    return v;
  }

  private static long whole(Path file, Properties p, String key, String v) {
    try {
      long x = Long.parseLong(v.trim());
      if (x >= 0) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badKey(file, key, v, "a whole number >= 0");
  }

  private static Epoch epoch(Path file, String key, String v) {
    String[] t = v.trim().split("\\s+");
    try {
      if (t.length == 3 && (t[2].equals("yes") || t[2].equals("NO"))) {
        double e = Double.parseDouble(t[0]);
        double r = Double.parseDouble(t[1]);
        if (e >= 0 && e <= 100 && r >= 0 && r <= 100) {
          return new Epoch(e, r, t[2].equals("yes"));
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badKey(file, key, v, "'<decrypted %> <FixedPointTrainer %> <yes|NO>', e.g. '91.20 91.20 yes'");
  }

  private static CheckpointException badKey(Path file, String key, String value, String expected) {
    return bad(file, "key '" + key + "' " + (value == null ? "is missing" : "has the value '" + value + "'")
        + ": expected " + expected);
  }

  private static CheckpointException bad(Path file, String what) {
    return new CheckpointException(file + ": " + what + ". Restore run.properties from a backup or correct it"
        + " by hand; the key and the model files next to it are kept as they are");
  }
}
