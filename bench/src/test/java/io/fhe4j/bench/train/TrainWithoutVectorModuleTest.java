package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --steps 2} in a JVM without {@code --add-modules jdk.incubator.vector} (as from an IDE,
 * {@code mvn exec:java} or a plain {@code java -jar}): it finishes, loads no class of the module nor
 * fhe-core's vector kernels, and its decrypted weights are bit-identical to the plain fixed-point
 * trainer's, as with the module. Real MNIST (skipped without {@code MNIST_DIR}), tiny insecure parameters.
 */
class TrainWithoutVectorModuleTest {
  @TempDir
  Path dir;

  @Test
  void trainsWithoutTheModule() throws IOException, InterruptedException {
    assumeTrue(System.getenv("MNIST_DIR") != null, "MNIST_DIR not set");
    Path classLog = dir.resolve("classes.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xlog:class+load=info:file=" + classLog,
        "io.fhe4j.bench.Main", "train", "--steps", "2", "--m", "4096", "--bits", "240", "--insecure",
        "--net", "49-8-10", "--res", "7", "--batch", "10", "--test", "300"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "train timed out");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.matches("(?s).*weights bit-identical\\s+yes.*"), out);

    List<String> log = Files.readAllLines(classLog);
    assertTrue(log.stream().anyMatch(l -> l.contains("io.fhe4j.math.Ntt ")), "class-loading log missing");
    List<String> vector = log.stream().filter(l -> l.contains("jdk.incubator.vector") || l.contains("io.fhe4j.math.Vector"))
        .collect(Collectors.toList());
    assertEquals(List.of(), vector, "classes loaded without the module");
  }
}
