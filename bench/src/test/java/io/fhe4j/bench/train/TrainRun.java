package io.fhe4j.bench.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code train} command run in this JVM, its exit code and what it printed on standard output
 * and standard error (the tests' view of the command). Immutable.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
record TrainRun(int code, String out, String err) {
  /** Runs {@link TrainCommand#run} with {@code args}, capturing both streams. */
  static TrainRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new TrainRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
