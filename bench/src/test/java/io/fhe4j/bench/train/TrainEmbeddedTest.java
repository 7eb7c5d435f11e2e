package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code train --embedded}: a short encrypted run on the MNIST subset shipped in the jar, with no
 * MNIST files and no network, prints which data it used and the decrypted model's test accuracy
 * at each evaluation point, equal to the plain replay's, and ends bit-identical. Tiny insecure
 * parameters (N = 2048).
 */
class TrainEmbeddedTest {
  @Test
  void trainsOnTheEmbeddedSubsetAndPrintsAccuracyAsItGoes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainCommand.run(new String[] {"--embedded", "--m", "4096", "--bits", "240", "--insecure",
        "--net", "49-8-10", "--res", "7", "--batch", "10", "--steps", "6", "--eval-every", "2", "--test", "500"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("data: embedded MNIST subset: 12,000 training / 2,000 test images"), text);
    Matcher m = Pattern.compile("step (\\d+)/6 \\(([\\d,]+) images, [^)]*\\): test accuracy ([\\d.]+) % \\(decrypted"
        + " model; FixedPointTrainer ([\\d.]+) %\\)").matcher(text);
    int points = 0;
    while (m.find()) {
      points++;
      assertEquals(2 * points, Integer.parseInt(m.group(1)), text);
      assertEquals(20 * points, Integer.parseInt(m.group(2).replace(",", "")), text);
      assertEquals(m.group(4), m.group(3), "decrypted and plain models agree at every point: " + text);
    }
    assertEquals(2, points, "evaluations after steps 2 and 4 (step 6 is the final table): " + text);
    assertTrue(text.matches("(?s).*test accuracy \\(decrypted model\\)\\s+[\\d.]+ % on 500 images.*"), text);
    assertTrue(text.matches("(?s).*weights bit-identical\\s+yes.*"), text);
  }

  @Test
  void embeddedExcludesDataAndDownload() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainCommand.run(new String[] {"--embedded", "--download"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--embedded"), err.toString(StandardCharsets.UTF_8));
  }
}
