package io.fhe4j.bench.train;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the {@code train} command prints when the JVM is stopped during training (SIGINT from
 * Ctrl-C, SIGTERM): the steps done, where the checkpoint is and how many steps it holds, and the
 * exact command that resumes, or that nothing was saved without {@code --checkpoint}. Installed as
 * a shutdown hook for the training loop only ({@link #install}, {@link #close}); the loop reports
 * progress through {@link #stepDone} and {@link #saved}. Thread-safe (volatile fields: the hook runs
 * on its own thread).
 */
final class InterruptNotice implements AutoCloseable {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

  private final String[] args;
  private final Path checkpoint;
  private final long total;
  private final PrintStream err;
  private final Thread hook = new Thread(this::print, "fhe4j-train-interrupt");
  private volatile long done;
  private volatile long saved;
  private volatile boolean closed;

  InterruptNotice(String[] args, Path checkpoint, long done, long total, PrintStream err) {
    this.args = args.clone();
    this.checkpoint = checkpoint;
    this.done = done;
    this.saved = done;
    this.total = total;
    this.err = err;
  }

  /** Registers the hook. */
  InterruptNotice install() {
    Runtime.getRuntime().addShutdownHook(hook);
    return this;
  }

  void stepDone(long steps) {
    done = steps;
  }

  /** The checkpoint now holds {@code steps} steps. */
  void saved(long steps) {
    saved = steps;
  }

  /** Training ended normally: nothing is printed any more. */
  @Override
  public void close() {
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs and sees closed
    }
  }

  private void print() {
    if (!closed) {
      err.println();
      err.println(message());
      err.flush();
    }
  }

  /** The text printed on interruption. */
  String message() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "fhe4j train: interrupted after %d of %d steps.",
        done, total));
    if (checkpoint == null) {
      s.append(" Nothing was saved; add --checkpoint DIR to make a run resumable.");
      return s.toString();
    }
    s.append(String.format(Locale.ROOT, "%nThe checkpoint %s holds %d steps%s. Resume with:%n  %s",
        checkpoint.toAbsolutePath(), saved, saved < done ? " (steps " + (saved + 1) + ".." + done + " are redone)" : "",
        resumeCommand()));
    return s.toString();
  }

  /** The command line that continues this run: the same jar and arguments. */
  String resumeCommand() {
    StringBuilder s = new StringBuilder("java -jar ").append(quote(jar())).append(" train");
    for (String a : args) {
      s.append(' ').append(quote(a));
    }
    return s.toString();
  }

  private static String jar() {
    try {
      var src = InterruptNotice.class.getProtectionDomain().getCodeSource();
      if (src != null) {
        Path p = Path.of(src.getLocation().toURI());
        if (p.getFileName() != null && p.getFileName().toString().endsWith(".jar")) {
          Path cwd = Path.of("").toAbsolutePath();
          return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        }
      }
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // fall back to the documented path
    }
    return "bench/target/fhe4j.jar";
  }

  static String quote(String a) {
    return SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'";
  }
}
